"""The queue inside one process: claims and leases, isolation of a failing item, clearing first,
the starting claim's grace, and an idle round whose cost does not grow with history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy import event, select

from precontract.config import RetryPolicy
from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, expire, next_expiry
from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.queue import (
    CALLS_PER_CHECK,
    WorkQueue,
    starting_grace,
    worst_case_call,
)
from precontract_ats.store.models import Check, WriteBack

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import (
    accept_approver,
    approve_latest,
    checks,
    only_check,
    press_recruitee,
    write_backs,
)
from .support import Served, csrf_of

FLEXI = "Komt in aanmerking voor flexi-job"


def _press(fake: RecruiteeFake, served: Served, key: str, candidate: str = "501") -> str:
    """The button pressed for ``candidate``; answers the Recruitee report's id."""
    press_recruitee(fake, served.url, key, candidate)
    return list(fake.reports)[-1]  # the report the press opened


def test_the_starting_claim_outlasts_the_cores_worst_case_with_its_defaults() -> None:
    worst = CALLS_PER_CHECK * worst_case_call(RetryPolicy(), connect=5.0, read=30.0)
    assert worst == 7 * (4 * 35 + 3 * 30)
    assert starting_grace() > dt.timedelta(seconds=worst)


def test_a_slow_start_is_not_taken_over_by_a_worker(
    connector: Connector, clocks: BothClocks, recruitee_key: str
) -> None:
    with connector.db.session() as session:
        job, _ = connector._store_check(
            session, 1, candidate_ref="501", applicant_name="Maria Abara", applicant_email=None,
            ssin=None, employer=None, context={}, actor=None, base_url=None,
        )  # fmt: skip
    clocks.advance(dt.timedelta(minutes=20))  # the web process is still waiting for its calls
    assert connector.run_once()["polled"] == 0
    clocks.advance(dt.timedelta(minutes=10))  # ... it died: a worker resumes the start, once
    assert connector.run_once()["polled"] == 1
    assert only_check(connector).request_id is not None
    assert job.id == only_check(connector).id


def test_a_claimed_check_is_not_claimed_again_until_its_lease_runs_out(
    db_backend: str, connector: Connector, clocks: BothClocks, recruitee_key: str
) -> None:
    with connector.db.session() as session:
        connector._store_check(
            session, 1, candidate_ref="501", applicant_name="", applicant_email=None,
            ssin=None, employer=None, context={}, actor=None, base_url=None,
        )  # fmt: skip
    now = clocks.advance(dt.timedelta(hours=1))
    one = WorkQueue(connector.db, "worker:a:1:x", lease=dt.timedelta(seconds=60))
    two = WorkQueue(connector.db, "worker:b:2:y", lease=dt.timedelta(seconds=60))
    with connector.db.session() as session:
        assert [c.lease_owner for c in one.claim_checks(session, now, 10)] == ["worker:a:1:x"]
    with connector.db.session() as session:
        assert two.claim_checks(session, now, 10) == []
    later = now + dt.timedelta(seconds=61)  # worker a died: its lease ran out
    with connector.db.session() as session:
        assert [c.lease_owner for c in two.claim_checks(session, later, 10)] == ["worker:b:2:y"]


@pytest.mark.parametrize("db_backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_on_postgresql_a_second_worker_skips_rows_another_is_claiming(
    db_backend: str, connector: Connector, clocks: BothClocks, recruitee_key: str
) -> None:
    """SKIP LOCKED: while one claim's transaction is open, another worker takes other rows."""
    for candidate in ("501", "502", "503", "504"):
        with connector.db.session() as session:
            connector._store_check(
                session, 1, candidate_ref=candidate, applicant_name="", applicant_email=None,
                ssin=None, employer=None, context={}, actor=None, base_url=None,
            )  # fmt: skip
    now = clocks.advance(dt.timedelta(hours=1))  # past the starting claims: all four are due
    db = connector.db
    one = WorkQueue(db, "worker:a:1:x", lease=dt.timedelta(seconds=60))
    two = WorkQueue(db, "worker:b:2:y", lease=dt.timedelta(seconds=60))
    with db.sessions() as first:
        taken = {c.id for c in one.claim_checks(first, now, 2)}  # not committed yet
        with db.session() as second:
            others = {c.id for c in two.claim_checks(second, now, 10)}
        first.commit()
    assert len(taken) == 2
    assert len(others) == 2
    assert not taken & others


