"""A poll that changes nothing but the check's next turn (the applicant has not approved yet: most
polls) is recorded by one fenced statement, and the row it leaves is the row the full record
leaves: same next turn, same "checked at", the NISS not encrypted anew, a failure streak reset
only by the full record, nothing recorded once the lease is someone else's."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select, update

from precontract.identifiers import Ssin
from precontract.sandbox import personas
from precontract_ats.engine import Connector
from precontract_ats.engine.outcomes import Outcomes
from precontract_ats.queue import WorkQueue
from precontract_ats.store.models import Check

from .conftest import BothClocks
from .journey import only_check
from .support import SandboxCalls

_SKIPPED = {"updated_at"}  # the database's own moment of the write, not the connector's clock


def _row(connector: Connector) -> dict[str, Any]:
    with connector.db.session() as session:
        check = session.scalars(select(Check)).one()
        return {
            column.key: getattr(check, column.key)
            for column in Check.__table__.columns
            if column.key not in _SKIPPED
        }


def _pending_check(connector: Connector, clocks: BothClocks, ssin: Ssin | None) -> None:
    """A started check whose request the applicant has opened but not approved (``pending``)."""
    with connector.db.session() as session:
        job, _ = connector._store_check(
            session, 1, candidate_ref="501", applicant_name="Maria Abara", applicant_email=None,
            ssin=ssin, employer=None, context={}, actor=None, base_url=None,
        )  # fmt: skip
    assert connector.run_job(job) == "needs_approval"  # the start's own run: the request
    clocks.tick()
    assert connector.run_once()["polled"] == 1
    assert only_check(connector).status == "pending"


class _Spy:
    """Which way :meth:`Outcomes._record` went, and the statements it sent."""

    def __init__(self, connector: Connector, monkeypatch: pytest.MonkeyPatch, *, quiet: bool):
        self.taken: list[bool] = []
        self.statements: list[str] = []
        self.recording = False
        quiet_poll, record = Outcomes._record_quiet_poll, Outcomes._record

        def record_quiet_poll(outcomes: Outcomes, *args: Any) -> bool:
            answer = quiet_poll(outcomes, *args) if quiet else False
            self.taken.append(answer)
            return answer

        def recording(outcomes: Outcomes, *args: Any) -> str:
            self.recording = True
            try:
                return record(outcomes, *args)
            finally:
                self.recording = False

        monkeypatch.setattr(Outcomes, "_record_quiet_poll", record_quiet_poll)
        monkeypatch.setattr(Outcomes, "_record", recording)
        event.listen(connector.db.engine, "before_cursor_execute", self._statement)
        self.engine = connector.db.engine

    def _statement(self, *args: Any) -> None:
        if self.recording and not str(args[2]).startswith("BEGIN"):  # SQLite's, on its own
            self.statements.append(" ".join(str(args[2]).split()[:2]))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)


@pytest.mark.parametrize("with_ssin", [False, True], ids=["no NISS", "NISS"])
def test_a_quiet_poll_leaves_the_row_the_full_record_leaves(
    db_backend: str,
    connector: Connector,
    clocks: BothClocks,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
    monkeypatch: pytest.MonkeyPatch,
    with_ssin: bool,
) -> None:
    _pending_check(connector, clocks, personas.MARIA.ssin if with_ssin else None)
    clocks.tick()
    before = _row(connector)

    spy = _Spy(connector, monkeypatch, quiet=True)
    assert connector.run_once()["polled"] == 1
    spy.close()
    quiet = _row(connector)
    assert spy.taken == [True]
    # One statement for the whole record: the row is not read again, no flush.
    assert spy.statements == ["UPDATE checks"]

    # The same poll again from the same row, on the same clock, through the full record.
    with connector.db.session() as session:
        session.execute(update(Check).values(**{k: v for k, v in before.items() if k != "id"}))
    spy = _Spy(connector, monkeypatch, quiet=False)
    assert connector.run_once()["polled"] == 1
    spy.close()
    assert spy.taken == [False]
    assert spy.statements[0] == "SELECT checks.id,"  # the full record reads the row, locked
    full = _row(connector)

    assert quiet == full
    assert quiet["next_poll_at"] > before["next_poll_at"]
    assert quiet["values"]["checked_at"] > before["values"]["checked_at"]
    assert (quiet["lease_owner"], quiet["lease_until"]) == (None, None)
    # The NISS is not encrypted anew on every poll (the stored cipher text stays as it was).
    assert quiet["ssin_enc"] == before["ssin_enc"]
    request_id = quiet["request_id"]
    assert request_id is not None
    assert len(sandbox_calls.of_request(request_id)) == 3  # the first poll, then one each way


def test_a_poll_after_a_failure_is_recorded_in_full_and_resets_the_streak(
    db_backend: str,
    connector: Connector,
    clocks: BothClocks,
    recruitee_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pending_check(connector, clocks, None)
    with connector.db.session() as session:
        session.execute(update(Check).values(failures=2, last_failure="connector.error.timeout"))
    clocks.tick()
    spy = _Spy(connector, monkeypatch, quiet=True)
    assert connector.run_once()["polled"] == 1
    spy.close()
    assert spy.taken == [False]
    check = only_check(connector)
    assert (check.failures, check.last_failure, check.status) == (0, None, "pending")


def test_a_quiet_poll_whose_lease_was_taken_over_records_nothing(
    db_backend: str,
    connector: Connector,
    clocks: BothClocks,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    _pending_check(connector, clocks, None)
    now = clocks.tick()
    queue = WorkQueue(connector.db, "worker:a:1:x", lease=connector.lease)
    with connector.db.session() as session:
        (check,) = queue.claim_checks(session, now, 10)
        job = connector.job_of(check, queue.owner)
    with connector.db.session() as session:  # a stalled worker's lease went to another one
        session.execute(update(Check).values(lease_owner="worker:b:2:y"))
    before = _row(connector)
    assert before["request_id"] is not None
    asked = len(sandbox_calls.of_request(before["request_id"]))

    assert connector.run_job(job) == "pending"
    assert len(sandbox_calls.of_request(before["request_id"])) == asked + 1  # it was asked ...
    assert _row(connector) == before  # ... and nothing of it recorded
