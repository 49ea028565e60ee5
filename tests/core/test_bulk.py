"""The bulk runner against the sandbox over HTTP: exact calls, no doubled request, resume, 429s."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from precontract.audit import AuditAction, MemoryAuditSink
from precontract.bulk import BulkItem, BulkProgress, BulkResult, BulkRunner
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.fields import FieldKey
from precontract.identifiers import Ssin
from precontract.journal import Journal
from precontract.outcome import Applicant
from precontract.sandbox.server import SandboxServer
from precontract.testing import synthetic_ssins
from precontract.timeutil import brussels_today

from .support import CountingTransport


@dataclass
class Setting:
    """One test's sandbox, client (counting its calls), audit, journal and planned start."""

    sandbox: SandboxServer
    client: PrecontractClient
    transport: CountingTransport
    audit: MemoryAuditSink
    journal: Path
    start: dt.date

    def runner(self, concurrency: int = 4) -> BulkRunner:
        checker = EligibilityChecker.from_client(self.client, audit=self.audit)
        return BulkRunner.from_client(
            self.client, checker=checker, concurrency=concurrency, journal=Journal(self.journal)
        )

    def people(self, count: int) -> list[BulkItem]:
        return [
            BulkItem(
                Applicant(
                    reference=f"a{i}",
                    name=f"Applicant {i}",
                    email=f"a{i}@example.test",
                    ssin=Ssin.parse(n),
                ),
                self.start,
            )
            for i, n in enumerate(synthetic_ssins(count))
        ]

    def approve_first(self, people: list[BulkItem]) -> None:
        s = self.client.settings
        for item in people:
            request = self.client.mandates.create_access_request(
                requester=s.requester, employer=s.employer, ssin=item.applicant.ssin
            )
            self.sandbox.approve(request.request_id, item.applicant.ssin)

    def created(self) -> int:
        return sum(e.action is AuditAction.ACCESS_REQUEST_CREATED for e in self.audit.events)

    def consulted(self) -> int:
        return sum(
            e.action is AuditAction.CONSULTATION and e.result == "data" for e in self.audit.events
        )


@pytest.fixture
def bulk(
    sandbox: SandboxServer,
    client: PrecontractClient,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> Setting:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    return Setting(sandbox, client, transport, audit, tmp_path / "journal.jsonl", start)


def statuses(results: list[BulkResult]) -> Counter[str]:
    return Counter(r.status for r in results)


def test_a_first_run_reads_under_mandates_and_asks_the_others_once(bulk: Setting) -> None:
    people = bulk.people(12)
    bulk.approve_first(people[:3])
    bulk.transport.take()
    seen: list[BulkProgress] = []

    results = list(bulk.runner().run(people, on_progress=seen.append))

    assert statuses(results) == {"result": 3, "needs_approval": 9}
    assert sorted(r.item.applicant.reference for r in results) == sorted(
        i.applicant.reference for i in people
    )
    assert bulk.consulted() == 3
    assert bulk.created() == 9
    # Each applicant: the NISS's active mandates, then the data, or (none pending) a new request.
    assert bulk.transport.take() == {
        "listMandates": 12,
        "precontractualData": 3,
        "listAccessRequests": 9,
        "createAccessRequest": 9,
    }
    assert [p.done for p in seen] == list(range(13))
    assert seen[-1].called == 12
    assert seen[-1].by_status == {"result": 3, "needs_approval": 9}
    waiting = next(r for r in results if r.status == "needs_approval")
    reference = waiting.item.applicant.reference
    assert f"send the approval link to {reference}@example.test" in waiting.message("en")
    assert "stuur de goedkeuringslink naar" in waiting.message("nl")


def test_a_second_run_keeps_fresh_answers_and_polls_pending_requests(bulk: Setting) -> None:
    people = bulk.people(10)
    bulk.approve_first(people[:2])
    first = list(bulk.runner().run(people))
    assert statuses(first) == {"result": 2, "needs_approval": 8}
    for result in first:
        if result.item.applicant.reference in ("a5", "a6"):
            bulk.sandbox.approve(result.values[FieldKey.REQUEST_ID], result.item.applicant.ssin)
    bulk.transport.take()
    bulk.audit.events.clear()

    second = list(bulk.runner().run(people))

    assert statuses(second) == {"keep": 2, "result": 2, "pending": 6}
    assert bulk.created() == 0  # no second request where one is pending
    assert bulk.consulted() == 2  # only the two who approved since
    # Poll: the request, and for the approved ones their mandate and the data.
    assert bulk.transport.take() == {
        "getAccessRequest": 8,
        "getMandate": 2,
        "precontractualData": 2,
    }


def test_an_interrupted_run_resumes_without_repeating_anything(bulk: Setting) -> None:
    people = bulk.people(20)

    def stop_after_five(progress: BulkProgress) -> None:
        if progress.done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(bulk.runner().run(people, on_progress=stop_after_five))
    first_calls = bulk.transport.take()
    asked_first = bulk.created()
    # What was under way when interrupted finished and was journaled, not abandoned.
    assert asked_first >= 5
    assert first_calls == {
        "listMandates": asked_first,
        "listAccessRequests": asked_first,
        "createAccessRequest": asked_first,
    }

    after = list(bulk.runner().run(people))

    assert bulk.created() == 20  # each applicant asked exactly once over both runs
    assert sum(r.resumed for r in after) == asked_first
    assert {r.status for r in after} == {"needs_approval"}
    assert bulk.transport.take() == {
        "listMandates": 20 - asked_first,
        "listAccessRequests": 20 - asked_first,
        "createAccessRequest": 20 - asked_first,
    }
    # Finished: a third run starts from the stored answers (the pending requests are read).
    third = list(bulk.runner().run(people))
    assert not any(r.resumed for r in third)
    assert statuses(third) == {"pending": 20}
    assert bulk.created() == 20


def test_429s_hold_every_worker_and_lose_no_applicant(bulk: Setting) -> None:
    people = bulk.people(16)
    bulk.sandbox.inject_fault("createAccessRequest", "status", status=429, retry_after=1, count=3)
    runner = bulk.runner(concurrency=8)

    results = list(runner.run(people))

    assert statuses(results) == {"needs_approval": 16}
    assert bulk.created() == 16
    calls = bulk.transport.take()
    assert calls == {"listMandates": 16, "listAccessRequests": 16, "createAccessRequest": 16 + 3}
    assert runner.pause.holds >= 1
    assert bulk.sandbox.faults.list() == []  # the three 429s were all answered


def test_the_plan_lists_what_would_be_done_without_a_call_or_a_write(bulk: Setting) -> None:
    people = bulk.people(3)
    bulk.transport.take()
    plan = list(bulk.runner().plan(people))
    assert [d.action.value for _, d in plan] == ["request"] * 3
    assert bulk.transport.take() == {}
    assert not bulk.journal.exists()
