"""Checks as the workers leave them in the store, for the overview's tests: a tenant, a
connection and checks with their answers (the consultations themselves are tested elsewhere)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from precontract.fields import FieldKey, next_expiry
from precontract.identifiers import Ssin
from precontract_ats.engine import Connector
from precontract_ats.services import connections, tenants
from precontract_ats.services.values import dump_values
from precontract_ats.store.models import Check

MARIA = Ssin.parse("85073003328")


def tenant_with_connection(connector: Connector, name: str, requester: str) -> tuple[int, int]:
    """A tenant (its requester as employer) and a Recruitee connection that is never called."""
    with connector.db.session() as session:
        tenant = tenants.create_tenant(session, name=name, requester=requester)
        connection, _ = connections.create_connection(
            session,
            connector.box,
            tenant,
            kind="recruitee",
            name=f"Recruitee {name}",
            settings={
                "company_id": "77001",
                "codename": "precontract",
                "api_url": "http://127.0.0.1:9/",
                "partner_url": "http://127.0.0.1:9/",
            },
            secret_values={"api_token": "t" * 20, "partner_secret": "s" * 20},
            employer_id=None,
            language="en",
        )
        return tenant.id, connection.id


def flexi(eligible: bool, until: dt.date, quarter: tuple[dt.date, dt.date]) -> dict[FieldKey, Any]:
    return {
        FieldKey.MANDATE_STATUS: "active",
        FieldKey.MANDATE_ID: "m-" + secrets.token_hex(4),
        FieldKey.FLEXI_ELIGIBLE: eligible,
        FieldKey.FLEXI_PERIOD_START: quarter[0],
        FieldKey.FLEXI_PERIOD_END: quarter[1],
        FieldKey.FLEXI_CONSULTABLE_UNTIL: until,
    }


def student(hours: float, year: int, until: dt.date, as_of: dt.datetime) -> dict[FieldKey, Any]:
    return {
        FieldKey.STUDENT_HOURS_REMAINING: hours,
        FieldKey.STUDENT_YEAR: year,
        FieldKey.STUDENT_AS_OF: as_of,
        FieldKey.STUDENT_CONSULTABLE_UNTIL: until,
    }


def add_check(
    connector: Connector,
    tenant_id: int,
    connection_id: int,
    *,
    name: str,
    ref: str,
    status: str = "result",
    values: dict[FieldKey, Any] | None = None,
    created_at: dt.datetime | None = None,
    planned_start: dt.date | None = None,
    employer: str = "0403019261",
    ssin: Ssin | None = MARIA,
) -> int:
    with connector.db.session() as session:
        check = Check(
            token=secrets.token_urlsafe(24),
            tenant_id=tenant_id,
            connection_id=connection_id,
            employer=employer,
            candidate_ref=ref,
            applicant_name=name,
            status=status,
            values=dump_values({**dict.fromkeys(FieldKey), **(values or {})}),
            created_at=created_at or connector.clock(),
            planned_start=planned_start,
            # As the engine leaves it: the worker clears the values when their window ends.
            expires_at=next_expiry(values or {}, connector.clock()),
        )
        if ssin is not None:
            check.ssin_enc = connector.box.encrypt(ssin.compact)
            check.ssin_masked = ssin.masked
        session.add(check)
        session.flush()
        return check.id
