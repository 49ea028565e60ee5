"""The outbox: what still has to reach an ATS, queued in the same transaction as the change it
carries, and delivered by the workers as separate jobs.

- **fields**: the values that changed (``None`` clears). A newer fields write-back of a check
  takes over an older one that is still waiting: the older is marked ``superseded`` and its values
  travel in the newer one (the newer value of a key wins), so a failing write never holds back a
  later one, and clearing values is never stuck behind anything;
- **report**: how the check stands (the ATS's report or partner result). A newer report of a
  check supersedes the older ones still waiting.

Clearing write-backs (a value's window ended) have priority 0 and are claimed first.
:func:`scrub_values` removes the values from the write-backs already delivered once their window
has ended, so the connector's database holds no value after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from precontract.fields import FieldKey
from precontract.i18n import normalise_language
from precontract_ats.ats.base import ReportKind
from precontract_ats.failures import said
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.store.models import Check, WriteBack
from precontract_ats.summary import score, summary

__all__ = [
    "CLEARING",
    "NORMAL",
    "last_report_kind",
    "queue_fields",
    "queue_report",
    "scrub_values",
]

CLEARING = 0
NORMAL = 1


def _waiting(session: Session, check: Check, kind: str, now: dt.datetime) -> list[WriteBack]:
    """Write-backs of ``check`` and ``kind`` still waiting and not on their way right now."""
    return list(
        session.scalars(
            select(WriteBack)
            .where(
                WriteBack.check_id == check.id,
                WriteBack.kind == kind,
                WriteBack.status.in_(("pending", "parked")),
                or_(WriteBack.lease_until.is_(None), WriteBack.lease_until < now),
            )
            .order_by(WriteBack.id)
            # Locked, so a worker claiming one of them at this moment either claims it first
            # (PostgreSQL re-reads its lease and leaves it out) or skips it (SKIP LOCKED):
            # a write-back on its way is never marked superseded and then delivered anyway.
            .with_for_update()
        )
    )


def queue_fields(
    session: Session,
    check: Check,
    values: Mapping[FieldKey, Any],
    now: dt.datetime,
    *,
    priority: int = NORMAL,
) -> WriteBack:
    """Queue ``values`` for the candidate's fields, taking over what an older one still carries."""
    merged: dict[FieldKey, Any] = {}
    attempts, error = 0, None
    for older in _waiting(session, check, "fields", now):
        merged.update(load_values(older.payload.get("values")))
        priority = min(priority, older.priority)
        # The same write with more in it: its failures count on (it is parked as soon).
        attempts, error = max(attempts, older.attempts), older.last_error or error
        older.status = "superseded"
        older.payload = {}
    merged.update(values)
    wb = WriteBack(
        check_id=check.id,
        kind="fields",
        payload={"values": dump_values(merged)},
        priority=priority,
        attempts=attempts,
        last_error=error,
        next_attempt_at=now,
    )
    session.add(wb)
    return wb


def queue_report(
    session: Session, check: Check, kind: ReportKind, now: dt.datetime, *, priority: int = NORMAL
) -> WriteBack | None:
    """Queue a report with the check's summary in the connection's language (a link once).

    A newer report supersedes the older ones still waiting; a :attr:`ReportKind.CLEARED` one
    (the window ended: the ATS's text and details are emptied) carries no status, so it leaves
    them in place but takes their text away (they are sent without the values)."""
    if kind is ReportKind.LINK and session.scalar(
        select(WriteBack.id).where(
            WriteBack.check_id == check.id,
            WriteBack.kind == "report",
            WriteBack.payload["kind"].as_string() == ReportKind.LINK.value,
        )
    ):
        return None
    lang = normalise_language(check.connection.language)
    values = load_values(check.values)
    error = (check.notes or {}).get("error")
    text = summary(values, lang) if not error else said(error, lang)
    mark = score(values, lang)
    for older in _waiting(session, check, "report", now):
        if kind is ReportKind.CLEARED:
            older.payload = {**older.payload, "summary": text, "score": mark}
            continue
        older.status = "superseded"
        older.payload = {}
        priority = min(priority, older.priority)
    wb = WriteBack(
        check_id=check.id,
        kind="report",
        payload={"kind": kind.value, "summary": text, "score": mark, "at": now.isoformat()},
        priority=priority,
        next_attempt_at=now,
    )
    session.add(wb)
    return wb


def last_report_kind(session: Session, check: Check) -> ReportKind | None:
    """The kind of the last report queued for ``check`` (what the ATS shows)."""
    payload = session.scalar(
        select(WriteBack.payload)
        .where(
            WriteBack.check_id == check.id,
            WriteBack.kind == "report",
            WriteBack.status.in_(("pending", "done", "parked")),
        )
        .order_by(WriteBack.id.desc())
        .limit(1)
    )
    if not payload or not payload.get("kind"):
        return None
    return ReportKind(payload["kind"])


def scrub_values(session: Session, check: Check) -> None:
    """Remove the values a check's delivered or superseded write-backs still carry (their window
    ended: the connector's database keeps no copy)."""
    for wb in session.scalars(
        select(WriteBack).where(
            WriteBack.check_id == check.id, WriteBack.status.in_(("done", "superseded"))
        )
    ):
        if wb.kind == "fields" and wb.payload.get("values"):
            wb.payload = {"values": {k: None for k in wb.payload["values"]}}
        elif wb.kind == "report" and (wb.payload.get("summary") or wb.payload.get("score")):
            wb.payload = {**wb.payload, "summary": "", "score": ""}
