"""Which ``hr.applicant`` field holds which result, and Odoo's value conventions.

The core's :class:`~precontract.fields.FieldMapping` does the conversions (dates, moments,
numbers, texts); this module adds what is Odoo's own:

- a datetime field takes and gives **naive UTC** datetimes (the ORM refuses aware ones);
- an empty field is written as ``False`` and read back as ``False`` (an integer one as ``0``);
- "flexi eligible" is a yes/no selection, so that "no" and "not known" stay different (a boolean
  field cannot tell them apart);
- the mandate status is a selection whose keys are the core's status values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from precontract.fields import (
    NATURAL_TYPES,
    FieldKey,
    FieldMapping,
    HostField,
    MandateStatusValue,
)

__all__ = [
    "APPLICANT_FIELDS",
    "ELIGIBLE_NO",
    "ELIGIBLE_YES",
    "FIELD_NAMES",
    "RESULT_FIELDS",
    "SSIN_FIELD",
    "from_odoo",
    "naive_utc",
    "to_odoo",
]

SSIN_FIELD = "precontract_ssin"
LANG_FIELD = "precontract_lang"

# What the adapter reads to describe the applicant (standard fields of hr.applicant in 17.0, 18.0
# and 19.0, plus ours).
APPLICANT_FIELDS = ("partner_name", "email_from", "partner_phone", LANG_FIELD, SSIN_FIELD)

FIELD_NAMES: dict[FieldKey, str] = {
    FieldKey.FLEXI_ELIGIBLE: "precontract_flexi_eligible",
    FieldKey.FLEXI_PERIOD_START: "precontract_flexi_period_start",
    FieldKey.FLEXI_PERIOD_END: "precontract_flexi_period_end",
    FieldKey.FLEXI_CONSULTABLE_UNTIL: "precontract_flexi_consultable_until",
    FieldKey.STUDENT_HOURS_REMAINING: "precontract_student_hours_remaining",
    FieldKey.STUDENT_YEAR: "precontract_student_year",
    FieldKey.STUDENT_AS_OF: "precontract_student_as_of",
    FieldKey.STUDENT_CONSULTABLE_UNTIL: "precontract_student_consultable_until",
    FieldKey.MANDATE_STATUS: "precontract_mandate_status",
    FieldKey.REQUEST_URL: "precontract_request_url",
    FieldKey.REQUEST_EXPIRES_AT: "precontract_request_expires_at",
    FieldKey.CHECKED_AT: "precontract_checked_at",
    FieldKey.REQUEST_ID: "precontract_request_id",
    FieldKey.MANDATE_ID: "precontract_mandate_id",
}
RESULT_FIELDS = tuple(FIELD_NAMES.values())

ELIGIBLE_YES = "yes"
ELIGIBLE_NO = "no"

# Odoo keeps these two in selections, converted here; the core converts every other key from its
# natural type.
_SELECTIONS = (FieldKey.FLEXI_ELIGIBLE, FieldKey.MANDATE_STATUS)
_MAPPING = FieldMapping(
    {
        key: HostField(FIELD_NAMES[key], kind)
        for key, kind in NATURAL_TYPES.items()
        if key not in _SELECTIONS
    }
)


def naive_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """An aware moment as Odoo stores it: UTC without a time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give an aware moment")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def to_odoo(values: Mapping[FieldKey, Any]) -> dict[str, Any]:
    """Logical values → ``hr.applicant`` write values (``False`` clears a field).

    Only the keys present in ``values`` are written, so that the expiry rule can clear one group
    without touching the others.
    """
    out: dict[str, Any] = {}
    for name, value in _MAPPING.to_host(values).items():
        if isinstance(value, dt.datetime):
            value = naive_utc(value)
        out[name] = False if value is None else value
    if FieldKey.FLEXI_ELIGIBLE in values:
        eligible = values[FieldKey.FLEXI_ELIGIBLE]
        out[FIELD_NAMES[FieldKey.FLEXI_ELIGIBLE]] = (
            False if eligible is None else ELIGIBLE_YES if eligible else ELIGIBLE_NO
        )
    if FieldKey.MANDATE_STATUS in values:
        status = values[FieldKey.MANDATE_STATUS]
        out[FIELD_NAMES[FieldKey.MANDATE_STATUS]] = (
            False if status is None else MandateStatusValue(status).value
        )
    return out


def from_odoo(record: Mapping[str, Any]) -> dict[FieldKey, Any]:
    """What ``record.read(RESULT_FIELDS)`` gave → logical values (``None`` for an empty field)."""
    out = _MAPPING.from_host(record)
    eligible_field = FIELD_NAMES[FieldKey.FLEXI_ELIGIBLE]
    if eligible_field in record:
        eligible = record[eligible_field]
        out[FieldKey.FLEXI_ELIGIBLE] = (
            True if eligible == ELIGIBLE_YES else False if eligible == ELIGIBLE_NO else None
        )
    status_field = FIELD_NAMES[FieldKey.MANDATE_STATUS]
    if status_field in record:
        out[FieldKey.MANDATE_STATUS] = record[status_field] or None
    # An empty integer field reads as 0. A year is never 0, and 0 hours left without a year is an
    # empty field, not a student who used up their quota.
    if out.get(FieldKey.STUDENT_YEAR) == 0:
        out[FieldKey.STUDENT_YEAR] = None
    if out.get(FieldKey.STUDENT_YEAR) is None and out.get(FieldKey.STUDENT_HOURS_REMAINING) == 0:
        out[FieldKey.STUDENT_HOURS_REMAINING] = None
    return out
