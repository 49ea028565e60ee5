"""From a check's outcome to a host's custom fields, with expiry dates.

Three steps, each a plain function so every host uses the same rules:

1. :func:`values_from_outcome` – the outcome as **logical values** keyed by :class:`FieldKey`
   (Python ``bool``/``int``/``str``/``date``/``datetime``, ``None`` for "no value").
2. :func:`expire` – the rule that, at a given moment, clears the values whose consultation window
   has ended (flexi after its ``consultable until`` day, student hours after theirs, the approval
   link after its end of day). A host runs it on what it stored, e.g. nightly.
3. :meth:`FieldMapping.to_host` – logical values → the host's field names, converted to the value
   type each host field wants (date, datetime, bool, int, text); :meth:`FieldMapping.from_host`
   reads stored host values back (for the expiry rule), whatever language the texts were in.

Stored values follow the usual host conventions: a naive datetime is UTC, a date alone is a
Brussels day (a link expiry stored as a date lasts until that day's end).

>>> import datetime as dt
>>> mapping = FieldMapping({FieldKey.FLEXI_ELIGIBLE: HostField("x_flexi", ValueType.TEXT),
...                         FieldKey.FLEXI_CONSULTABLE_UNTIL: HostField("x_flexi_until", ValueType.DATE)})
>>> values = {FieldKey.FLEXI_ELIGIBLE: True, FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28)}
>>> mapping.to_host(values, lang="nl")
{'x_flexi': 'Ja', 'x_flexi_until': datetime.date(2026, 12, 28)}
>>> now = dt.datetime(2026, 12, 29, 9, 0, tzinfo=dt.UTC)
>>> expire(values, now).values[FieldKey.FLEXI_ELIGIBLE] is None
True
>>> mapping.from_host({"x_flexi": "Oui", "x_flexi_until": "2026-12-28"})[FieldKey.FLEXI_ELIGIBLE]
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from precontract.i18n import LANGUAGES, Language, translate
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
    "IncompatibleField",
    "MandateStatusValue",
    "ValueType",
    "expire",
    "holds_data",
    "next_expiry",
    "parse_host_value",
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

    def label(self, lang: Language | str = "en") -> str:
        """A short name for the value, for screens and tables (nl/fr/en)."""
        return translate(f"field.{self.value}", lang)


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
    CONFIRM_APPROVER = "confirm_approver"  # approved by someone: a person must accept them

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


def holds_data(values: Mapping[FieldKey, Any]) -> bool:
    """Whether ``values`` still hold an answer of the social security (a flexi or a student
    value): what may be kept and shown only inside its consultation window (:func:`expire`).

    >>> holds_data({FieldKey.MANDATE_STATUS: "pending", FieldKey.FLEXI_ELIGIBLE: None})
    False
    >>> holds_data({FieldKey.STUDENT_HOURS_REMAINING: 0})
    True
    """
    return any(values.get(key) is not None for key in (*FLEXI_KEYS, *STUDENT_KEYS))


_STATUS_OF_KIND = {
    OutcomeKind.NEEDS_APPROVAL: MandateStatusValue.NEEDS_APPROVAL,
    OutcomeKind.PENDING: MandateStatusValue.PENDING,
    OutcomeKind.RESULT: MandateStatusValue.ACTIVE,
    OutcomeKind.REFUSED: MandateStatusValue.REFUSED,
    OutcomeKind.EXPIRED: MandateStatusValue.EXPIRED,
    OutcomeKind.CANCELLED: MandateStatusValue.CANCELLED,
    OutcomeKind.REVOKED: MandateStatusValue.REVOKED,
    OutcomeKind.CONFIRM_APPROVER: MandateStatusValue.CONFIRM_APPROVER,
}


def values_from_outcome(outcome: CheckOutcome) -> dict[FieldKey, Any]:
    """Every logical key with its value for ``outcome`` (``None`` where there is none).

    All keys are present, so writing the result replaces what an earlier check left: a refused or
    revoked outcome clears stale data instead of leaving it on the record. A
    ``CONFIRM_APPROVER`` outcome gives its status, its moment and the ids to resume, no data:
    nothing read under another citizen's mandate reaches the applicant's record before a person
    accepts that citizen.
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