def test_a_malformed_ats_answer_backs_off_that_write_back_only_and_parks_it(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("502", "Lucas Janssens", "lucas@example.test")
    _press(fake, served, recruitee_key, "501")
    _press(fake, served, recruitee_key, "502")
    broken = fake.candidates.pop("501")
    fake.candidates["501"] = None  # type: ignore[assignment]  # Recruitee answers {"candidate": null}
    counts = connector.run_once()
    assert counts["delivered"] == 3  # 502's fields and both report links
    assert fake.field_values("502")["Status van de toegang"] == "Wacht op goedkeuring"
    failing = [w for w in write_backs(connector) if w.status == "pending"]
    assert [(w.kind, w.attempts) for w in failing] == [("fields", 1)]
    assert "TypeError" in (failing[0].last_error or "") or "Attribute" in (
        failing[0].last_error or ""
    )
    for _ in range(connector.settings.max_failures):
        clocks.advance(dt.timedelta(hours=1))
        connector.run_once()
    parked = [w for w in write_backs(connector) if w.status == "parked"]
    assert [(w.kind, w.attempts) for w in parked] == [("fields", connector.settings.max_failures)]
    fake.candidates["501"] = broken
    connector.retry_now(parked[0].id)
    connector.run_once()
    assert fake.field_values("501")["Status van de toegang"] == "Wacht op goedkeuring"


def test_clearing_does_not_wait_behind_a_report_that_fails_forever(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    report_id = _press(fake, served, recruitee_key)
    approve_latest(connector, sandbox, clocks.tick, personas.MARIA.ssin)
    fake.fail("/api/p/", status=404, times=100_000)  # the report is gone at Recruitee
    accept_approver(connector)
    connector.run_once()
    assert fake.field_values("501")[FLEXI] is True
    assert fake.reports[report_id]["status"] == "sent"
    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))  # the flexi answer's window ended
    connector.run_once()
    assert fake.field_values("501")[FLEXI] is None
    check = only_check(connector)
    assert check.values is not None
    assert check.values["flexi_eligible"] is None


def test_the_report_and_the_stored_copies_lose_the_values_when_their_window_ends(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    report_id = _press(fake, served, recruitee_key)
    page_url = only_check(connector).context["page_url"]
    approve_latest(connector, sandbox, clocks.tick, personas.MARIA.ssin)
    accept_approver(connector)
    connector.run_once()
    assert fake.reports[report_id]["score"].startswith("Flexi: ja")
    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    assert fake.reports[report_id]["score"] == "650 u"  # the student hours are still shown
    clocks.set(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC))  # ... until their window ends too
    connector.run_once()
    assert fake.reports[report_id]["score"] == ""
    # Our own store keeps no copy: not in the check, not in the write-backs delivered.
    data = {k.value for k in (*FLEXI_KEYS, *STUDENT_KEYS)}
    for wb in write_backs(connector):
        assert wb.status == "done"
        assert not wb.payload.get("score")
        assert "uren" not in str(wb.payload.get("summary", ""))
        assert all(v is None for k, v in (wb.payload.get("values") or {}).items() if k in data)
    stored = only_check(connector).values or {}
    assert all(v is None for k, v in stored.items() if k in data)
    assert only_check(connector).expires_at is None  # nothing left to clear
    assert "Eligible" not in requests.get(f"{page_url}?lang=en", timeout=10).text


