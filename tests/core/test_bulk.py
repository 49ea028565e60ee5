"""The bulk runner against the sandbox over HTTP: exact calls, no doubled request, resume, 429s."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from precontract.audit import AuditAction, MemoryAuditSink
from precontract.bulk import BulkItem, BulkProgress, BulkResult, BulkRunner
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.fields import FieldKey
from precontract.http import RequestsTransport
from precontract.identifiers import Ssin
from precontract.journal import Journal
from precontract.outcome import Applicant
from precontract.sandbox.faults import ENDPOINTS
from precontract.sandbox.server import SandboxServer
from precontract.testing import sandbox_settings, synthetic_ssins
from precontract.timeutil import brussels_today


class CountingTransport(RequestsTransport):
    """The pooled transport, counting calls per sandbox endpoint (thread-safe)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, *, timeout: tuple[float, float]) -> Any:
        path = "/REST" + (request.path_url.split("/REST", 1)[1].split("?")[0])
        name = next(
            (n for n, (m, p) in ENDPOINTS.items() if m == request.method and p.match(path)),
            "other",
        )
        with self._lock:
            self.calls[name] += 1
        return super().send(request, timeout=timeout)

    def take(self) -> Counter[str]:
        with self._lock:
            calls, self.calls = self.calls, Counter()
        calls.pop("token", None)
        return calls


@pytest.fixture
def transport() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
def client(sandbox: SandboxServer, transport: CountingTransport) -> Iterator[PrecontractClient]:
    with PrecontractClient(sandbox_settings(sandbox), transport=transport) as c:
        yield c


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


def runner(
    client: PrecontractClient, audit: MemoryAuditSink, journal: Path, concurrency: int = 4
) -> BulkRunner:
    checker = EligibilityChecker.from_client(client, audit=audit)
    return BulkRunner.from_client(
        client, checker=checker, concurrency=concurrency, journal=Journal(journal)
    )


def items(count: int, start: dt.date) -> list[BulkItem]:
    return [
        BulkItem(
            Applicant(
                reference=f"a{i}",
                name=f"Applicant {i}",
                email=f"a{i}@example.test",
                ssin=Ssin.parse(n),
            ),
            start,
        )
        for i, n in enumerate(synthetic_ssins(count))
    ]


def approve_first(
    client: PrecontractClient, sandbox: SandboxServer, people: list[BulkItem]
) -> None:
    s = client.settings
    for item in people:
        request = client.mandates.create_access_request(
            requester=s.requester, employer=s.employer, ssin=item.applicant.ssin
        )
        sandbox.approve(request.request_id, item.applicant.ssin)


def created(audit: MemoryAuditSink) -> int:
    return sum(e.action is AuditAction.ACCESS_REQUEST_CREATED for e in audit.events)


def consulted(audit: MemoryAuditSink) -> int:
    return sum(e.action is AuditAction.CONSULTATION and e.result == "data" for e in audit.events)


def statuses(results: list[BulkResult]) -> Counter[str]:
    return Counter(r.status for r in results)


def test_a_first_run_reads_under_mandates_and_asks_the_others_once(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> None:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    people = items(12, start)
    approve_first(client, sandbox, people[:3])
    transport.take()
    seen: list[BulkProgress] = []

    results = list(runner(client, audit, tmp_path / "j.jsonl").run(people, on_progress=seen.append))

    assert statuses(results) == {"result": 3, "needs_approval": 9}
    assert sorted(r.item.applicant.reference for r in results) == sorted(
        i.applicant.reference for i in people
    )
    assert consulted(audit) == 3
    assert created(audit) == 9
    # Each applicant: the NISS's active mandates, then the data, or (none pending) a new request.
    assert transport.take() == {
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


def test_a_second_run_keeps_fresh_answers_and_polls_pending_requests(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> None:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    people = items(10, start)
    approve_first(client, sandbox, people[:2])
    journal = tmp_path / "j.jsonl"
    first = list(runner(client, audit, journal).run(people))
    assert statuses(first) == {"result": 2, "needs_approval": 8}
    for result in first:
        if result.item.applicant.reference in ("a5", "a6"):
            sandbox.approve(result.values[FieldKey.REQUEST_ID], result.item.applicant.ssin)
    transport.take()
    audit.events.clear()

    second = list(runner(client, audit, journal).run(people))

    assert statuses(second) == {"keep": 2, "result": 2, "pending": 6}
    assert created(audit) == 0  # no second request where one is pending
    assert consulted(audit) == 2  # only the two who approved since
    # Poll: the request, and for the approved ones their mandate and the data.
    assert transport.take() == {"getAccessRequest": 8, "getMandate": 2, "precontractualData": 2}


def test_an_interrupted_run_resumes_without_repeating_anything(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> None:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    people = items(20, start)
    journal = tmp_path / "j.jsonl"

    def stop_after_five(progress: BulkProgress) -> None:
        if progress.done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(runner(client, audit, journal).run(people, on_progress=stop_after_five))
    first_calls = transport.take()
    asked_first = created(audit)
    # What was under way when interrupted finished and was journaled, not abandoned.
    assert asked_first >= 5
    assert first_calls == {
        "listMandates": asked_first,
        "listAccessRequests": asked_first,
        "createAccessRequest": asked_first,
    }

    after = list(runner(client, audit, journal).run(people))

    assert created(audit) == 20  # each applicant asked exactly once over both runs
    assert sum(r.resumed for r in after) == asked_first
    assert {r.status for r in after} == {"needs_approval"}
    assert transport.take() == {
        "listMandates": 20 - asked_first,
        "listAccessRequests": 20 - asked_first,
        "createAccessRequest": 20 - asked_first,
    }
    # Finished: a third run starts from the stored answers (the pending requests are read).
    third = list(runner(client, audit, journal).run(people))
    assert not any(r.resumed for r in third)
    assert statuses(third) == {"pending": 20}
    assert created(audit) == 20


def test_429s_hold_every_worker_and_lose_no_applicant(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> None:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    people = items(16, start)
    sandbox.inject_fault("createAccessRequest", "status", status=429, retry_after=1, count=3)
    bulk = runner(client, audit, tmp_path / "j.jsonl", concurrency=8)

    results = list(bulk.run(people))

    assert statuses(results) == {"needs_approval": 16}
    assert created(audit) == 16
    calls = transport.take()
    assert calls == {"listMandates": 16, "listAccessRequests": 16, "createAccessRequest": 16 + 3}
    assert bulk.pause.holds >= 1
    assert sandbox.faults.list() == []  # the three 429s were all answered


def test_the_plan_lists_what_would_be_done_without_a_call_or_a_write(
    client: PrecontractClient,
    sandbox: SandboxServer,
    transport: CountingTransport,
    audit: MemoryAuditSink,
    tmp_path: Path,
) -> None:
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    people = items(3, start)
    journal = tmp_path / "j.jsonl"
    transport.take()
    plan = list(runner(client, audit, journal).plan(people))
    assert [d.action.value for _, d in plan] == ["request"] * 3
    assert transport.take() == {}
    assert not journal.exists()
