"""The work queue on the connector's own database: who may work on what, and for how long.

Work is **claimed with a lease**: a row (a check to follow, a write-back to deliver) is due when
its time has come and nobody holds an unexpired lease on it. A worker claims a batch in one short
transaction — on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED``, so concurrent workers never wait
for each other nor take the same row — writes its name and ``lease_until`` into those rows, and
commits. It renews its leases while it works (:meth:`WorkQueue.renew`); every result it records
checks that the lease is still its own (a fence: a worker that stalled past its lease and lost the
row to another records nothing). A worker killed mid-flight simply stops renewing: its leases run
out and another worker claims the rows again.

On SQLite only one worker may run at a time (SQLite has no row locks; it locks the whole file):
:meth:`WorkQueue.hold_singleton` takes the ``sqlite-worker`` row of ``worker_leases`` and a second
worker waits until that lease is free (renewed by the living worker, expired for a dead one).

Due work is found by index — ``checks.next_poll_at``, ``checks.expires_at``,
``write_backs(status, next_attempt_at)``, ``recheck_items(status, next_attempt_at)`` — in batches, so a round costs the same whatever the
number of finished checks kept.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from collections.abc import Sequence

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased, contains_eager, joinedload
from sqlalchemy.sql.elements import ColumnElement

from precontract.config import RetryPolicy, Settings
from precontract_ats.store.database import Database
from precontract_ats.store.models import (
    Check,
    Connection,
    RecheckItem,
    Tenant,
    WorkerLease,
    WriteBack,
)

__all__ = [
    "CALLS_PER_CHECK",
    "WorkQueue",
    "failure_delay",
    "new_owner",
    "paused_until",
    "starting_grace",
    "worst_case_call",
]

SQLITE_WORKER = "sqlite-worker"
FOLLOWED = ("starting", "needs_approval", "pending")  # the statuses a worker polls
_WRITE_BACK_CLAIMS = 0x70637762  # the advisory lock of write-back claims ("pcwb" in ASCII)

#: The most calls one run of the core's check makes (token, stored mandate, stored request, its
#: mandate, the list of active mandates, a new request, the data): see ``precontract.eligibility``.
CALLS_PER_CHECK = 7


def worst_case_call(retry: RetryPolicy | None = None, *, connect: float, read: float) -> float:
    """Seconds one core call can take at most: every attempt timing out, every wait at its cap."""
    policy = retry or RetryPolicy()
    attempts = policy.max_retries + 1
    wait = max(policy.backoff_max, policy.max_retry_after)
    return attempts * (connect + read) + policy.max_retries * wait


def starting_grace() -> dt.timedelta:
    """How long a check being started by a web process is left to it before a worker resumes it:
    longer than the core's worst case with its default timeouts and retries, so a slow but living
    start is never taken over (which would create a second access request)."""
    fields = Settings.model_fields
    connect = float(fields["connect_timeout"].default)
    read = float(fields["read_timeout"].default)
    seconds = CALLS_PER_CHECK * worst_case_call(connect=connect, read=read)
    return dt.timedelta(seconds=seconds + 60)


def failure_delay(failures: int) -> dt.timedelta:
    """The wait after the ``failures``-th failure in a row: 30 s, 1, 2, 4 … minutes, at most 1 h."""
    return dt.timedelta(seconds=min(3600, 30 * 2 ** max(failures - 1, 0)))


def paused_until(tenant: Tenant, now: dt.datetime) -> dt.datetime | None:
    """When the pause of the tenant's REST account ends, if it is paused at ``now`` (the social
    security answered 429: :meth:`~precontract_ats.engine.outcomes.Outcomes._paused`). Until then
    nothing calls the social security for it: not a worker's claim, not a press started by the web
    process, not a recruiter's action, not a bulk re-check. The claims say the same in SQL
    (:func:`_not_paused`)."""
    until = tenant.paused_until
    return until if until is not None and until > now else None


def _not_paused(
    until: InstrumentedAttribute[dt.datetime | None], now: dt.datetime
) -> ColumnElement[bool]:
    """:func:`paused_until`'s rule as a claim's condition: a pause is over at its end."""
    return or_(until.is_(None), until <= now)


def new_owner(role: str = "worker") -> str:
    """A name no other process has: host, process id and a random part (a restarted process with
    the same pid is still someone else)."""
    return f"{role}:{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


class WorkQueue:
    """Claims, renews and releases leases on the connector's tables for one owner."""

    def __init__(self, db: Database, owner: str, *, lease: dt.timedelta) -> None:
        self.db = db
        self.owner = owner
        self.lease = lease
        self.postgres = db.engine.dialect.name == "postgresql"

    @property
    def single_worker(self) -> bool:
        """SQLite: one worker at a time (PostgreSQL: as many as you like)."""
        return not self.postgres

    # ------------------------------------------------------------------------------ singleton

    def hold_singleton(self, now: dt.datetime) -> bool:
        """Take or renew the one-worker lease (SQLite); ``False`` while another worker holds it."""
        if not self.single_worker:
            return True
        with self.db.session() as session:
            insert = sqlite_insert if not self.postgres else pg_insert
            session.execute(
                insert(WorkerLease)
                .values(name=SQLITE_WORKER, owner=None, until=None)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            result = session.execute(
                update(WorkerLease)
                .where(
                    WorkerLease.name == SQLITE_WORKER,
                    or_(
                        WorkerLease.owner == self.owner,
                        WorkerLease.owner.is_(None),
                        WorkerLease.until < now,
                    ),
                )
                .values(owner=self.owner, until=now + self.lease)
            )
            return bool(getattr(result, "rowcount", 0))

    def release_singleton(self) -> None:
        if not self.single_worker:
            return
        with self.db.session() as session:
            session.execute(
                update(WorkerLease)
                .where(WorkerLease.name == SQLITE_WORKER, WorkerLease.owner == self.owner)
                .values(owner=None, until=None)
            )

    # ------------------------------------------------------------------------------ claims

    def claim_checks(self, session: Session, now: dt.datetime, limit: int) -> list[Check]:
        """Checks whose next poll is due, not leased, not parked, whose REST account is not paused;
        leased to us in ``session`` (the caller commits)."""
        query = (
            select(Check)
            .join(Tenant, Tenant.id == Check.tenant_id)
            .where(
                Check.next_poll_at <= now,
                Check.status.in_(FOLLOWED),
                or_(Check.lease_until.is_(None), Check.lease_until < now),
                Check.parked_at.is_(None),
                _not_paused(Tenant.paused_until, now),
            )
            .order_by(Check.next_poll_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Check)
            # What a run needs of them (:meth:`ConnectorBase.job_of`), in the same statement.
            .options(contains_eager(Check.tenant), joinedload(Check.connection, innerjoin=True))
        )
        checks = list(session.scalars(query).unique())
        for check in checks:
            check.lease_owner = self.owner
            check.lease_until = now + self.lease
        return checks

    def claim_write_backs(self, session: Session, now: dt.datetime, limit: int) -> list[WriteBack]:
        """Due write-backs, clearing ones first, not leased, whose connection is not paused, and
        none of whose check already has one of the same kind in flight (a newer write never
        lands before an older one still on its way)."""
        if self.postgres:
            # Claims of write-backs run one at a time, so two workers cannot each take a
            # different write-back of the same check and kind in the same instant.
            session.execute(select(func.pg_advisory_xact_lock(_WRITE_BACK_CLAIMS)))
        other = aliased(WriteBack)
        in_flight = exists().where(
            other.check_id == WriteBack.check_id,
            other.kind == WriteBack.kind,
            other.id != WriteBack.id,
            other.status == "pending",
            other.lease_until > now,
        )
        query = (
            select(WriteBack)
            .join(Check, Check.id == WriteBack.check_id)
            .join(Connection, Connection.id == Check.connection_id)
            .where(
                WriteBack.status == "pending",
                WriteBack.next_attempt_at <= now,
                or_(WriteBack.lease_until.is_(None), WriteBack.lease_until < now),
                _not_paused(Connection.paused_until, now),
                ~in_flight,
            )
            .order_by(WriteBack.priority, WriteBack.next_attempt_at, WriteBack.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=WriteBack)
        )
        rows = list(session.scalars(query))
        taken: set[tuple[int, str]] = set()
        claimed = []
        for wb in rows:
            if (wb.check_id, wb.kind) in taken:  # one per check and kind per batch, oldest first
                continue
            taken.add((wb.check_id, wb.kind))
            wb.lease_owner = self.owner
            wb.lease_until = now + self.lease
            claimed.append(wb)
        return claimed

    def claim_rechecks(self, session: Session, now: dt.datetime, limit: int) -> list[RecheckItem]:
        """Rows of bulk re-checks waiting for their turn, not leased, whose check's REST account is
        not paused (a re-check may make an access request); leased to us in ``session`` (the
        caller commits). Found by ``recheck_items(status, next_attempt_at)``."""
        query = (
            select(RecheckItem)
            .join(Check, Check.id == RecheckItem.check_id)
            .join(Tenant, Tenant.id == Check.tenant_id)
            .where(
                RecheckItem.status == "waiting",
                RecheckItem.next_attempt_at <= now,
                or_(RecheckItem.lease_until.is_(None), RecheckItem.lease_until < now),
                _not_paused(Tenant.paused_until, now),
            )
            .order_by(RecheckItem.next_attempt_at, RecheckItem.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=RecheckItem)
        )
        items = list(session.scalars(query))
        for item in items:
            item.lease_owner = self.owner
            item.lease_until = now + self.lease
        return items

    def due_expiries(self, session: Session, now: dt.datetime, limit: int) -> list[Check]:
        """Checks one of whose values' window has ended, locked in ``session`` (no lease: the
        expiry job makes no outside call, so it finishes inside the transaction)."""
        query = (
            select(Check)
            .where(
                Check.expires_at <= now,
                or_(Check.lease_until.is_(None), Check.lease_until < now),
            )
            .order_by(Check.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(session.scalars(query))

    # ------------------------------------------------------------------------------ leases

    def renew(
        self,
        now: dt.datetime,
        check_ids: Sequence[int],
        wb_ids: Sequence[int],
        recheck_ids: Sequence[int],
    ) -> None:
        """Extend our leases on what is still in flight (the heartbeat of a living worker)."""
        if not check_ids and not wb_ids and not recheck_ids:
            return
        until = now + self.lease
        leased: tuple[tuple[type[Check] | type[WriteBack] | type[RecheckItem], Sequence[int]], ...]
        leased = ((Check, check_ids), (WriteBack, wb_ids), (RecheckItem, recheck_ids))
        with self.db.session() as session:
            for model, ids in leased:
                if ids:
                    session.execute(
                        update(model)
                        .where(and_(model.id.in_(ids), model.lease_owner == self.owner))
                        .values(lease_until=until)
                        .execution_options(synchronize_session=False)
                    )
