"""The re-check rule: for a planned start, keep the stored answer, wait, or call (and which call)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from precontract.fields import FieldKey
from precontract.recheck import Part, RecheckAction, decide, quarter_of

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)  # 10:00 in Brussels, Q4 2026


def flexi(**extra: Any) -> dict[FieldKey, Any]:
    values: dict[FieldKey, Any] = {
        FieldKey.MANDATE_STATUS: "active",
        FieldKey.MANDATE_ID: "m-1",
        FieldKey.FLEXI_ELIGIBLE: True,
        FieldKey.FLEXI_PERIOD_START: dt.date(2026, 10, 1),
        FieldKey.FLEXI_PERIOD_END: dt.date(2026, 12, 31),
        FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28),
    }
    values.update(extra)
    return values


def student(as_of: dt.datetime = NOW - dt.timedelta(hours=2), **extra: Any) -> dict[FieldKey, Any]:
    values: dict[FieldKey, Any] = {
        FieldKey.MANDATE_STATUS: "active",
        FieldKey.MANDATE_ID: "m-2",
        FieldKey.STUDENT_HOURS_REMAINING: 412,
        FieldKey.STUDENT_YEAR: 2026,
        FieldKey.STUDENT_AS_OF: as_of,
        FieldKey.STUDENT_CONSULTABLE_UNTIL: dt.date(2027, 2, 28),
    }
    values.update(extra)
    return values


def test_an_answer_of_the_starts_quarter_still_consultable_is_kept() -> None:
    decision = decide(flexi(), dt.date(2026, 12, 20), NOW)
    assert decision.action is RecheckAction.KEEP
    assert not decision.action.calls
    assert "nothing to do" in decision.message("en")
    assert "niets te doen" in decision.message("nl")
    assert "rien à faire" in decision.message("fr")


def test_a_start_in_a_quarter_not_begun_waits_until_that_quarter() -> None:
    decision = decide(flexi(), dt.date(2027, 2, 3), NOW)
    assert decision.action is RecheckAction.LATER
    assert decision.recheck_from == dt.date(2027, 1, 1)
    assert decision.reasons == ("flexi_other_quarter",)
    assert "01/01/2027" in decision.message("fr")


def test_once_the_starts_quarter_began_an_old_quarters_answer_is_read_again() -> None:
    january = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
    values = flexi(**{FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2027, 1, 20)})
    decision = decide(values, dt.date(2027, 1, 11), january)
    assert decision.action is RecheckAction.READ
    assert decision.mandate_id == "m-1"
    assert "flexi_other_quarter" in decision.reasons


def test_an_ended_consultation_window_needs_a_new_request_not_a_read() -> None:
    after = dt.datetime(2026, 12, 29, 9, 0, tzinfo=dt.UTC)  # the day after consultable-until
    decision = decide(flexi(), dt.date(2026, 12, 30), after)
    assert decision.action is RecheckAction.REQUEST
    assert "flexi_window_over" in decision.reasons
    assert "nouvelle demande d'accès" in decision.message("fr")


def test_student_hours_are_trusted_one_day_by_default() -> None:
    fresh = decide(student(as_of=NOW - dt.timedelta(hours=23)), dt.date(2026, 12, 10), NOW)
    stale = decide(student(as_of=NOW - dt.timedelta(hours=25)), dt.date(2026, 12, 10), NOW)
    assert fresh.action is RecheckAction.KEEP
    assert stale.action is RecheckAction.READ
    assert stale.reasons == ("student_hours_stale", "mandate_active")
    week = decide(
        student(as_of=NOW - dt.timedelta(hours=25)),
        dt.date(2026, 12, 10),
        NOW,
        hours_max_age=dt.timedelta(days=7),
    )
    assert week.action is RecheckAction.KEEP


def test_student_hours_of_another_year_wait_for_that_year() -> None:
    decision = decide(student(), dt.date(2027, 1, 15), NOW)
    assert decision.action is RecheckAction.LATER
    assert decision.recheck_from == dt.date(2027, 1, 1)


def test_a_pending_request_is_polled_never_doubled() -> None:
    pending = {
        FieldKey.MANDATE_STATUS: "needs_approval",
        FieldKey.REQUEST_ID: "r-1",
        FieldKey.REQUEST_URL: "https://example.test/r-1",
        FieldKey.REQUEST_EXPIRES_AT: dt.datetime(2026, 12, 1, 22, 59, 59, tzinfo=dt.UTC),
    }
    decision = decide(pending, dt.date(2026, 12, 20), NOW)
    assert decision.action is RecheckAction.POLL
    assert decision.request_id == "r-1"
    # The next day the request can no longer be approved: a new one.
    tomorrow = decide(pending, dt.date(2026, 12, 20), NOW + dt.timedelta(days=1))
    assert tomorrow.action is RecheckAction.REQUEST


@pytest.mark.parametrize("status", ["refused", "revoked", "expired", "cancelled", None])
def test_without_an_active_mandate_a_new_request(status: str | None) -> None:
    stored = {FieldKey.MANDATE_STATUS: status} if status else {}
    decision = decide(stored, dt.date(2026, 12, 20), NOW)
    assert decision.action is RecheckAction.REQUEST
    assert decision.reasons[-1] == "no_active_mandate"


def test_the_parts_asked_for_decide_what_must_hold() -> None:
    # A flexi-only answer is kept for a flexi start; asked for student hours too, it is read.
    assert decide(flexi(), dt.date(2026, 12, 20), NOW).action is RecheckAction.KEEP
    both = decide(flexi(), dt.date(2026, 12, 20), NOW, parts=frozenset(Part))
    assert both.action is RecheckAction.READ
    assert "student_none" in both.reasons


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 6, 30), dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 12, 31), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ],
)
def test_quarters(day: dt.date, first: dt.date, last: dt.date) -> None:
    assert quarter_of(day) == (first, last)
