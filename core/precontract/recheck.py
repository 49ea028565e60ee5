"""The re-check rule: before a planned start, does the stored answer still hold, and if not, what
to do about it.

A host stores the logical values of its last check (:func:`precontract.fields.values_from_outcome`);
:func:`decide` reads them for one planned start and answers a :class:`Recheck`:

- ``KEEP`` — every part of the answer holds for the start: the flexi-job answer is of the start's
  quarter, the student hours are of the start's year and no older than ``hours_max_age``, and
  each part may still be consulted today. Nothing is called.
- ``LATER`` — what is stored holds for now, but the start lies in a quarter (or year) that has not
  begun: the NSSO can only answer for it from that day (``recheck_from``). Nothing is called.
- ``POLL`` — an access request is still pending (its day is not over): read where it stands,
  never create a second one.
- ``READ`` — an active mandate still covers what is needed: read the data again under it.
- ``REQUEST`` — no active mandate covers it (nothing stored, refused, expired, revoked, or a
  consultation window ended): look for a mandate and, without one, send a new access request
  to the applicant (the link goes to them by e-mail).

The student hours change whenever any employer declares hours in Dimona, so a stored balance is
only trusted for :data:`DEFAULT_HOURS_MAX_AGE` (one day) unless the host asks otherwise.

>>> import datetime as dt
>>> from precontract.fields import FieldKey
>>> now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
>>> stored = {FieldKey.MANDATE_STATUS: "active", FieldKey.MANDATE_ID: "m-1",
...           FieldKey.FLEXI_ELIGIBLE: True, FieldKey.FLEXI_PERIOD_START: dt.date(2026, 10, 1),
...           FieldKey.FLEXI_PERIOD_END: dt.date(2026, 12, 31),
...           FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28)}
>>> decide(stored, dt.date(2026, 12, 14), now).action.value
'keep'
>>> later = decide(stored, dt.date(2027, 1, 4), now)
>>> later.action.value, later.recheck_from
('later', datetime.date(2027, 1, 1))
>>> decide(stored, dt.date(2027, 1, 4), dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)).action.value
'request'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, MandateStatusValue, expire
from precontract.i18n import Language, translate
from precontract.timeutil import brussels_today

__all__ = ["DEFAULT_HOURS_MAX_AGE", "Part", "Recheck", "RecheckAction", "decide", "quarter_of"]

DEFAULT_HOURS_MAX_AGE = dt.timedelta(days=1)
"""How old a Student@work balance may be before a re-check reads it again. Any employer's Dimona
declaration changes it; a day keeps a bulk run before the week's starts from reading the same
balance twice while still catching last week's declarations."""


class RecheckAction(enum.StrEnum):
    KEEP = "keep"
    LATER = "later"
    POLL = "poll"
    READ = "read"
    REQUEST = "request"

    @property
    def calls(self) -> bool:
        """True when acting on it calls the social security."""
        return self in (RecheckAction.POLL, RecheckAction.READ, RecheckAction.REQUEST)


class Part(enum.StrEnum):
    FLEXI = "flexi"
    STUDENT = "student"


@dataclass(frozen=True, slots=True)
class Recheck:
    """The rule's answer for one applicant and planned start.

    ``reasons`` are stable codes (``flexi_other_quarter``, ``flexi_window_over``,
    ``student_other_year``, ``student_window_over``, ``student_hours_stale``, ``nothing_stored``,
    ``request_pending``, ``no_active_mandate``…); :meth:`message` says what to tell the recruiter.
    """

    action: RecheckAction
    planned_start: dt.date
    reasons: tuple[str, ...] = ()
    recheck_from: dt.date | None = None
    request_id: str | None = None
    mandate_id: str | None = None

    def message(self, lang: Language | str = "en") -> str:
        params = {
            "planned_start": _day(self.planned_start),
            "recheck_from": _day(self.recheck_from) if self.recheck_from else "",
        }
        return translate(f"recheck.{self.action.value}", lang, **params)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``day``'s calendar quarter (a flexi-job answer's period)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    next_start = (
        dt.date(day.year + 1, 1, 1) if first_month == 10 else dt.date(day.year, first_month + 3, 1)
    )
    return start, next_start - dt.timedelta(days=1)


