"""The connector's tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

- ``admin_users`` / ``admin_sessions`` / ``login_throttles``: who may sign in to the admin
  screens, their sessions (revocable), and the brake on guessing passwords;
- ``tenants`` / ``employers``: an organisation holding a REST account (requester number,
  environment, client ID, key and certificate) and the enterprises it checks for;
- ``connections``: one ATS account of a tenant, with its settings, its secrets and its field
  mapping;
- ``checks``: one button press, followed until it has a result, with the values written back;
- ``write_backs``: the outbox of what still has to reach an ATS (never deleted before it did);
- ``rechecks`` / ``recheck_items``: a bulk re-check an administrator asked for and its rows,
  each one claimed from the work queue by one worker;
- ``worker_leases``: named leases between worker processes (on SQLite, the one worker allowed);
- ``inbound_nonces``: ids of inbound calls already seen (replays are refused);
- ``audit_records``: who consulted what, for which employer, when (NISS masked).

Secrets (private keys, PKCS#12 bundles, passwords, ATS tokens, the NISS) are stored encrypted by
:class:`~precontract_ats.crypto.SecretBox`; the columns holding them end in ``_enc``.
Every moment is stored in UTC and read back timezone-aware.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AdminSession",
    "AdminUser",
    "AuditRecord",
    "Base",
    "Check",
    "Connection",
    "Employer",
    "InboundNonce",
    "LoginThrottle",
    "Recheck",
    "RecheckItem",
    "Tenant",
    "UtcDateTime",
    "WorkerLease",
    "WriteBack",
    "utcnow",
]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as naive UTC (SQLite keeps no zone); read back as UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store timezone-aware datetimes only")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


# Constraint names are fixed so that migrations name the same things on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UtcDateTime, dict[str, Any]: JSON}


class AdminUser(Base):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="en")
    # None: a super-administrator (every tenant); else this tenant's administrator only.
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]

    def __repr__(self) -> str:
        return f"AdminUser(id={self.id!r}, username={self.username!r})"


class AdminSession(Base):
    """A signed-in administrator's session: the cookie holds a random token, we keep its SHA-256.
    Signing out or a new password revokes it at once."""

    __tablename__ = "admin_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("admin_users.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class LoginThrottle(Base):
    """Failed sign-ins per user name and per address, and the lock they earned."""

    __tablename__ = "login_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[dt.datetime | None]


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    requester: Mapped[str] = mapped_column(String(10))
    environment: Mapped[str] = mapped_column(String(20), default="sandbox")
    sandbox_url: Mapped[str | None] = mapped_column(String(500))
    client_id: Mapped[str | None] = mapped_column(String(200))
    credential_kind: Mapped[str | None] = mapped_column(String(10))  # "pem" or "pkcs12"
    private_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_pem: Mapped[bytes | None] = mapped_column(LargeBinary)  # public: not a secret
    pkcs12_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_password_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_subject: Mapped[str | None] = mapped_column(String(500))
    certificate_not_after: Mapped[dt.datetime | None]
    last_test_at: Mapped[dt.datetime | None]
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_test_report: Mapped[dict[str, Any] | None]
    # Social security answered 429: this REST account's work waits until then (all workers).
    paused_until: Mapped[dt.datetime | None]
    archived_at: Mapped[dt.datetime | None]  # kept for the audit trail, gone from the lists
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employers: Mapped[list[Employer]] = relationship(
        back_populates="tenant", cascade="all, delete-orphan", order_by="Employer.name"
    )
    connections: Mapped[list[Connection]] = relationship(
        back_populates="tenant", cascade="all, delete-orphan", order_by="Connection.name"
    )

    @property
    def has_credentials(self) -> bool:
        return self.credential_kind is not None and bool(self.client_id)

    def __repr__(self) -> str:
        return f"Tenant(id={self.id!r}, name={self.name!r}, environment={self.environment!r})"


class Employer(Base):
    __tablename__ = "employers"
    __table_args__ = (UniqueConstraint("tenant_id", "enterprise_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    enterprise_number: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))

    tenant: Mapped[Tenant] = relationship(back_populates="employers")


class Connection(Base):
    """One ATS account of a tenant."""

    __tablename__ = "connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    secrets_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    inbound_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    field_mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # The ATS answered 429: this connection's write-backs wait until then (all workers).
    paused_until: Mapped[dt.datetime | None]
    archived_at: Mapped[dt.datetime | None]  # switched off for good, gone from the lists
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="connections")
    employer: Mapped[Employer | None] = relationship()

    def __repr__(self) -> str:
        return f"Connection(id={self.id!r}, kind={self.kind!r}, name={self.name!r})"


class Check(Base):
    """One check of one candidate, from the button press until its values expire."""

    __tablename__ = "checks"
    __table_args__ = (
        Index("ix_checks_connection_candidate", "connection_id", "candidate_ref"),
        Index("ix_checks_expires_at", "expires_at"),
        # The overview: a tenant's checks, newest first, paged by id.
        Index("ix_checks_tenant_recent", "tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the recruiter page's address
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), index=True
    )
    employer: Mapped[str] = mapped_column(String(10))
    candidate_ref: Mapped[str] = mapped_column(String(100))
    applicant_name: Mapped[str] = mapped_column(String(300), default="")
    applicant_email: Mapped[str | None] = mapped_column(String(300))
    applicant_language: Mapped[str] = mapped_column(String(2), default="nl")
    ssin_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    ssin_masked: Mapped[str | None] = mapped_column(String(20))
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the ATS's ids and URLs
    # The candidate's first working day, from the ATS or typed by an administrator: what the
    # core's re-check rule holds the stored answer against ("start not covered").
    planned_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    request_id: Mapped[str | None] = mapped_column(String(100))
    mandate_id: Mapped[str | None] = mapped_column(String(100))
    approval_url: Mapped[str | None] = mapped_column(String(1000))
    approval_expires_at: Mapped[dt.datetime | None]
    follow_until: Mapped[dt.datetime | None]
    # The worker's queue: due when ``next_poll_at`` has come and nobody holds the lease.
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, reset by a success
    last_failure: Mapped[str | None] = mapped_column(String(1000))
    parked_at: Mapped[dt.datetime | None]  # too many failures: waits for an operator
    # The next moment a stored value's window ends (the core's expire() runs then).
    expires_at: Mapped[dt.datetime | None]
    values: Mapped[dict[str, Any] | None]
    notes: Mapped[dict[str, Any] | None]  # warnings and the last error, for the pages
    error: Mapped[str | None] = mapped_column(String(1000))
    actor: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    completed_at: Mapped[dt.datetime | None]
    cleared_at: Mapped[dt.datetime | None]

    connection: Mapped[Connection] = relationship()
    tenant: Mapped[Tenant] = relationship()
    write_backs: Mapped[list[WriteBack]] = relationship(
        back_populates="check", cascade="all, delete-orphan", order_by="WriteBack.id"
    )

    def __repr__(self) -> str:
        return f"Check(id={self.id!r}, status={self.status!r}, candidate={self.candidate_ref!r})"


class WriteBack(Base):
    """What still has to reach the ATS: field values or a report status. Done ones are kept."""

    __tablename__ = "write_backs"
    __table_args__ = (Index("ix_write_backs_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "fields" or "report"
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # pending, done, parked (too many failures: an operator retries or drops it), superseded
    # (a newer write-back of the same check and kind carries its values), dropped
    status: Mapped[str] = mapped_column(String(20), default="pending")
    priority: Mapped[int] = mapped_column(Integer, default=1)  # 0: clearing, delivered first
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    done_at: Mapped[dt.datetime | None]

    check: Mapped[Check] = relationship(back_populates="write_backs")


class WorkerLease(Base):
    """A named lease held by one worker process until ``until`` (renewed while it lives)."""

    __tablename__ = "worker_leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(100))
    until: Mapped[dt.datetime | None]


class InboundNonce(Base):
    """An inbound call already accepted (a report id, an event id, a one-time token)."""

    __tablename__ = "inbound_nonces"
    __table_args__ = (UniqueConstraint("scope", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(100))
    nonce: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class AuditRecord(Base):
    """One line of the audit trail; the NISS is stored masked only."""

    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    requester: Mapped[str | None] = mapped_column(String(10))
    employer: Mapped[str | None] = mapped_column(String(10))
    applicant_reference: Mapped[str | None] = mapped_column(String(200))
    ssin: Mapped[str | None] = mapped_column(String(20))
    request_id: Mapped[str | None] = mapped_column(String(100))
    mandate_id: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(100), default="")
    data_types: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str | None] = mapped_column(Text)
    # A consultation's code, as printed on its PDF proof (precontract.integrity).
    integrity_code: Mapped[str | None] = mapped_column(String(20))


class Recheck(Base):
    """A bulk re-check an administrator started from the checks overview."""

    __tablename__ = "rechecks"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: started by a super-administrator over several tenants.
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    items: Mapped[list[RecheckItem]] = relationship(
        back_populates="recheck", cascade="all, delete-orphan", order_by="RecheckItem.id"
    )


class RecheckItem(Base):
    """One selected check of a bulk re-check: waiting until a worker claims it (a lease, like
    every queue item), then done (``outcome``: what the core's rule decided and what came of it)
    or failed (after ``max_failures`` attempts, ``last_error`` says why)."""

    __tablename__ = "recheck_items"
    __table_args__ = (Index("ix_recheck_items_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recheck_id: Mapped[int] = mapped_column(
        ForeignKey("rechecks.id", ondelete="CASCADE"), index=True
    )
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="waiting")  # waiting, done, failed
    outcome: Mapped[str | None] = mapped_column(String(40))
    # The check the re-check started (a new press of the same candidate), when it called.
    new_check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(1000))
    done_at: Mapped[dt.datetime | None]

    recheck: Mapped[Recheck] = relationship(back_populates="items")
    check: Mapped[Check] = relationship(foreign_keys=[check_id])
