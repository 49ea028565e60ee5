"""``precontract.plugin.run_recheck``: a host's re-check before a planned start, against the
sandbox over HTTP, with the calls counted per endpoint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from precontract.audit import MemoryAuditSink
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.fields import FieldKey
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.plugin import run_check, run_recheck
from precontract.recheck import RecheckAction
from precontract.sandbox.personas import STUDENT_AND_FLEXI
from precontract.sandbox.server import SandboxServer
from precontract.timeutil import brussels_today

from .support import CountingTransport


class DictHost:
    """A host keeping each applicant's logical values in a dict (what an ATS or Odoo stores)."""

    def __init__(self, applicant: Applicant) -> None:
        self.applicant = applicant
        self.values: dict[FieldKey, Any] = {}
        self.writes = 0
        self.presented: list[CheckOutcome] = []

    def read_applicant(self, reference: str) -> Applicant:
        return self.applicant

    def read_state(self, reference: str) -> CheckState:
        return CheckState(
            request_id=self.values.get(FieldKey.REQUEST_ID),
            mandate_id=self.values.get(FieldKey.MANDATE_ID),
            ssin=self.applicant.ssin,
        )

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        return dict(self.values)

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        self.values.update(values)
        self.writes += 1

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        self.presented.append(outcome)


def host_with_answer(
    client: PrecontractClient, sandbox: SandboxServer, checker: EligibilityChecker
) -> DictHost:
    host = DictHost(
        Applicant(reference="a1", name="Yasmine El Amrani", ssin=Ssin.parse(STUDENT_AND_FLEXI.ssin))
    )
    first = run_check(host, "a1", checker)
    assert first.kind is OutcomeKind.NEEDS_APPROVAL
    assert first.request is not None
    sandbox.approve(first.request.request_id, STUDENT_AND_FLEXI.ssin)
    assert run_check(host, "a1", checker).kind is OutcomeKind.RESULT
    return host


def test_an_answer_that_holds_calls_nothing_and_a_stale_one_is_read_again(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
) -> None:
    checker = EligibilityChecker.from_client(client, audit=audit)
    host = host_with_answer(client, sandbox, checker)
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    transport.take()
    writes = host.writes

    kept = run_recheck(host, "a1", checker, planned_start=start)

    assert kept.decision.action is RecheckAction.KEEP
    assert kept.outcome is None
    assert transport.take() == {}
    assert host.writes == writes

    host.values[FieldKey.STUDENT_AS_OF] = sandbox.now() - dt.timedelta(days=2)
    read = run_recheck(host, "a1", checker, planned_start=start)

    assert read.decision.action is RecheckAction.READ
    assert read.outcome is not None
    assert read.outcome.kind is OutcomeKind.RESULT
    assert transport.take() == {"getMandate": 1, "precontractualData": 1}
    assert host.writes == writes + 1
    assert host.values[FieldKey.STUDENT_AS_OF] > sandbox.now() - dt.timedelta(hours=1)


def test_without_anything_stored_the_applicant_gets_one_request(
    client: PrecontractClient, transport: CountingTransport, audit: MemoryAuditSink
) -> None:
    checker = EligibilityChecker.from_client(client, audit=audit)
    host = DictHost(Applicant(reference="a2", name="Nora Claes", email="nora@example.test"))
    start = brussels_today(checker.clock()) + dt.timedelta(days=2)

    run = run_recheck(host, "a2", checker, planned_start=start)

    assert run.decision.action is RecheckAction.REQUEST
    assert run.outcome is not None
    assert run.outcome.kind is OutcomeKind.NEEDS_APPROVAL
    assert transport.take()["createAccessRequest"] == 1
    assert [o.kind for o in host.presented] == [OutcomeKind.NEEDS_APPROVAL]
    # Asked again at once: the request is pending, read, never doubled.
    again = run_recheck(host, "a2", checker, planned_start=start)
    assert again.decision.action is RecheckAction.POLL
    assert "createAccessRequest" not in transport.take()
