"""The checks overview a planner works from: each check's answer and its "consultable until"
dates, searched, filtered and paged by index, and the same rows for a CSV export.

- **Values** are shown through the core's expiry rule at the moment of reading
  (:func:`precontract.fields.expire`): a value whose consultation window is over is never shown,
  even before the worker's next round clears it from the store; the row says it expired.
- **"Start not covered"** is the core's re-check rule (:func:`precontract.recheck.decide`) on the
  stored answer for the check's planned start: anything but ``keep``. The database narrows the
  rows to checks with a planned start that are not superseded; the rule is applied here, in id
  order, until the page is full.
- **Paging** is by keyset on ``checks.id`` (newest first; ``ix_checks_tenant_recent`` for a
  tenant): ``before`` gives the next (older) page, ``after`` the previous (newer) one, each page
  costs the same however many checks are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, expire
from precontract.identifiers import EnterpriseNumber
from precontract.recheck import Recheck, RecheckAction, decide
from precontract.timeutil import BRUSSELS
from precontract_ats.services.values import load_values
from precontract_ats.store.models import Check, Employer, RecheckItem, Tenant, WriteBack

__all__ = [
    "STATES",
    "Answer",
    "Filters",
    "OverviewPage",
    "OverviewRow",
    "overview_page",
    "overview_rows",
    "parse_filters",
]

STATES = (
    "starting",
    "needs_approval",
    "pending",
    "confirm_approver",
    "result",
    "refused",
    "expired",
    "cancelled",
    "revoked",
    "error",
    "superseded",
)
DEFAULT_SIZE = 50
MAX_SIZE = 200
_SCAN = 200  # rows read at a time while the core's rule filters "start not covered"


@dataclass(frozen=True)
class Filters:
    """What the planner asked for; ``tenant_ids`` is None for every tenant (a super-admin)."""

    q: str = ""
    tenant_ids: tuple[int, ...] | None = None
    tenant: int | None = None
    employer: str | None = None
    state: str | None = None
    checked_from: dt.date | None = None
    checked_to: dt.date | None = None
    start_from: dt.date | None = None
    start_to: dt.date | None = None
    not_covered: bool = False
    failing: bool = False  # a write-back to the ATS is failing
    size: int = DEFAULT_SIZE

    def query_string(self, **changes: Any) -> str:
        """These filters as the page's query string (for links to other pages and the export)."""
        from urllib.parse import urlencode

        values = {
            "q": self.q,
            "tenant": self.tenant,
            "employer": self.employer,
            "state": self.state,
            "checked_from": self.checked_from,
            "checked_to": self.checked_to,
            "start_from": self.start_from,
            "start_to": self.start_to,
            "not_covered": "1" if self.not_covered else None,
            "failing": "1" if self.failing else None,
            "size": self.size if self.size != DEFAULT_SIZE else None,
        }
        values.update(changes)
        return urlencode({k: str(v) for k, v in values.items() if v not in (None, "")})


class FilterError(ValueError):
    """A filter that cannot be read (a date, a number): ``field`` names it."""

    def __init__(self, field_name: str, value: str) -> None:
        super().__init__(f"{field_name}: {value!r}")
        self.field = field_name
        self.value = value


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FilterError(name, raw) from None


def parse_filters(params: Mapping[str, str], *, tenant_ids: Sequence[int] | None) -> Filters:
    """The filters of a request's query; :class:`FilterError` for one that cannot be read.

    ``tenant_ids`` are the tenants the administrator may see (None: all); a tenant outside them
    is not a filter but a refusal, left to the caller (it answers 404)."""
    tenant_raw = (params.get("tenant") or "").strip()
    size_raw = (params.get("size") or "").strip()
    employer_raw = (params.get("employer") or "").strip()
    state = (params.get("state") or "").strip() or None
    if state is not None and state not in STATES:
        raise FilterError("state", state)
    try:
        tenant = int(tenant_raw) if tenant_raw else None
    except ValueError:
        raise FilterError("tenant", tenant_raw) from None
    try:
        size = int(size_raw) if size_raw else DEFAULT_SIZE
    except ValueError:
        raise FilterError("size", size_raw) from None
    employer = None
    if employer_raw:
        try:
            employer = EnterpriseNumber.parse(employer_raw).compact
        except ValueError:
            raise FilterError("employer", employer_raw) from None
    return Filters(
        q=(params.get("q") or "").strip()[:200],
        tenant_ids=None if tenant_ids is None else tuple(tenant_ids),
        tenant=tenant,
        employer=employer,
        state=state,
        checked_from=_date(params, "checked_from"),
        checked_to=_date(params, "checked_to"),
        start_from=_date(params, "start_from"),
        start_to=_date(params, "start_to"),
        not_covered=params.get("not_covered") in ("1", "on", "true"),
        # ``show=failing``: the address the checks page had before the overview.
        failing=params.get("failing") in ("1", "on", "true") or params.get("show") == "failing",
        size=max(1, min(size, MAX_SIZE)),
    )


