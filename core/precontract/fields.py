"""From a check's outcome to a host's custom fields, with expiry dates.

Three steps, each a plain function so every host uses the same rules:

1. :func:`values_from_outcome` – the outcome as **logical values** keyed by :class:`FieldKey`
   (Python ``bool``/``int``/``str``/``date``/``datetime``, ``None`` for "no value").
2. :func:`expire` – the rule that, at a given moment, clears the values whose consultation window
   has ended (flexi after its ``consultable until`` day, student hours after theirs, the approval
   link after its end of day). A host runs it on what it stored, e.g. nightly.
3. :meth:`FieldMapping.to_host` – logical values → the host's field names, converted to the value
   type each host field wants (date, datetime, bool, int, text).

>>> import datetime as dt
>>> mapping = FieldMapping({FieldKey.FLEXI_ELIGIBLE: HostField("x_flexi", ValueType.TEXT),
...                         FieldKey.FLEXI_CONSULTABLE_UNTIL: HostField("x_flexi_until", ValueType.DATE)})
>>> values = {FieldKey.FLEXI_ELIGIBLE: True, FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28)}
>>> mapping.to_host(values, lang="nl")
{'x_flexi': 'Ja', 'x_flexi_until': datetime.date(2026, 12, 28)}
>>> now = dt.datetime(2026, 12, 29, 9, 0, tzinfo=dt.UTC)
>>> expire(values, now).values[FieldKey.FLEXI_ELIGIBLE] is None
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from precontract.i18n import Language, translate
from precontract.outcome import CheckOutcome, OutcomeKind
from precontract.timeutil import BRUSSELS, brussels_today

__all__ = [
    "FLEXI_KEYS",
    "REQUEST_KEYS",
    "STUDENT_KEYS",
    "ExpiryResult",
    "FieldKey",
    "FieldMapping",
    "HostField",
    "MandateStatusValue",
    "ValueType",
    "expire",
    "values_from_outcome",
]


class FieldKey(enum.StrEnum):
    """The logical result keys a host can map to its own fields."""

    FLEXI_ELIGIBLE = "flexi_eligible"
    FLEXI_PERIOD_START = "flexi_period_start"
    FLEXI_PERIOD_END = "flexi_period_end"
    FLEXI_CONSULTABLE_UNTIL = "flexi_consultable_until"
    STUDENT_HOURS_REMAINING = "student_hours_remaining"
    STUDENT_YEAR = "student_year"
    STUDENT_AS_OF = "student_as_of"
    STUDENT_CONSULTABLE_UNTIL = "student_consultable_until"
    MANDATE_STATUS = "mandate_status"
    REQUEST_URL = "request_url"
    REQUEST_EXPIRES_AT = "request_expires_at"
    CHECKED_AT = "checked_at"
    # Ids the host keeps so the workflow can resume (not usually shown to users).
    REQUEST_ID = "request_id"
    MANDATE_ID = "mandate_id"


class ValueType(enum.StrEnum):
    """The value type a host field wants."""

    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    INT = "int"
    TEXT = "text"


class MandateStatusValue(enum.StrEnum):
    """The values of :attr:`FieldKey.MANDATE_STATUS`."""

    NEEDS_APPROVAL = "needs_approval"
    PENDING = "pending"
    ACTIVE = "active"
    REFUSED = "refused"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REVOKED = "revoked"

    def label(self, lang: Language | str = "en") -> str:
        return translate(f"status.{self.value}", lang)


# The natural type of each logical key.
NATURAL_TYPES: dict[FieldKey, ValueType] = {
    FieldKey.FLEXI_ELIGIBLE: ValueType.BOOL,
    FieldKey.FLEXI_PERIOD_START: ValueType.DATE,
    FieldKey.FLEXI_PERIOD_END: ValueType.DATE,
    FieldKey.FLEXI_CONSULTABLE_UNTIL: ValueType.DATE,
    FieldKey.STUDENT_HOURS_REMAINING: ValueType.INT,
    FieldKey.STUDENT_YEAR: ValueType.INT,
    FieldKey.STUDENT_AS_OF: ValueType.DATETIME,
    FieldKey.STUDENT_CONSULTABLE_UNTIL: ValueType.DATE,
    FieldKey.MANDATE_STATUS: ValueType.TEXT,
    FieldKey.REQUEST_URL: ValueType.TEXT,
    FieldKey.REQUEST_EXPIRES_AT: ValueType.DATETIME,
    FieldKey.CHECKED_AT: ValueType.DATETIME,
    FieldKey.REQUEST_ID: ValueType.TEXT,
    FieldKey.MANDATE_ID: ValueType.TEXT,
}

FLEXI_KEYS = (
    FieldKey.FLEXI_ELIGIBLE,
    FieldKey.FLEXI_PERIOD_START,
    FieldKey.FLEXI_PERIOD_END,
    FieldKey.FLEXI_CONSULTABLE_UNTIL,
)
STUDENT_KEYS = (
    FieldKey.STUDENT_HOURS_REMAINING,
    FieldKey.STUDENT_YEAR,
    FieldKey.STUDENT_AS_OF,
    FieldKey.STUDENT_CONSULTABLE_UNTIL,
)
REQUEST_KEYS = (FieldKey.REQUEST_URL, FieldKey.REQUEST_EXPIRES_AT)

_STATUS_OF_KIND = {
    OutcomeKind.NEEDS_APPROVAL: MandateStatusValue.NEEDS_APPROVAL,
    OutcomeKind.PENDING: MandateStatusValue.PENDING,
    OutcomeKind.RESULT: MandateStatusValue.ACTIVE,
    OutcomeKind.REFUSED: MandateStatusValue.REFUSED,
    OutcomeKind.EXPIRED: MandateStatusValue.EXPIRED,
    OutcomeKind.CANCELLED: MandateStatusValue.CANCELLED,
    OutcomeKind.REVOKED: MandateStatusValue.REVOKED,
}


def values_from_outcome(outcome: CheckOutcome) -> dict[FieldKey, Any]:
    """Every logical key with its value for ``outcome`` (``None`` where there is none).

    All keys are present, so writing the result replaces what an earlier check left: a refused or
    revoked outcome clears stale data instead of leaving it on the record.
    """
    values: dict[FieldKey, Any] = dict.fromkeys(FieldKey)
    values[FieldKey.MANDATE_STATUS] = _STATUS_OF_KIND[outcome.kind].value
    values[FieldKey.CHECKED_AT] = outcome.checked_at
    state = outcome.state
    values[FieldKey.REQUEST_ID] = state.request_id
    values[FieldKey.MANDATE_ID] = state.mandate_id
    if outcome.approval_url:
        values[FieldKey.REQUEST_URL] = outcome.approval_url
        values[FieldKey.REQUEST_EXPIRES_AT] = outcome.approval_expires_at
    data = outcome.data if outcome.kind is OutcomeKind.RESULT else None
    if data is not None and data.flexi_job is not None:
        flexi = data.flexi_job
        values[FieldKey.FLEXI_ELIGIBLE] = flexi.eligible
        if flexi.period is not None:
            values[FieldKey.FLEXI_PERIOD_START] = flexi.period.start_date
            values[FieldKey.FLEXI_PERIOD_END] = flexi.period.end_date
        values[FieldKey.FLEXI_CONSULTABLE_UNTIL] = flexi.consultable_until
    if data is not None and data.student_at_work is not None:
        student = data.student_at_work
        values[FieldKey.STUDENT_HOURS_REMAINING] = student.remaining_hours
        values[FieldKey.STUDENT_YEAR] = student.year
        values[FieldKey.STUDENT_AS_OF] = student.as_of
        values[FieldKey.STUDENT_CONSULTABLE_UNTIL] = student.consultable_until
    return values


@dataclass(frozen=True, slots=True)
class ExpiryResult:
    """What :func:`expire` did: the values after the rule, and which groups it cleared."""

    values: dict[FieldKey, Any]
    cleared: frozenset[FieldKey]
    flexi_expired: bool = False
    student_expired: bool = False
    request_expired: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.cleared)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return brussels_today(value) if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def expire(values: Mapping[FieldKey, Any], now: dt.datetime) -> ExpiryResult:
    """Clear the values whose consultation window has ended at ``now``.

    A ``consultable until`` date is the last Brussels day the data may be consulted: the values are
    kept through that day and cleared from the next. A group without its ``consultable until`` date
    is cleared too (we cannot show data without knowing it may still be shown). The approval link is
    cleared after its end of day, and a ``needs_approval``/``pending`` status becomes ``expired``.
    When every data window has ended, an ``active`` status becomes ``expired``.
    """
    today = brussels_today(now)
    out: dict[FieldKey, Any] = dict(values)
    cleared: set[FieldKey] = set()

    def clear(keys: Iterable[FieldKey]) -> None:
        for key in keys:
            if out.get(key) is not None:
                cleared.add(key)
            if key in out:
                out[key] = None

    def group_expired(keys: tuple[FieldKey, ...], until_key: FieldKey) -> bool:
        has_data = any(out.get(k) is not None for k in keys if k is not until_key)
        until = _as_date(out.get(until_key))
        if until is None:
            return has_data
        return today > until

    flexi_expired = group_expired(FLEXI_KEYS, FieldKey.FLEXI_CONSULTABLE_UNTIL)
    student_expired = group_expired(STUDENT_KEYS, FieldKey.STUDENT_CONSULTABLE_UNTIL)
    if flexi_expired:
        clear(FLEXI_KEYS)
    if student_expired:
        clear(STUDENT_KEYS)

    request_expired = False
    link_until = _as_datetime(out.get(FieldKey.REQUEST_EXPIRES_AT))
    if link_until is not None and now > link_until:
        request_expired = True
        clear(REQUEST_KEYS)
        if out.get(FieldKey.MANDATE_STATUS) in (
            MandateStatusValue.NEEDS_APPROVAL.value,
            MandateStatusValue.PENDING.value,
        ):
            out[FieldKey.MANDATE_STATUS] = MandateStatusValue.EXPIRED.value
            cleared.add(FieldKey.MANDATE_STATUS)

    if (
        out.get(FieldKey.MANDATE_STATUS) == MandateStatusValue.ACTIVE.value
        and all(out.get(k) is None for k in (*FLEXI_KEYS, *STUDENT_KEYS))
        and (flexi_expired or student_expired)
    ):
        out[FieldKey.MANDATE_STATUS] = MandateStatusValue.EXPIRED.value
        cleared.add(FieldKey.MANDATE_STATUS)

    return ExpiryResult(
        values=out,
        cleared=frozenset(cleared),
        flexi_expired=flexi_expired,
        student_expired=student_expired,
        request_expired=request_expired,
    )


@dataclass(frozen=True, slots=True)
class HostField:
    """One field of the host: its name and the value type it wants."""

    name: str
    type: ValueType


class IncompatibleField(ValueError):
    """A mapping asks to store a logical value in a host field of a type that cannot hold it."""


# Which host value types can hold which natural types.
_COMPATIBLE: dict[ValueType, frozenset[ValueType]] = {
    ValueType.BOOL: frozenset({ValueType.BOOL, ValueType.INT, ValueType.TEXT}),
    ValueType.INT: frozenset({ValueType.INT, ValueType.TEXT}),
    ValueType.DATE: frozenset({ValueType.DATE, ValueType.DATETIME, ValueType.TEXT}),
    ValueType.DATETIME: frozenset({ValueType.DATETIME, ValueType.DATE, ValueType.TEXT}),
    ValueType.TEXT: frozenset({ValueType.TEXT}),
}


@dataclass(frozen=True)
class FieldMapping:
    """Logical keys → the host's fields. Keys left out are not written."""

    fields: Mapping[FieldKey, HostField] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, host in self.fields.items():
            natural = NATURAL_TYPES[FieldKey(key)]
            if host.type not in _COMPATIBLE[natural]:
                raise IncompatibleField(
                    f"{FieldKey(key).value} ({natural.value}) cannot be stored in "
                    f"{host.name!r}, a {host.type.value} field"
                )

    @classmethod
    def from_names(
        cls,
        names: Mapping[str | FieldKey, str],
        types: Mapping[str | FieldKey, ValueType | str] | None = None,
    ) -> FieldMapping:
        """Build from plain dicts (configuration files, admin screens); types default to natural."""
        result: dict[FieldKey, HostField] = {}
        for raw_key, name in names.items():
            if not name:
                continue
            key = FieldKey(raw_key)
            raw_type = (types or {}).get(raw_key, (types or {}).get(key.value))
            value_type = ValueType(raw_type) if raw_type else NATURAL_TYPES[key]
            result[key] = HostField(name, value_type)
        return cls(result)

    def to_host(
        self, values: Mapping[FieldKey, Any], *, lang: Language | str = "en"
    ) -> dict[str, Any]:
        """The host's field names with converted values, for the keys this mapping maps."""
        out: dict[str, Any] = {}
        for key, host in self.fields.items():
            if key in values:
                out[host.name] = convert(
                    values[key], NATURAL_TYPES[key], host.type, lang=lang, key=key
                )
        return out


