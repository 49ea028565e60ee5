"""Bulk re-checks: the rows an administrator selected, queued for the workers
(:mod:`precontract_ats.engine.rechecking` runs each), and how far they got.

Queued are the selected checks the administrator may see that have a planned start and were not
replaced by a newer check; one row per candidate, and none for a check that already has a row
waiting (pressing twice does not queue twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from precontract_ats.store.models import Check, Recheck, RecheckItem

__all__ = ["Progress", "Queued", "enqueue", "progress", "still_running", "tenant_of"]

MAX_SELECTED = 1000  # one press; the overview's pages hold 200 at most


@dataclass(frozen=True)
class Queued:
    recheck_id: int | None
    queued: int
    skipped: int  # no planned start, replaced by a newer check, or already waiting


@dataclass(frozen=True)
class Progress:
    recheck_id: int
    total: int
    done: int
    waiting: int
    failed: int
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.waiting == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.recheck_id,
            "total": self.total,
            "done": self.done,
            "waiting": self.waiting,
            "failed": self.failed,
            "outcomes": dict(self.outcomes),
            "finished": self.finished,
        }


def enqueue(
    session: Session,
    check_ids: Sequence[int],
    *,
    tenant_ids: Sequence[int] | None,
    actor: str,
    now: dt.datetime,
) -> Queued:
    """Queue a bulk re-check of ``check_ids`` (those outside ``tenant_ids`` are ignored)."""
    wanted = sorted(set(check_ids))[:MAX_SELECTED]
    if not wanted:
        return Queued(None, 0, 0)
    query = select(Check).where(Check.id.in_(wanted))
    if tenant_ids is not None:
        query = query.where(Check.tenant_id.in_(tenant_ids))
    checks = list(session.scalars(query.order_by(Check.id.desc())))
    waiting = set(
        session.scalars(
            select(RecheckItem.check_id).where(
                RecheckItem.check_id.in_([c.id for c in checks]),
                RecheckItem.status == "waiting",
            )
        )
    )
    chosen: list[Check] = []
    candidates: set[tuple[int, str, str]] = set()
    for check in checks:
        who = (check.connection_id, check.candidate_ref, check.employer)
        if (
            check.planned_start is None
            or check.status == "superseded"
            or check.id in waiting
            or who in candidates
        ):
            continue
        candidates.add(who)
        chosen.append(check)
    skipped = len(wanted) - len(chosen)
    if not chosen:
        return Queued(None, 0, skipped)
    tenants = {c.tenant_id for c in chosen}
    recheck = Recheck(
        tenant_id=next(iter(tenants)) if len(tenants) == 1 else None, actor=actor[:200],
        created_at=now,
    )  # fmt: skip
    session.add(recheck)
    session.flush()
    for check in chosen:
        session.add(RecheckItem(recheck_id=recheck.id, check_id=check.id, next_attempt_at=now))
    session.flush()
    return Queued(recheck.id, len(chosen), skipped)


def progress(session: Session, recheck_id: int) -> Progress | None:
    recheck = session.get(Recheck, recheck_id)
    if recheck is None:
        return None
    rows = session.execute(
        select(RecheckItem.status, RecheckItem.outcome, func.count())
        .where(RecheckItem.recheck_id == recheck_id)
        .group_by(RecheckItem.status, RecheckItem.outcome)
    ).all()
    counts = {"done": 0, "waiting": 0, "failed": 0}
    outcomes: dict[str, int] = {}
    for status, outcome, count in rows:
        counts[status] = counts.get(status, 0) + int(count)
        if outcome:
            outcomes[outcome] = outcomes.get(outcome, 0) + int(count)
    return Progress(
        recheck_id=recheck_id,
        total=sum(counts.values()),
        done=counts["done"],
        waiting=counts["waiting"],
        failed=counts["failed"],
        outcomes=outcomes,
    )


def still_running(session: Session, actor: str) -> int | None:
    """The newest bulk re-check ``actor`` started that still has rows waiting (its progress is
    shown on the overview until it is done, wherever the administrator went meanwhile)."""
    found = session.scalar(
        select(Recheck.id)
        .join(RecheckItem, RecheckItem.recheck_id == Recheck.id)
        .where(Recheck.actor == actor[:200], RecheckItem.status == "waiting")
        .order_by(Recheck.id.desc())
        .limit(1)
    )
    return int(found) if found is not None else None


def tenant_of(session: Session, recheck_id: int) -> set[int]:
    """The tenants whose checks a bulk re-check holds (who may see its progress)."""
    return set(
        session.scalars(
            select(Check.tenant_id)
            .join(RecheckItem, RecheckItem.check_id == Check.id)
            .where(RecheckItem.recheck_id == recheck_id)
            .distinct()
        )
    )