@dataclass(frozen=True)
class Answer:
    """One part of a check's answer (flexi-job or student hours) as it may be shown now."""

    shown: bool  # values are there and may still be consulted
    expired: bool  # there were values; their window is over (they are cleared)
    eligible: bool | None = None  # flexi
    period_start: dt.date | None = None  # flexi: the quarter
    period_end: dt.date | None = None
    hours: float | None = None  # student hours left
    year: int | None = None
    as_of: dt.datetime | None = None
    until: dt.date | None = None  # consultable until


@dataclass(frozen=True)
class OverviewRow:
    id: int
    token: str
    created_at: dt.datetime
    tenant_id: int
    tenant: str
    connection: str
    applicant: str
    candidate: str
    ssin: str | None  # masked
    employer: str
    status: str
    planned_start: dt.date | None
    flexi: Answer
    student: Answer
    decision: Recheck | None  # the core's rule for the planned start (None without one)
    recheck: str | None = None  # the last bulk re-check of this row: waiting, done, failed
    recheck_outcome: str | None = None

    @property
    def covered(self) -> bool | None:
        if self.decision is None:
            return None
        return self.decision.action is RecheckAction.KEEP


@dataclass(frozen=True)
class OverviewPage:
    rows: list[OverviewRow]
    filters: Filters
    older: int | None = None  # ``before`` of the next page, None on the last one
    newer: int | None = None  # ``after`` of the previous page, None on the first one
    extra: dict[str, Any] = field(default_factory=dict)


def _brussels_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=BRUSSELS).astimezone(dt.UTC)


def _query(filters: Filters) -> Select[Check]:
    query = select(Check).join(Tenant, Tenant.id == Check.tenant_id)
    if filters.tenant_ids is not None:
        query = query.where(Check.tenant_id.in_(filters.tenant_ids))
    if filters.tenant is not None:
        query = query.where(Check.tenant_id == filters.tenant)
    if filters.employer:
        query = query.where(Check.employer == filters.employer)
    if filters.state:
        query = query.where(Check.status == filters.state)
    if filters.q:
        pattern = "%" + filters.q.lower().replace("\\", "\\\\").replace("%", "\\%") + "%"
        pattern = pattern.replace("_", "\\_")
        query = query.where(
            or_(
                func.lower(Check.applicant_name).like(pattern, escape="\\"),
                func.lower(Check.candidate_ref).like(pattern, escape="\\"),
            )
        )
    if filters.checked_from:
        query = query.where(Check.created_at >= _brussels_start(filters.checked_from))
    if filters.checked_to:
        end = _brussels_start(filters.checked_to + dt.timedelta(days=1))
        query = query.where(Check.created_at < end)
    if filters.start_from:
        query = query.where(Check.planned_start >= filters.start_from)
    if filters.start_to:
        query = query.where(Check.planned_start <= filters.start_to)
    if filters.failing:
        failing = select(WriteBack.check_id).where(
            WriteBack.status == "pending", WriteBack.attempts > 0
        )
        query = query.where(Check.id.in_(failing))
    if filters.not_covered:
        # Only the database's part: the rule itself runs on each row (see the module's text).
        query = query.where(Check.planned_start.is_not(None), Check.status != "superseded")
    return query.options(joinedload(Check.tenant), joinedload(Check.connection))


def _answer(
    stored: Mapping[FieldKey, Any],
    shown: Mapping[FieldKey, Any],
    keys: tuple[FieldKey, ...],
    expired_mark: bool,
) -> Answer:
    present = any(shown.get(k) is not None for k in keys)
    had = any(stored.get(k) is not None for k in keys)
    if not present:
        return Answer(shown=False, expired=had or expired_mark)
    if keys is FLEXI_KEYS:
        return Answer(
            shown=True,
            expired=False,
            eligible=shown.get(FieldKey.FLEXI_ELIGIBLE),
            period_start=shown.get(FieldKey.FLEXI_PERIOD_START),
            period_end=shown.get(FieldKey.FLEXI_PERIOD_END),
            until=shown.get(FieldKey.FLEXI_CONSULTABLE_UNTIL),
        )
    hours = shown.get(FieldKey.STUDENT_HOURS_REMAINING)
    return Answer(
        shown=True,
        expired=False,
        hours=float(hours) if hours is not None else None,
        year=shown.get(FieldKey.STUDENT_YEAR),
        as_of=shown.get(FieldKey.STUDENT_AS_OF),
        until=shown.get(FieldKey.STUDENT_CONSULTABLE_UNTIL),
    )