def convert(
    value: Any,
    natural: ValueType,
    target: ValueType,
    *,
    lang: Language | str = "en",
    key: FieldKey | None = None,
) -> Any:
    """Convert one logical value to a host value type. ``None`` stays ``None`` (a cleared field)."""
    if value is None:
        return None
    if target is ValueType.TEXT:
        if natural is ValueType.BOOL:
            return translate("value.yes" if value else "value.no", lang)
        if natural is ValueType.DATE:
            return _as_date(value).isoformat()  # type: ignore[union-attr]
        if natural is ValueType.DATETIME:
            moment = _as_datetime(value)
            assert moment is not None
            return moment.astimezone(BRUSSELS).isoformat(timespec="seconds")
        if key is FieldKey.MANDATE_STATUS:
            return MandateStatusValue(value).label(lang)
        return str(value)
    if target is ValueType.BOOL:
        return bool(value)
    if target is ValueType.INT:
        return int(value)
    if target is ValueType.DATE:
        return _as_date(value)
    if target is ValueType.DATETIME:
        if natural is ValueType.DATE:
            day = _as_date(value)
            assert day is not None
            return dt.datetime.combine(day, dt.time(0, 0), tzinfo=BRUSSELS)
        return _as_datetime(value)
    raise IncompatibleField(f"unknown value type {target!r}")  # pragma: no cover
