"""No duplicate requests (issue 10, point 2) and who pressed the button (point 4), in the core,
so every host gets them: against the sandbox over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from precontract.api.profile import AccessRequestStatus
from precontract.audit import AuditAction, MemoryAuditSink
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.outcome import Applicant, CheckState, OutcomeKind
from precontract.sandbox import personas

EMMA = personas.STUDENT_FEW_HOURS.ssin


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
def checker(
    sandbox_client: PrecontractClient, audit: MemoryAuditSink, sandbox: Any
) -> EligibilityChecker:
    return EligibilityChecker.from_client(sandbox_client, audit=audit, clock=sandbox.now)


def created(audit: MemoryAuditSink) -> int:
    return sum(e.action is AuditAction.ACCESS_REQUEST_CREATED for e in audit.events)


def test_a_host_that_lost_its_state_gets_the_pending_request_again(
    checker: EligibilityChecker, audit: MemoryAuditSink
) -> None:
    emma = Applicant(reference="cand-7", ssin=EMMA)
    first = checker.check(emma)
    again = checker.check(emma)  # no state given back
    assert again.kind is OutcomeKind.PENDING
    assert again.request_id == first.request_id
    assert again.approval_url == first.approval_url
    assert created(audit) == 1


def test_without_a_niss_the_reference_finds_the_pending_request(
    checker: EligibilityChecker, audit: MemoryAuditSink
) -> None:
    first = checker.check(Applicant(reference="cand-7"))
    again = checker.check(Applicant(reference="cand-7"))
    assert again.kind is OutcomeKind.PENDING
    assert again.request_id == first.request_id
    other = checker.check(Applicant(reference="cand-8"))
    assert other.kind is OutcomeKind.NEEDS_APPROVAL
    # A request bound to no one is not reused for an applicant whose NISS is known now.
    bound = checker.check(Applicant(reference="cand-7", ssin=EMMA))
    assert bound.kind is OutcomeKind.NEEDS_APPROVAL
    assert created(audit) == 3


def test_reuse_can_be_switched_off_and_a_new_request_cancels_the_pending_one(
    checker: EligibilityChecker, audit: MemoryAuditSink, sandbox_client: PrecontractClient
) -> None:
    first = checker.check(Applicant(reference="cli"))
    second = checker.check(Applicant(reference="cli"), reuse_pending=False)
    assert second.request_id != first.request_id
    emma = Applicant(reference="cand-7", ssin=EMMA)
    waiting = checker.check(emma)
    fresh = checker.check(emma, new_request=True)  # no state: the pending one is found
    assert fresh.request_id != waiting.request_id
    old = sandbox_client.mandates.get_access_request(waiting.request_id or "")
    assert old.status is AccessRequestStatus.CANCELLED
    assert created(audit) == 4
    assert sum(e.action is AuditAction.ACCESS_REQUEST_CANCELLED for e in audit.events) == 1


def test_every_request_and_consultation_names_the_actor_and_its_ids(
    checker: EligibilityChecker, audit: MemoryAuditSink, sandbox: Any
) -> None:
    emma = Applicant(reference="cand-7", ssin=EMMA)
    first = checker.check(emma, actor="roos@pokebowl.example")
    sandbox.approve(first.request_id, EMMA.compact)
    result = checker.check(emma, state=first.state, actor="an@pokebowl.example")
    assert result.kind is OutcomeKind.RESULT
    again = checker.check(emma, state=result.state, actor="jan@pokebowl.example")
    assert again.kind is OutcomeKind.RESULT
    assert [(e.action, e.actor, e.request_id, e.mandate_id) for e in audit.events] == [
        (
            AuditAction.ACCESS_REQUEST_CREATED,
            "roos@pokebowl.example",
            first.request_id,
            None,  # no mandate yet
        ),
        (AuditAction.CONSULTATION, "an@pokebowl.example", first.request_id, result.mandate_id),
        (AuditAction.CONSULTATION, "jan@pokebowl.example", first.request_id, result.mandate_id),
    ]
    assert CheckState(request_id=first.request_id, mandate_id=result.mandate_id, ssin=EMMA) == (
        result.state
    )
