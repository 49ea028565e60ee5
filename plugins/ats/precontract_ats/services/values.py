"""Logical field values (:class:`~precontract.fields.FieldKey` → Python values) to JSON and back.

Dates and moments are stored as ISO 8601 text; reading them back uses the core's own parser, so a
stored value means exactly what the core's expiry rule expects.

>>> import datetime as dt
>>> from precontract.fields import FieldKey
>>> stored = dump_values({FieldKey.FLEXI_ELIGIBLE: True,
...                       FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28)})
>>> stored
{'flexi_eligible': True, 'flexi_consultable_until': '2026-12-28'}
>>> load_values(stored)[FieldKey.FLEXI_CONSULTABLE_UNTIL]
datetime.date(2026, 12, 28)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from precontract.fields import NATURAL_TYPES, FieldKey, parse_host_value

__all__ = ["dump_values", "load_values"]


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dump_values(values: Mapping[FieldKey, Any] | Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready values (keys as their string value)."""
    return {FieldKey(key).value: _dump(value) for key, value in values.items()}


def load_values(stored: Mapping[str, Any] | None) -> dict[FieldKey, Any]:
    """The logical values back; unknown keys (from a newer version) are ignored."""
    out: dict[FieldKey, Any] = {}
    for raw_key, value in (stored or {}).items():
        try:
            key = FieldKey(raw_key)
        except ValueError:
            continue
        natural = NATURAL_TYPES[key]
        out[key] = parse_host_value(value, natural, natural, key=key)
    return out