# Hosts read back what they stored: a naive datetime is UTC (Odoo's convention, and what a
# database without time zones gives back), a date alone is a Brussels day.


def _as_date(value: Any) -> dt.date | None:
    """A Brussels calendar day; raises ``ValueError`` for text that is no date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return brussels_today(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return _as_date(dt.datetime.fromisoformat(text))


def _as_datetime(value: Any, *, day_end: bool = False) -> dt.datetime | None:
    """An aware moment; a date alone is the start of that Brussels day (its end if ``day_end``)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return _day_moment(value, day_end=day_end)
    text = str(value).strip()
    if len(text) == 10:
        return _day_moment(dt.date.fromisoformat(text), day_end=day_end)
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day_moment(day: dt.date, *, day_end: bool) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59) if day_end else dt.time(0, 0), BRUSSELS)


def _readable(convert: Any, value: Any, **kwargs: Any) -> tuple[bool, Any]:
    """``(True, converted)``, or ``(False, None)`` when a stored value cannot be read."""
    try:
        return True, convert(value, **kwargs)
    except (TypeError, ValueError):
        return False, None


def expire(values: Mapping[FieldKey, Any], now: dt.datetime) -> ExpiryResult:
    """Clear the values whose consultation window has ended at ``now``.

    A ``consultable until`` date is the last Brussels day the data may be consulted: the values are
    kept through that day and cleared from the next. A group without its ``consultable until`` date
    is cleared too (we cannot show data without knowing it may still be shown). The approval link is
    cleared after its end of day, and a ``needs_approval``/``pending`` status becomes ``expired``.
    When every data window has ended, an ``active`` status becomes ``expired``.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime: give expire() a timezone-aware moment")
    today = brussels_today(now)
    out: dict[FieldKey, Any] = {FieldKey(key): value for key, value in values.items()}
    cleared: set[FieldKey] = set()

    def clear(keys: Iterable[FieldKey]) -> None:
        for key in keys:
            if out.get(key) is not None:
                cleared.add(key)
            if key in out:
                out[key] = None

    def group_expired(keys: tuple[FieldKey, ...], until_key: FieldKey) -> bool:
        has_data = any(out.get(k) is not None for k in keys if k is not until_key)
        readable, until = _readable(_as_date, out.get(until_key))
        if until is None:
            # No date, or one we cannot read: we cannot tell the data may still be shown.
            return has_data or not readable
        return bool(today > until)

    flexi_expired = group_expired(FLEXI_KEYS, FieldKey.FLEXI_CONSULTABLE_UNTIL)
    student_expired = group_expired(STUDENT_KEYS, FieldKey.STUDENT_CONSULTABLE_UNTIL)
    if flexi_expired:
        clear(FLEXI_KEYS)
    if student_expired:
        clear(STUDENT_KEYS)

    request_expired = False
    # A link expiry stored in a date field means the end of that day; an unreadable one has ended.
    readable, link_until = _readable(
        _as_datetime, out.get(FieldKey.REQUEST_EXPIRES_AT), day_end=True
    )
    if not readable or (link_until is not None and now > link_until):
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


def next_expiry(values: Mapping[FieldKey, Any], now: dt.datetime) -> dt.datetime | None:
    """The first moment from which :func:`expire` clears something in ``values`` (``now`` when it
    would already), ``None`` when nothing they hold ever expires. Lets a host find what is due by
    an index instead of running :func:`expire` over every record it keeps."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: give next_expiry() a timezone-aware moment")
    if expire(values, now).changed:
        return now
    moments: list[dt.datetime] = []
    for keys, until_key in (
        (FLEXI_KEYS, FieldKey.FLEXI_CONSULTABLE_UNTIL),
        (STUDENT_KEYS, FieldKey.STUDENT_CONSULTABLE_UNTIL),
    ):
        if any(values.get(k) is not None for k in keys):
            _, until = _readable(_as_date, values.get(until_key))
            if until is not None:  # kept through that day, cleared from the next
                moments.append(_day_moment(until + dt.timedelta(days=1), day_end=False))
    _, link_until = _readable(_as_datetime, values.get(FieldKey.REQUEST_EXPIRES_AT), day_end=True)
    if link_until is not None and any(values.get(k) is not None for k in REQUEST_KEYS):
        moments.append(link_until + dt.timedelta(seconds=1))
    return min(moments) if moments else None


