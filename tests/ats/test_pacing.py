"""Concurrency with manners (issue 11, point 4), counted at the sandbox and at the fake ATSs: a
429 from the social security pauses that REST account's work for its ``Retry-After`` on every
worker, an ATS's 429 pauses that connection only, and a pending request is polled every few
seconds at first, every few minutes later, and no more after its end of day."""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterator

import pytest

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract.timeutil import end_of_day
from precontract_ats.crypto import SecretBox
from precontract_ats.engine import Connector
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Check, Connection, Tenant

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import (
    accept_approver,
    checks,
    press_recruitee,
    recruitee_connection,
    tenant_on_sandbox,
    write_backs,
)
from .support import STATUS_CALL, TOKEN, MovableClock, SandboxCalls, Served


@pytest.fixture
def second_worker(
    connector: Connector, database: Database, box: SecretBox, clock: MovableClock
) -> Iterator[Connector]:
    """Another worker on the same database (its own name on the leases, its own REST clients)."""
    other = Connector(ConnectorSettings(database_url=database.url), database, box, clock=clock)
    assert other.owner != connector.owner
    try:
        yield other
    finally:
        other.close()


def _check_of(connector: Connector, connection_id: int) -> Check:
    [check] = [c for c in checks(connector) if c.connection_id == connection_id]
    assert check.request_id is not None
    return check