def test_next_expiry_is_the_first_moment_expire_clears_something() -> None:
    values = {
        FieldKey.FLEXI_ELIGIBLE: True,
        FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28),
        FieldKey.STUDENT_HOURS_REMAINING: 412,
        FieldKey.STUDENT_CONSULTABLE_UNTIL: dt.date(2027, 2, 28),
    }
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    moment = next_expiry(values, now)
    assert moment is not None
    assert not expire(values, moment - dt.timedelta(seconds=1)).changed
    assert expire(values, moment).cleared == {
        FieldKey.FLEXI_ELIGIBLE,
        FieldKey.FLEXI_CONSULTABLE_UNTIL,
    }
    assert next_expiry({}, now) is None


@pytest.fixture
def statements(connector: Connector) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(connector.db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(connector.db.engine, "before_cursor_execute", count)


def _finished(connector: Connector, count: int, clocks: BothClocks) -> None:
    now = clocks.clock.now
    rows = [
        {
            "token": f"t{n}-{count}",
            "tenant_id": 1,
            "connection_id": 1,
            "employer": "0403019261",
            "candidate_ref": str(n),
            "applicant_name": "",
            "applicant_language": "nl",
            "context": {},
            "status": "result",
            "failures": 0,
            "values": {"flexi_eligible": True, "flexi_consultable_until": "2026-12-28"},
            "expires_at": dt.datetime(2026, 12, 29, tzinfo=dt.UTC),
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    with connector.db.session() as session:
        session.execute(sa.insert(Check), rows)


def test_an_idle_round_costs_the_same_with_ten_times_more_finished_checks(
    db_backend: str,
    connector: Connector,
    clocks: BothClocks,
    recruitee_key: str,
    statements: list[str],
) -> None:
    _finished(connector, 100, clocks)
    connector.run_once()
    statements.clear()
    connector.run_once()
    small = len(statements)
    _finished(connector, 900, clocks)
    statements.clear()
    connector.run_once()
    assert len(statements) == small
    assert len(checks(connector)) == 1000
    with connector.db.session() as session:
        assert session.scalar(select(sa.func.count()).select_from(WriteBack)) == 0


def test_an_operator_sees_parked_work_with_its_error_and_retries_or_drops_it(
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    admin_session: requests.Session,
    sandbox: SandboxServer,
) -> None:
    fake, sandbox_url = recruitee_fake, sandbox.url
    report_id = _press(fake, served, recruitee_key)
    fake.fail("/c/", status=422, times=100_000)  # Recruitee refuses the fields
    fake.fail("/api/p/", status=404, times=100_000)  # ... and the report is gone
    for _ in range(connector.settings.max_failures):
        connector.run_once()
        clocks.advance(dt.timedelta(minutes=35))  # past each back-off (at most 32 min)
    page = admin_session.get(f"{served.url}/admin/parked?lang=en").text
    assert "Maria Abara" in page
    assert page.count("8 failures") == 2
    assert "Recruitee did not accept what the connector sent (error 422)." in page
    assert "Recruitee no longer knows the record the connector works on (error 404)" in page
    forms = re.findall(r'action="(/admin/parked/write-back/(\d+)/(retry|drop))"', page)
    assert len(forms) == 4
    fake.clear_faults()
    parked = {w.kind: w.id for w in write_backs(connector) if w.status == "parked"}
    fields, report = parked["fields"], parked["report"]
    csrf = csrf_of(page)
    admin_session.post(
        f"{served.url}/admin/parked/write-back/{fields}/retry", data={"csrf_token": csrf}
    )
    done = admin_session.post(
        f"{served.url}/admin/parked/write-back/{report}/drop", data={"csrf_token": csrf}
    )
    assert "It was dropped." in done.text
    connector.run_once()
    assert fake.field_values("501")["Goedkeuringslink"].startswith(sandbox_url)
    assert "urls" not in fake.reports[report_id] or not fake.reports[report_id]["urls"].get(
        "cancel"
    )
    statuses = {w.id: w.status for w in write_backs(connector)}
    assert (statuses[fields], statuses[report]) == ("done", "dropped")
    assert "Nothing is parked" in admin_session.get(f"{served.url}/admin/parked?lang=en").text
