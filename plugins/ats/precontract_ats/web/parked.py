"""The operator's list of parked work: checks and write-backs the workers stopped retrying after
too many failures in a row, with their last error (the admin's *Parked* page: retry or drop)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract_ats.store.models import Check, WriteBack

__all__ = ["ParkedItem", "parked_items"]

LIMIT = 200


@dataclass(frozen=True)
class ParkedItem:
    kind: str  # "check" or "write-back"
    id: int
    what: str  # a write-back's kind ("fields", "report"); a check's status
    tenant: str
    connection: str
    applicant: str
    candidate: str
    failures: int
    error: str
    since: dt.datetime | None


def parked_items(session: Session, *, tenant_id: int | None = None) -> list[ParkedItem]:
    """Parked checks and write-backs (of one tenant when ``tenant_id`` is given)."""
    items: list[ParkedItem] = []
    checks = select(Check).where(Check.parked_at.is_not(None))
    write_backs = select(WriteBack).where(WriteBack.status == "parked")
    if tenant_id is not None:
        checks = checks.where(Check.tenant_id == tenant_id)
        write_backs = write_backs.join(Check).where(Check.tenant_id == tenant_id)
    for check in session.scalars(checks.order_by(Check.parked_at).limit(LIMIT)):
        items.append(
            ParkedItem(
                "check",
                check.id,
                check.status,
                check.tenant.name,
                check.connection.name,
                check.applicant_name,
                check.candidate_ref,
                check.failures,
                check.last_failure or "",
                check.parked_at,
            )
        )
    for wb in session.scalars(write_backs.order_by(WriteBack.id).limit(LIMIT)):
        check = wb.check
        items.append(
            ParkedItem(
                "write-back",
                wb.id,
                wb.kind,
                check.tenant.name,
                check.connection.name,
                check.applicant_name,
                check.candidate_ref,
                wb.attempts,
                wb.last_error or "",
                wb.next_attempt_at,
            )
        )
    return items
