"""The field mapping and the expiry rule: what a host receives, and when it must be cleared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precontract.fields import (
    FLEXI_KEYS,
    NATURAL_TYPES,
    REQUEST_KEYS,
    STUDENT_KEYS,
    FieldKey,
    FieldMapping,
    HostField,
    IncompatibleField,
    MandateStatusValue,
    ValueType,
    convert,
    expire,
    values_from_outcome,
)
from precontract.outcome import OutcomeKind
from precontract.timeutil import BRUSSELS

from . import samples

DATA_KEYS = (*FLEXI_KEYS, *STUDENT_KEYS)


def brussels(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


def result_values() -> dict[FieldKey, Any]:
    outcome = samples.outcome(OutcomeKind.RESULT, mandate=samples.mandate(), data=samples.data())
    return values_from_outcome(outcome)


# --------------------------------------------------------------------------- values_from_outcome


def test_a_result_fills_every_data_key_with_its_consultable_until_date() -> None:
    values = result_values()
    assert values[FieldKey.FLEXI_ELIGIBLE] is True
    assert values[FieldKey.FLEXI_PERIOD_START] == dt.date(2026, 10, 1)
    assert values[FieldKey.FLEXI_PERIOD_END] == dt.date(2026, 12, 31)
    assert values[FieldKey.FLEXI_CONSULTABLE_UNTIL] == dt.date(2026, 12, 28)
    assert values[FieldKey.STUDENT_HOURS_REMAINING] == 412
    assert values[FieldKey.STUDENT_YEAR] == 2026
    assert values[FieldKey.STUDENT_AS_OF] == brussels(2026, 11, 28, 10, 32)
    assert values[FieldKey.STUDENT_CONSULTABLE_UNTIL] == dt.date(2027, 2, 28)
    assert values[FieldKey.MANDATE_STATUS] == "active"
    assert values[FieldKey.MANDATE_ID] == "m-1"
    assert values[FieldKey.CHECKED_AT] == samples.CHECKED_AT
    assert values[FieldKey.REQUEST_URL] is None
    assert values[FieldKey.REQUEST_EXPIRES_AT] is None


def test_a_data_type_outside_the_mandate_leaves_its_keys_empty() -> None:
    outcome = samples.outcome(
        OutcomeKind.RESULT, mandate=samples.mandate(), data=samples.data(studentAtWork=None)
    )
    values = values_from_outcome(outcome)
    assert values[FieldKey.FLEXI_ELIGIBLE] is True
    assert all(values[key] is None for key in STUDENT_KEYS)


@pytest.mark.parametrize("kind", [OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING])
def test_a_waiting_outcome_carries_the_link_and_its_expiry(kind: OutcomeKind) -> None:
    values = values_from_outcome(samples.outcome(kind, request=samples.request()))
    assert values[FieldKey.REQUEST_URL] == "https://portal.example/requests/8f0c"
    assert values[FieldKey.REQUEST_EXPIRES_AT] == brussels(2026, 11, 28, 23, 59, 59)
    assert values[FieldKey.REQUEST_ID] == "8f0c"
    assert values[FieldKey.MANDATE_STATUS] == kind.value
    assert all(values[key] is None for key in DATA_KEYS)


@pytest.mark.parametrize(
    "kind", [OutcomeKind.REFUSED, OutcomeKind.EXPIRED, OutcomeKind.CANCELLED, OutcomeKind.REVOKED]
)
def test_a_final_outcome_clears_data_link_and_ids(kind: OutcomeKind) -> None:
    # Even when the objects behind it still hold data, a no-access outcome shows none of it.
    outcome = samples.outcome(
        kind,
        request=samples.request(status=kind.value.upper()),
        mandate=samples.mandate(status="REVOKED"),
        data=samples.data(),
    )
    values = values_from_outcome(outcome)
    assert set(values) == set(FieldKey), "every key is written, so stale values are replaced"
    assert values[FieldKey.MANDATE_STATUS] == kind.value
    for key in (*DATA_KEYS, *REQUEST_KEYS, FieldKey.REQUEST_ID, FieldKey.MANDATE_ID):
        assert values[key] is None, key


# --------------------------------------------------------------------------- expire


def test_flexi_is_kept_through_its_last_brussels_day_and_cleared_the_next() -> None:
    values = result_values()
    last_minute = brussels(2026, 12, 28, 23, 59)
    first_minute = brussels(2026, 12, 29, 0, 0)  # still 28 December in UTC
    assert first_minute.astimezone(dt.UTC).day == 28
    kept = expire(values, last_minute)
    assert not kept.changed
    assert kept.values == values
    gone = expire(values, first_minute)
    assert gone.flexi_expired
    assert not gone.student_expired
    assert gone.cleared == frozenset(FLEXI_KEYS)
    assert all(gone.values[key] is None for key in FLEXI_KEYS)
    assert gone.values[FieldKey.STUDENT_HOURS_REMAINING] == 412
    assert gone.values[FieldKey.MANDATE_STATUS] == "active", "student hours may still be shown"


def test_when_every_window_has_ended_the_status_becomes_expired() -> None:
    result = expire(result_values(), brussels(2027, 3, 1, 8, 0))
    assert result.flexi_expired
    assert result.student_expired
    assert all(result.values[key] is None for key in DATA_KEYS)
    assert result.values[FieldKey.MANDATE_STATUS] == "expired"
    assert FieldKey.MANDATE_STATUS in result.cleared
    # Running it again changes nothing: a nightly job can run it on every record.
    assert not expire(result.values, brussels(2027, 3, 2, 8, 0)).changed


def test_data_without_its_consultable_until_date_is_cleared() -> None:
    values = result_values()
    values[FieldKey.STUDENT_CONSULTABLE_UNTIL] = None
    result = expire(values, brussels(2026, 11, 28, 12, 0))
    assert result.student_expired
    assert not result.flexi_expired
    assert all(result.values[key] is None for key in STUDENT_KEYS)


def test_an_unreadable_until_date_is_treated_as_ended() -> None:
    values = result_values()
    values[FieldKey.FLEXI_CONSULTABLE_UNTIL] = "sometime"
    result = expire(values, brussels(2026, 11, 28, 12, 0))
    assert result.flexi_expired
    assert result.values[FieldKey.FLEXI_ELIGIBLE] is None


def test_the_approval_link_ends_with_its_day() -> None:
    values = values_from_outcome(
        samples.outcome(OutcomeKind.NEEDS_APPROVAL, request=samples.request())
    )
    assert not expire(values, brussels(2026, 11, 28, 23, 59, 58)).changed
    result = expire(values, brussels(2026, 11, 29, 0, 0, 1))
    assert result.request_expired
    assert result.values[FieldKey.REQUEST_URL] is None
    assert result.values[FieldKey.REQUEST_EXPIRES_AT] is None
    assert result.values[FieldKey.MANDATE_STATUS] == MandateStatusValue.EXPIRED.value
    assert result.cleared == {*REQUEST_KEYS, FieldKey.MANDATE_STATUS}


def test_a_link_expiry_stored_as_a_date_lasts_the_whole_day() -> None:
    values = {
        FieldKey.REQUEST_URL: "https://portal.example/requests/8f0c",
        FieldKey.REQUEST_EXPIRES_AT: dt.date(2026, 11, 28),
        FieldKey.MANDATE_STATUS: "pending",
    }
    assert not expire(values, brussels(2026, 11, 28, 22, 0)).changed
    assert expire(values, brussels(2026, 11, 29, 0, 1)).request_expired


def test_stored_forms_of_the_same_date_expire_alike() -> None:
    # What hosts hand back: a date, ISO text, an aware datetime, and a naive UTC datetime (Odoo).
    stored_forms: list[object] = [
        dt.date(2026, 12, 28),
        "2026-12-28",
        brussels(2026, 12, 28, 23, 59, 59),
        "2026-12-28T23:59:59+01:00",
        dt.datetime(2026, 12, 28, 22, 59, 59),  # naive = UTC = 23:59:59 in Brussels
        dt.datetime(2026, 12, 27, 23, 0),  # naive UTC = midnight starting the 28th in Brussels
    ]
    for stored in stored_forms:
        values = {FieldKey.FLEXI_ELIGIBLE: False, FieldKey.FLEXI_CONSULTABLE_UNTIL: stored}
        assert not expire(values, brussels(2026, 12, 28, 20, 0)).flexi_expired, stored
        assert expire(values, brussels(2026, 12, 29, 0, 30)).flexi_expired, stored


def test_a_bool_false_is_data_too() -> None:
    # "Not eligible" is an answer, not an absence: it must be cleared like "eligible".
    values = {FieldKey.FLEXI_ELIGIBLE: False, FieldKey.FLEXI_CONSULTABLE_UNTIL: None}
    assert expire(values, brussels(2026, 1, 1, 12, 0)).values[FieldKey.FLEXI_ELIGIBLE] is None


def test_expire_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="naive"):
        expire(result_values(), dt.datetime(2026, 12, 1, 12, 0))


@settings(max_examples=200)
@given(
    until=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    now=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2031, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    hours=st.integers(min_value=0, max_value=650),
)
def test_student_hours_are_shown_exactly_until_the_last_brussels_day(
    until: dt.date, now: dt.datetime, hours: int
) -> None:
    values = {FieldKey.STUDENT_HOURS_REMAINING: hours, FieldKey.STUDENT_CONSULTABLE_UNTIL: until}
    result = expire(values, now)
    still_allowed = now.astimezone(BRUSSELS).date() <= until
    assert (result.values[FieldKey.STUDENT_HOURS_REMAINING] == hours) is still_allowed


# --------------------------------------------------------------------------- mapping


def test_to_host_converts_to_each_value_type() -> None:
    values = result_values()
    mapping = FieldMapping(
        {
            FieldKey.FLEXI_ELIGIBLE: HostField("flexi_bool", ValueType.BOOL),
            FieldKey.FLEXI_PERIOD_START: HostField("period_start_dt", ValueType.DATETIME),
            FieldKey.FLEXI_PERIOD_END: HostField("period_end_dt", ValueType.DATETIME),
            FieldKey.FLEXI_CONSULTABLE_UNTIL: HostField("flexi_until_text", ValueType.TEXT),
            FieldKey.STUDENT_HOURS_REMAINING: HostField("hours_int", ValueType.INT),
            FieldKey.STUDENT_YEAR: HostField("year_text", ValueType.TEXT),
            FieldKey.STUDENT_AS_OF: HostField("as_of_date", ValueType.DATE),
            FieldKey.STUDENT_CONSULTABLE_UNTIL: HostField("student_until", ValueType.DATE),
            FieldKey.CHECKED_AT: HostField("checked_text", ValueType.TEXT),
            FieldKey.MANDATE_STATUS: HostField("status", ValueType.TEXT),
        }
    )
    host = mapping.to_host(values, lang="fr")
    assert host == {
        "flexi_bool": True,
        "period_start_dt": brussels(2026, 10, 1, 0, 0),
        # A last day lasts until its end, not its first second.
        "period_end_dt": brussels(2026, 12, 31, 23, 59, 59),
        "flexi_until_text": "2026-12-28",
        "hours_int": 412,
        "year_text": "2026",
        "as_of_date": dt.date(2026, 11, 28),
        "student_until": dt.date(2027, 2, 28),
        "checked_text": "2026-11-28T10:32:00+01:00",  # shown in Brussels time
        "status": "Accès accordé",
    }


@pytest.mark.parametrize(
    ("lang", "yes", "status"),
    [
        ("nl", "Ja", "Toegang verleend"),
        ("fr", "Oui", "Accès accordé"),
        ("en", "Yes", "Access granted"),
    ],
)
def test_texts_follow_the_language(lang: str, yes: str, status: str) -> None:
    mapping = FieldMapping.from_names(
        {"flexi_eligible": "x_flexi", "mandate_status": "x_status"}, {"flexi_eligible": "text"}
    )
    assert mapping.to_host(result_values(), lang=lang) == {"x_flexi": yes, "x_status": status}


def test_a_bool_can_go_to_an_int_field() -> None:
    mapping = FieldMapping({FieldKey.FLEXI_ELIGIBLE: HostField("customInt1", ValueType.INT)})
    assert mapping.to_host({FieldKey.FLEXI_ELIGIBLE: False}) == {"customInt1": 0}


def test_cleared_values_reach_the_host_as_none_and_unmapped_keys_are_not_written() -> None:
    mapping = FieldMapping.from_names({"student_hours_remaining": "hours", "flexi_eligible": ""})
    assert mapping.to_host({FieldKey.STUDENT_HOURS_REMAINING: None}) == {"hours": None}
    assert mapping.to_host({FieldKey.FLEXI_ELIGIBLE: True}) == {}


@pytest.mark.parametrize(
    ("key", "value_type"),
    [
        (FieldKey.STUDENT_HOURS_REMAINING, ValueType.DATE),
        (FieldKey.STUDENT_HOURS_REMAINING, ValueType.BOOL),
        (FieldKey.FLEXI_CONSULTABLE_UNTIL, ValueType.INT),
        (FieldKey.REQUEST_URL, ValueType.BOOL),
        (FieldKey.MANDATE_STATUS, ValueType.DATE),
    ],
)
def test_a_field_that_cannot_hold_the_value_is_refused_up_front(
    key: FieldKey, value_type: ValueType
) -> None:
    with pytest.raises(IncompatibleField, match=key.value):
        FieldMapping({key: HostField("x_field", value_type)})


def test_two_keys_in_one_host_field_are_refused() -> None:
    with pytest.raises(IncompatibleField, match="both mapped"):
        FieldMapping.from_names({"flexi_eligible": "x_same", "student_year": "x_same"})


def test_bad_names_and_types_are_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        HostField("  ", ValueType.TEXT)
    with pytest.raises(ValueError, match="no_such_key"):
        FieldMapping.from_names({"no_such_key": "x"})
    with pytest.raises(ValueError, match="colour"):
        FieldMapping.from_names({"flexi_eligible": "x"}, {"flexi_eligible": "colour"})


def test_plain_string_keys_work_like_field_keys() -> None:
    mapping = FieldMapping({"mandate_status": HostField("x_status", ValueType.TEXT)})  # type: ignore[dict-item]
    assert mapping.to_host({FieldKey.MANDATE_STATUS: "revoked"}, lang="nl") == {
        "x_status": "Ingetrokken door de sollicitant"
    }


def test_from_host_reads_back_what_odoo_style_hosts_store() -> None:
    mapping = FieldMapping.from_names(
        {
            "flexi_eligible": "x_flexi",
            "flexi_consultable_until": "x_until",
            "student_hours_remaining": "x_hours",
            "mandate_status": "x_status",
            "request_expires_at": "x_link_until",
            "request_url": "x_link",
        },
        {"flexi_eligible": "text"},
    )
    stored = {
        "x_flexi": "Nee",
        "x_until": False,  # Odoo reads an empty date as False
        "x_hours": 0,
        "x_status": "Wacht op goedkeuring",
        "x_link_until": dt.datetime(2026, 11, 28, 22, 59, 59),  # naive UTC
        "x_link": False,
        "x_unrelated": "left alone",
    }
    values = mapping.from_host(stored)
    assert values == {
        FieldKey.FLEXI_ELIGIBLE: False,
        FieldKey.FLEXI_CONSULTABLE_UNTIL: None,
        FieldKey.STUDENT_HOURS_REMAINING: 0,
        FieldKey.MANDATE_STATUS: "needs_approval",
        FieldKey.REQUEST_EXPIRES_AT: brussels(2026, 11, 28, 23, 59, 59),
        FieldKey.REQUEST_URL: None,
    }
    # And the rule applies to them: "not eligible" without its date cannot stay.
    assert expire(values, brussels(2026, 11, 28, 12, 0)).values[FieldKey.FLEXI_ELIGIBLE] is None


_COMPATIBLE_TYPES = {
    ValueType.BOOL: [ValueType.BOOL, ValueType.INT, ValueType.TEXT],
    ValueType.INT: [ValueType.INT, ValueType.TEXT],
    ValueType.DATE: [ValueType.DATE, ValueType.DATETIME, ValueType.TEXT],
    ValueType.DATETIME: [ValueType.DATETIME, ValueType.TEXT],  # a date field drops the time
    ValueType.TEXT: [ValueType.TEXT],
}


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_to_host_then_from_host_gives_back_the_logical_values(data: st.DataObject) -> None:
    values = result_values()
    values[FieldKey.STUDENT_AS_OF] = values[FieldKey.STUDENT_AS_OF].replace(microsecond=0)
    values[FieldKey.CHECKED_AT] = values[FieldKey.CHECKED_AT].replace(microsecond=0)
    lang = data.draw(st.sampled_from(["nl", "fr", "en"]))
    fields = {
        key: HostField(
            f"x_{key.value}", data.draw(st.sampled_from(_COMPATIBLE_TYPES[NATURAL_TYPES[key]]))
        )
        for key in FieldKey
    }
    mapping = FieldMapping(fields)
    back = mapping.from_host(mapping.to_host(values, lang=lang))
    for key in FieldKey:
        assert back[key] == values[key], (key, fields[key].type)


def test_convert_keeps_none() -> None:
    for natural, targets in _COMPATIBLE_TYPES.items():
        for target in targets:
            assert convert(None, natural, target) is None


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_key_has_a_label(lang: str) -> None:
    labels = {key: key.label(lang) for key in FieldKey}
    assert all(label != f"field.{key.value}" for key, label in labels.items())
    assert len(set(labels.values())) == len(labels), "two keys would look the same on screen"
