"""The audit trail in the connector's database.

:class:`DatabaseAuditSink` is the core's :class:`~precontract.audit.AuditSink` for one tenant: every
access request and consultation the workflow records lands in ``audit_records``. Administrators'
own actions (a tenant created, credentials uploaded, a sign-in) are recorded with
:func:`record_admin_action`. The NISS is masked before it is stored, whatever is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from precontract.audit import AuditEvent
from precontract.masking import mask_ssins
from precontract_ats.store.database import Database
from precontract_ats.store.models import AuditRecord, utcnow

__all__ = [
    "AuditPage",
    "DatabaseAuditSink",
    "audit_page",
    "audit_record",
    "record_admin_action",
]


class DatabaseAuditSink:
    """Records the workflow's events for one tenant (one short transaction per event)."""

    def __init__(self, db: Database, tenant_id: int | None) -> None:
        self.db = db
        self.tenant_id = tenant_id

    def record(self, event: AuditEvent) -> None:
        with self.db.session() as session:
            session.add(audit_record(event, self.tenant_id))

    def __repr__(self) -> str:
        return f"DatabaseAuditSink(tenant_id={self.tenant_id!r})"


def audit_record(event: AuditEvent, tenant_id: int | None) -> AuditRecord:
    """The row of one workflow event (the engine stores it with the check's new state)."""
    return AuditRecord(
        at=event.at,
        tenant_id=tenant_id,
        actor=event.actor,
        action=event.action.value,
        requester=event.requester,
        employer=event.employer,
        applicant_reference=event.applicant_reference,
        ssin=event.ssin,  # already masked by AuditEvent
        request_id=event.request_id,
        mandate_id=event.mandate_id,
        result=event.result[:100],
        data_types=",".join(event.data_types)[:200],
        detail=event.detail,
        integrity_code=event.integrity_code,
    )


def record_admin_action(
    db: Database,
    action: str,
    *,
    actor: str | None,
    tenant_id: int | None = None,
    result: str = "ok",
    detail: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Record something an administrator did (``admin.*`` actions)."""
    with db.session() as session:
        session.add(
            AuditRecord(
                at=at or utcnow(),
                tenant_id=tenant_id,
                actor=actor,
                action=action,
                result=result,
                detail=mask_ssins(detail) if detail else None,
            )
        )


@dataclass(frozen=True)
class AuditPage:
    records: Sequence[AuditRecord]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def audit_page(
    db: Database, *, tenant_id: int | None = None, page: int = 1, per_page: int = 50
) -> AuditPage:
    """One page of the trail, newest first, optionally for one tenant."""
    page = max(1, page)
    with db.session() as session:
        query = select(AuditRecord)
        count = select(func.count()).select_from(AuditRecord)
        if tenant_id is not None:
            query = query.where(AuditRecord.tenant_id == tenant_id)
            count = count.where(AuditRecord.tenant_id == tenant_id)
        total = session.scalar(count) or 0
        records = session.scalars(
            query.order_by(AuditRecord.at.desc(), AuditRecord.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
    return AuditPage(records=records, total=total, page=page, per_page=per_page)