@dataclass(frozen=True, slots=True)
class HostField:
    """One field of the host: its name and the value type it wants."""

    name: str
    type: ValueType

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a host field needs a name")
        object.__setattr__(self, "type", ValueType(self.type))


class IncompatibleField(ValueError):
    """A mapping asks to store a logical value in a host field of a type that cannot hold it."""


# Date keys that name the last day of something.
_LAST_DAYS = frozenset(
    {
        FieldKey.FLEXI_PERIOD_END,
        FieldKey.FLEXI_CONSULTABLE_UNTIL,
        FieldKey.STUDENT_CONSULTABLE_UNTIL,
    }
)

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
        # Keys given as plain strings (configuration files) become FieldKeys, so that every later
        # lookup, and the mandate-status label, works the same way.
        fields = {FieldKey(key): host for key, host in self.fields.items()}
        names: dict[str, FieldKey] = {}
        for key, host in fields.items():
            natural = NATURAL_TYPES[key]
            if host.type not in _COMPATIBLE[natural]:
                raise IncompatibleField(
                    f"{key.value} ({natural.value}) cannot be stored in "
                    f"{host.name!r}, a {host.type.value} field"
                )
            if host.name in names:
                raise IncompatibleField(
                    f"{names[host.name].value} and {key.value} are both mapped to {host.name!r}"
                )
            names[host.name] = key
        object.__setattr__(self, "fields", fields)

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

    def from_host(self, host_values: Mapping[str, Any]) -> dict[FieldKey, Any]:
        """The reverse of :meth:`to_host`: what a host stored → logical values (for :func:`expire`).

        Host fields absent from ``host_values`` are left out. Empty values (``None``, ``""``, and
        ``False`` outside a bool field, which is how Odoo reads an empty field) become ``None``;
        yes/no texts and mandate-status labels are recognised in every language. A value that
        cannot be read is passed through as is, so that :func:`expire` treats it as unknown.
        """
        out: dict[FieldKey, Any] = {}
        for key, host in self.fields.items():
            if host.name in host_values:
                out[key] = parse_host_value(
                    host_values[host.name], NATURAL_TYPES[key], host.type, key=key
                )
        return out


def _labels(keys: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for text_key, value in keys:
        for lang in LANGUAGES:
            labels.setdefault(translate(text_key, lang).casefold(), value)
    return labels


def parse_host_value(
    value: Any, natural: ValueType, stored_as: ValueType, *, key: FieldKey | None = None
) -> Any:
    """One stored host value back to its logical value (see :meth:`FieldMapping.from_host`)."""
    if value is None or value == "" or (value is False and stored_as is not ValueType.BOOL):
        return None
    if natural is ValueType.BOOL:
        if isinstance(value, str):
            yes_no = _labels([("value.yes", True), ("value.no", False)])
            return yes_no.get(value.strip().casefold(), value)
        return bool(value)
    if natural is ValueType.INT:
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if natural is ValueType.DATE:
        readable, day = _readable(_as_date, value)
        return day if readable else value
    if natural is ValueType.DATETIME:
        readable, moment = _readable(
            _as_datetime, value, day_end=key is FieldKey.REQUEST_EXPIRES_AT
        )
        return moment if readable else value
    if key is FieldKey.MANDATE_STATUS:
        text = str(value).strip()
        if text in MandateStatusValue._value2member_map_:
            return text
        statuses = _labels(
            (f"status.{status.value}", status.value) for status in MandateStatusValue
        )
        return statuses.get(text.casefold(), text)
    return str(value)


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
            day = _as_date(value)
            assert day is not None
            return day.isoformat()
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
            # A last day ("until", a period's end) lasts until its end, a first day from its start.
            return _day_moment(day, day_end=key in _LAST_DAYS)
        return _as_datetime(value)
    raise IncompatibleField(f"unknown value type {target!r}")  # pragma: no cover