def decide(
    stored: Mapping[FieldKey, Any],
    planned_start: dt.date,
    now: dt.datetime,
    *,
    parts: frozenset[Part] | None = None,
    hours_max_age: dt.timedelta = DEFAULT_HOURS_MAX_AGE,
) -> Recheck:
    """What to do for ``planned_start`` given the ``stored`` logical values, at ``now``.

    ``parts`` are the answers that matter (default: those the stored answer holds, or both when it
    holds none). Values whose consultation window has ended count as absent
    (:func:`precontract.fields.expire`): they may not be shown, let alone trusted.
    """
    values = expire(stored, now).values
    today = brussels_today(now)
    status = values.get(FieldKey.MANDATE_STATUS)
    request_id = values.get(FieldKey.REQUEST_ID)
    mandate_id = values.get(FieldKey.MANDATE_ID)
    held = {
        Part.FLEXI: any(values.get(k) is not None for k in FLEXI_KEYS),
        Part.STUDENT: any(values.get(k) is not None for k in STUDENT_KEYS),
    }
    wanted = parts or frozenset(p for p, has in held.items() if has) or frozenset(Part)

    reasons: list[str] = []
    later: list[dt.date] = []  # when a part can be answered for the start at the earliest
    missing = False  # a part must be read now
    for part in sorted(wanted):
        if not held[part]:
            expired_window = any(stored.get(k) is not None for k in _KEYS[part])
            reasons.append(f"{part.value}_window_over" if expired_window else f"{part.value}_none")
            missing = True
            continue
        if part is Part.FLEXI:
            start = values.get(FieldKey.FLEXI_PERIOD_START)
            end = values.get(FieldKey.FLEXI_PERIOD_END)
            if (
                isinstance(start, dt.date)
                and isinstance(end, dt.date)
                and start <= planned_start <= end
            ):
                continue
            reasons.append("flexi_other_quarter")
            quarter_start, _ = quarter_of(planned_start)
            if quarter_start > today:
                later.append(quarter_start)
            else:
                missing = True
        else:
            year = values.get(FieldKey.STUDENT_YEAR)
            if year != planned_start.year:
                reasons.append("student_other_year")
                year_start = dt.date(planned_start.year, 1, 1)
                if year_start > today:
                    later.append(year_start)
                else:
                    missing = True
                continue
            as_of = values.get(FieldKey.STUDENT_AS_OF)
            if not isinstance(as_of, dt.datetime) or now - as_of > hours_max_age:
                reasons.append("student_hours_stale")
                missing = True

    ids = {"request_id": request_id, "mandate_id": mandate_id}
    if not missing:
        if not later:
            return Recheck(RecheckAction.KEEP, planned_start, tuple(reasons), **ids)
        return Recheck(
            RecheckAction.LATER, planned_start, tuple(reasons), recheck_from=max(later), **ids
        )
    if status is None:
        reasons.append("nothing_stored")
    if status == MandateStatusValue.CONFIRM_APPROVER.value and request_id:
        # Approved, but someone of the employer must still accept who approved: never ask again.
        reasons.append("approver_to_confirm")
        return Recheck(RecheckAction.POLL, planned_start, tuple(reasons), **ids)
    if (
        status in (MandateStatusValue.NEEDS_APPROVAL.value, MandateStatusValue.PENDING.value)
        and request_id
    ):
        # expire() turned a request past its day into "expired": this one can still be approved.
        reasons.append("request_pending")
        return Recheck(RecheckAction.POLL, planned_start, tuple(reasons), **ids)
    if status == MandateStatusValue.ACTIVE.value and mandate_id and not _window_over(reasons):
        reasons.append("mandate_active")
        return Recheck(RecheckAction.READ, planned_start, tuple(reasons), **ids)
    reasons.append("no_active_mandate")
    return Recheck(RecheckAction.REQUEST, planned_start, tuple(reasons), **ids)


_KEYS = {Part.FLEXI: FLEXI_KEYS, Part.STUDENT: STUDENT_KEYS}


def _window_over(reasons: list[str]) -> bool:
    # A mandate's window for a data type never reopens: reading again cannot bring it back.
    return any(r.endswith("_window_over") for r in reasons)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
