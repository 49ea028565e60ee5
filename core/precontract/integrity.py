"""The integrity code of a consultation: a short digest that ties a printed proof to its line in
the audit trail.

When the data is read, the checker builds the **consultation record** — who asked, for whom
(masked NISS), under which mandate and request, when, the answer per data type and the warnings
shown — and a random **salt**. The code is the SHA-256 of the record's canonical JSON, cut to 60
bits and written as ``XXXX-XXXX-XXXX`` (base32, no 0/1/8/9 to misread). It goes into the audit
event (``integrityCode``) and onto the proof, which also carries the record itself (an embedded
``consultation.json``): anyone holding the proof can recompute the code and find the audit line.

The salt is in the record, never in the audit trail: the trail keeps the code only, so it does
not give the data away (an answer such as "eligible: yes/no" is otherwise guessed by trying both).

>>> record = {"at": "2026-12-01T09:00:00+00:00", "salt": "00" * 16}
>>> code = integrity_code(record)
>>> len(code), code.count("-"), code == integrity_code(dict(reversed(record.items())))
(14, 2, True)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from precontract.api.profile import Mandate, PrecontractualData

__all__ = [
    "RECORD_VERSION",
    "canonical_json",
    "consultation_record",
    "integrity_code",
    "new_salt",
]

RECORD_VERSION = 1


def new_salt() -> str:
    """128 random bits, hex: what makes the code unguessable from the audit trail alone."""
    return secrets.token_hex(16)


def canonical_json(record: Mapping[str, Any]) -> bytes:
    """The record as the bytes that are hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def integrity_code(record: Mapping[str, Any]) -> str:
    """``XXXX-XXXX-XXXX``: the first 60 bits of the record's SHA-256, in base32."""
    digest = hashlib.sha256(canonical_json(record)).digest()
    text = base64.b32encode(digest).decode("ascii")[:12]
    return "-".join(text[i : i + 4] for i in range(0, 12, 4))


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat(timespec="seconds")


def consultation_record(
    *,
    at: dt.datetime,
    requester: str,
    employer: str,
    masked_ssin: str,
    mandate: Mandate,
    request_id: str | None,
    applicant_reference: str | None,
    applicant_name: str,
    data: PrecontractualData,
    warnings: Iterable[tuple[str, Mapping[str, str]]],
    salt: str,
) -> dict[str, Any]:
    """The record a proof shows and the code is computed over (JSON-ready)."""
    answer = data.model_dump(mode="json", by_alias=True, exclude={"ssin"})
    return {
        "version": RECORD_VERSION,
        "salt": salt,
        "at": _moment(at),
        "requester": {
            "enterpriseNumber": requester,
            "name": mandate.requester.name,
        },
        "employer": {
            "enterpriseNumber": employer,
            "name": mandate.employer.name,
        },
        "applicantReference": applicant_reference,
        "applicantName": applicant_name,
        "ssin": masked_ssin,
        "mandateId": mandate.mandate_id,
        "requestId": request_id,
        "grantedAt": _moment(mandate.granted_at),
        "flexiJob": answer.get("flexiJob"),
        "studentAtWork": answer.get("studentAtWork"),
        "warnings": [{"code": code, "params": dict(params)} for code, params in warnings],
    }
