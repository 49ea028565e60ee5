"""Checks as the admin's tables show them (the connection's last checks, the checks list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from precontract_ats.web.recruiter import BADGES

__all__ = ["CheckRow", "check_rows"]


@dataclass(frozen=True)
class CheckRow:
    id: int
    token: str
    created_at: dt.datetime
    tenant: str
    connection: str
    applicant: str
    candidate: str
    ssin: str | None
    employer: str
    status: str
    badge: str
    cleared: bool
    pending: int
    failing: int
    failing_id: int | None
    last_error: str | None
    done: int


def check_rows(session: Any, query: Any) -> list[CheckRow]:
    rows: list[CheckRow] = []
    for check in session.scalars(query):
        pending = [w for w in check.write_backs if w.status == "pending"]
        failing = [w for w in pending if w.attempts > 0]
        rows.append(
            CheckRow(
                id=check.id,
                token=check.token,
                created_at=check.created_at,
                tenant=check.tenant.name,
                connection=check.connection.name,
                applicant=check.applicant_name,
                candidate=check.candidate_ref,
                ssin=check.ssin_masked,
                employer=check.employer,
                status=check.status,
                badge=BADGES.get(check.status, ""),
                cleared=check.cleared_at is not None and check.status == "result",
                pending=len(pending),
                failing=len(failing),
                failing_id=failing[0].id if failing else None,
                last_error=failing[0].last_error if failing else None,
                done=sum(1 for w in check.write_backs if w.status == "done"),
            )
        )
    return rows
