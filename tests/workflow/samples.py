"""Outcomes built from the contract's JSON examples (docs/api-contract.md), for field tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from precontract.api.profile import AccessRequest, Mandate, PrecontractualData
from precontract.identifiers import EnterpriseNumber
from precontract.outcome import CheckOutcome, OutcomeKind

EMPLOYER = EnterpriseNumber.parse("0403019261")
CHECKED_AT = dt.datetime(2026, 11, 28, 9, 32, tzinfo=dt.UTC)
SSIN = "85073003328"

REQUEST_JSON: dict[str, Any] = {
    "requestId": "8f0c",
    "status": "PENDING",
    "approvalUrl": "https://portal.example/requests/8f0c",
    "expiresAt": "2026-11-28T23:59:59+01:00",
    "requester": {"enterpriseNumber": "0123456749"},
    "employer": {"enterpriseNumber": "0403019261"},
    "context": "PRECONTRACTUAL_DATA",
    "dataTypes": ["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"],
    "createdAt": "2026-11-28T10:30:00+01:00",
}
MANDATE_JSON: dict[str, Any] = {
    "mandateId": "m-1",
    "ssin": SSIN,
    "status": "ACTIVE",
    "requester": {"enterpriseNumber": "0123456749"},
    "employer": {"enterpriseNumber": "0403019261"},
    "grantedAt": "2026-11-28T10:31:00+01:00",
    "dataTypes": [
        {"type": "FLEXI_JOB_ELIGIBILITY", "validUntil": "2026-12-28"},
        {"type": "STUDENT_HOURS", "validUntil": "2027-02-28"},
    ],
}
DATA_JSON: dict[str, Any] = {
    "ssin": SSIN,
    "flexiJob": {
        "eligible": True,
        "period": {"startDate": "2026-10-01", "endDate": "2026-12-31"},
        "consultableUntil": "2026-12-28",
    },
    "studentAtWork": {
        "year": 2026,
        "contingentHours": 650,
        "remainingHours": 412,
        "asOf": "2026-11-28T10:32:00+01:00",
        "consultableUntil": "2027-02-28",
    },
}


def request(**changes: Any) -> AccessRequest:
    return AccessRequest.model_validate({**REQUEST_JSON, **changes})


def mandate(**changes: Any) -> Mandate:
    return Mandate.model_validate({**MANDATE_JSON, **changes})


def data(**changes: Any) -> PrecontractualData:
    return PrecontractualData.model_validate({**DATA_JSON, **changes})


def outcome(kind: OutcomeKind, **fields: Any) -> CheckOutcome:
    return CheckOutcome(
        kind=kind, applicant_reference="42", employer=EMPLOYER, checked_at=CHECKED_AT, **fields
    )