def row_of(check: Check, now: dt.datetime, recheck: RecheckItem | None = None) -> OverviewRow:
    """A stored check as the overview shows it at ``now`` (values past their window left out)."""
    stored = load_values(check.values)
    shown = expire(stored, now).values
    marks = (check.notes or {}).get("expired") or {}
    decision = None
    if check.planned_start is not None and check.status != "superseded":
        decision = decide(stored, check.planned_start, now)
    return OverviewRow(
        id=check.id,
        token=check.token,
        created_at=check.created_at,
        tenant_id=check.tenant_id,
        tenant=check.tenant.name,
        connection=check.connection.name,
        applicant=check.applicant_name,
        candidate=check.candidate_ref,
        ssin=check.ssin_masked,
        employer=check.employer,
        status=check.status,
        planned_start=check.planned_start,
        flexi=_answer(stored, shown, FLEXI_KEYS, bool(marks.get("flexi"))),
        student=_answer(stored, shown, STUDENT_KEYS, bool(marks.get("student"))),
        decision=decision,
        recheck=recheck.status if recheck is not None else None,
        recheck_outcome=recheck.outcome if recheck is not None else None,
    )


def _last_rechecks(session: Session, check_ids: Sequence[int]) -> dict[int, RecheckItem]:
    if not check_ids:
        return {}
    latest = (
        select(func.max(RecheckItem.id))
        .where(RecheckItem.check_id.in_(check_ids))
        .group_by(RecheckItem.check_id)
    )
    items = session.scalars(select(RecheckItem).where(RecheckItem.id.in_(latest)))
    return {item.check_id: item for item in items}


def _matches(filters: Filters, row: OverviewRow) -> bool:
    return not filters.not_covered or row.covered is False


def _scan(
    session: Session,
    filters: Filters,
    now: dt.datetime,
    *,
    before: int | None,
    after: int | None,
    limit: int | None,
) -> Iterator[OverviewRow]:
    """Rows in keyset order (newest first; oldest first when paging back with ``after``)."""
    base = _query(filters)
    cursor_before, cursor_after = before, after
    batch = _SCAN if filters.not_covered else (limit or _SCAN)
    given = 0
    while True:
        query = base
        if cursor_after is not None:
            query = query.where(Check.id > cursor_after).order_by(Check.id.asc())
        else:
            if cursor_before is not None:
                query = query.where(Check.id < cursor_before)
            query = query.order_by(Check.id.desc())
        checks = list(session.scalars(query.limit(batch)).unique())
        if not checks:
            return
        rechecks = _last_rechecks(session, [c.id for c in checks])
        for check in checks:
            row = row_of(check, now, rechecks.get(check.id))
            if _matches(filters, row):
                yield row
                given += 1
                if limit is not None and given >= limit:
                    return
        if len(checks) < batch:
            return
        if cursor_after is not None:
            cursor_after = checks[-1].id
        else:
            cursor_before = checks[-1].id


def overview_page(
    session: Session,
    filters: Filters,
    now: dt.datetime,
    *,
    before: int | None = None,
    after: int | None = None,
) -> OverviewPage:
    """One page of rows, newest first, with the cursors of the pages around it."""
    size = filters.size
    if after is not None and before is None:
        rows = list(_scan(session, filters, now, before=None, after=after, limit=size + 1))
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        older = rows[-1].id if rows else None
        if rows and not any(_scan(session, filters, now, before=older, after=None, limit=1)):
            older = None
        return OverviewPage(rows, filters, older=older, newer=rows[0].id if more_newer else None)
    rows = list(_scan(session, filters, now, before=before, after=None, limit=size + 1))
    more_older = len(rows) > size
    rows = rows[:size]
    newer = None
    if (
        before is not None
        and rows
        and any(_scan(session, filters, now, before=None, after=rows[0].id, limit=1))
    ):
        newer = rows[0].id
    return OverviewPage(rows, filters, older=rows[-1].id if more_older else None, newer=newer)


def overview_rows(session: Session, filters: Filters, now: dt.datetime) -> Iterator[OverviewRow]:
    """Every row the filters select (all pages), read in batches, for the export."""
    yield from _scan(session, replace(filters), now, before=None, after=None, limit=None)


def employers_of(session: Session, tenant_ids: Sequence[int] | None) -> list[tuple[str, str]]:
    """(enterprise number, name) of the employers the filter can offer."""
    query = select(Employer.enterprise_number, Employer.name).join(
        Tenant, and_(Tenant.id == Employer.tenant_id, Tenant.archived_at.is_(None))
    )
    if tenant_ids is not None:
        query = query.where(Employer.tenant_id.in_(tenant_ids))
    seen: dict[str, str] = {}
    for number, name in session.execute(query.order_by(Employer.name)):
        seen.setdefault(number, name)
    return list(seen.items())