def test_a_429_from_social_security_pauses_that_rest_account_on_every_worker(
    db_backend: str,
    connector: Connector,
    second_worker: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("502", "Lucas Janssens", "lucas@example.test")
    # A second bureau with a REST account of its own, on the same ATS.
    other_tenant = tenant_on_sandbox(connector, sandbox)
    other_connection, other_key = recruitee_connection(connector, other_tenant, fake)
    start = clocks.clock.now
    press_recruitee(fake, served.url, recruitee_key, "501")
    paused_check = checks(connector)[-1]
    clocks.advance(dt.timedelta(minutes=1))
    press_recruitee(fake, served.url, other_key, "502")
    going_check = _check_of(connector, other_connection)
    assert paused_check.request_id is not None
    assert going_check.request_id is not None

    # The first poll of 501's request is answered 429, Retry-After 120 s (past the core's own
    # patience of 30 s, so it is not retried on the spot).
    sandbox.inject_fault("getAccessRequest", "status", status=429, retry_after=120, count=1)
    clocks.set(start + dt.timedelta(seconds=10))  # only 501's poll is due
    assert connector.run_once()["polled"] == 1
    with connector.db.session() as session:
        tenant = session.get(Tenant, paused_check.tenant_id)
        assert tenant is not None
        assert tenant.paused_until is not None
        assert tenant.paused_until == start + dt.timedelta(seconds=130)
    asked = sandbox_calls.of_request(paused_check.request_id)
    assert len(asked) == 1

    # During the pause both workers run every 5 s, the one that was not told first half of the
    # time: 501's bureau makes no call at all; the other bureau's request is polled each time.
    mark = len(sandbox_calls.calls)
    for step in range(12):
        clocks.set(start + dt.timedelta(seconds=70 + 5 * step))  # 70 … 125 s
        workers = (connector, second_worker) if step % 2 else (second_worker, connector)
        for worker in workers:
            worker.run_once()
    during = collections.Counter(path for _, path, _ in sandbox_calls.since(mark))
    # Beside them only the second worker's token for the other bureau, before its first call
    # (on SQLite the second worker waits: one worker at a time).
    tokens = {TOKEN: 1} if db_backend == "postgres" else {}
    assert during == {STATUS_CALL + going_check.request_id: 12, **tokens}

    # After Retry-After, 501's request is asked again, once.
    clocks.set(start + dt.timedelta(seconds=131))
    second_worker.run_once()
    connector.run_once()
    assert len(sandbox_calls.of_request(paused_check.request_id)) == 2


def test_an_ats_429_pauses_that_connection_only(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    busy = recruitee_fake
    other = RecruiteeFake()
    other.add_candidate("601", "Lucas Janssens", "lucas@example.test")
    with Served(other.app) as server:
        other.url = server.url
        other_connection, other_key = recruitee_connection(connector, tenant_id, other)
        start = clocks.clock.now
        press_recruitee(busy, served.url, recruitee_key, "501")
        press_recruitee(other, served.url, other_key, "601")
        busy_check = next(c for c in checks(connector) if c.connection_id != other_connection)

        # The busy ATS answers 429 and asks for 5 minutes: to the first call of each of the two
        # write-backs (the report's link, the fields), on their way at the same time.
        busy.fail("/", status=429, times=2, headers={"Retry-After": "300"})
        connector.run_once()
        assert len(busy.calls) == 2
        with connector.db.session() as session:
            paused = session.get(Connection, busy_check.connection_id)
            assert paused is not None
            assert paused.paused_until == start + dt.timedelta(seconds=300)
        # The pause is no failure: nothing counts towards parking.
        assert all(w.attempts == 0 for w in write_backs(connector) if w.status == "pending")
        other_link = other.field_values("601")["Goedkeuringslink"]
        assert other_link.startswith(sandbox.url)

        # Both applicants approve; during the pause the other connection gets its result.
        for check in checks(connector):
            assert check.request_id is not None
            sandbox.approve(check.request_id, personas.MARIA.ssin)
        calls_before = len(busy.calls)
        clocks.advance(dt.timedelta(seconds=10))
        connector.run_once()
        accept_approver(connector)  # the latest check: 601's
        for n in range(1, 6):
            clocks.set(start + dt.timedelta(seconds=10 + 50 * n))  # … 260 s
            connector.run_once()
        assert len(busy.calls) == calls_before  # not one call to the paused ATS
        assert other.field_values("601")["Komt in aanmerking voor flexi-job"] is True
        assert all(r["status"] == "completed" for r in other.reports.values())
        assert all(r["status"] == "sent" for r in busy.reports.values())

        # After Retry-After the busy ATS gets what waited, in one round.
        clocks.set(start + dt.timedelta(seconds=301))
        connector.run_once()
        # The fields as they stand now (the waiting write-backs merged into the newest) and the
        # report's link.
        fields = busy.field_values("501")
        assert fields["Status van de toegang"] == "Goedgekeurd door iemand — bevestig"
        [report] = busy.reports.values()
        assert set(report["urls"]) == {"cancel"}
        assert all(w.status in ("done", "superseded") for w in write_backs(connector))


def _schedule(created: dt.datetime, until: dt.datetime) -> list[dt.timedelta]:
    """The gaps between polls the docs promise (docs/connector.md): every 5 s for the first
    2 minutes, every 15 s until 15 minutes, every minute until an hour, then every 5 minutes;
    the last one just after the request's end of day."""
    gaps, at = [], created
    while at <= until:
        age = at - created
        if age < dt.timedelta(minutes=2):
            gap = dt.timedelta(seconds=5)
        elif age < dt.timedelta(minutes=15):
            gap = dt.timedelta(seconds=15)
        elif age < dt.timedelta(hours=1):
            gap = dt.timedelta(minutes=1)
        else:
            gap = dt.timedelta(minutes=5)
        gap = min(gap, until + dt.timedelta(seconds=1) - at)
        gaps.append(gap)
        at += gap
    return gaps


def test_polling_backs_off_and_stops_at_the_requests_end_of_day(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    start = clocks.clock.now  # 09:00 UTC, 10:00 in Brussels
    # One token for the day: every call counted below is a poll (a token the moved clock ended
    # would be renewed and its call repeated once).
    sandbox.set_token_lifetime(3 * 86400)
    press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    check = checks(connector)[-1]
    assert check.request_id is not None
    day_ends = end_of_day(start)  # 23:59:59 in Brussels, the sandbox's expiry of the request
    # The worker's clock jumps to each moment a poll is due (the sandbox's clock with it).
    while True:
        with connector.db.session() as session:
            due = session.get(Check, check.id)
            assert due is not None
            if due.next_poll_at is None:
                break
            clocks.set(due.next_poll_at)
        assert connector.run_once()["polled"] == 1
    polls = sandbox_calls.of_request(check.request_id)
    gaps = [b - a for a, b in zip([start, *polls], polls, strict=False)]
    assert gaps == _schedule(start, day_ends)
    assert gaps[0] == dt.timedelta(seconds=5)
    assert polls[-1] == day_ends + dt.timedelta(seconds=1)
    assert checks(connector)[-1].status == "expired"

    # The next days: not one call more.
    mark = len(sandbox_calls.calls)
    for days in (1, 2):
        clocks.set(start + dt.timedelta(days=days))
        connector.run_once()
    assert sandbox_calls.since(mark) == []
