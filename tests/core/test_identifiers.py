"""Identifiers under fire: round trips, agreement with python-stdnum, and junk that must not crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from stdnum.be import ssn as stdnum_ssn
from stdnum.be import vat as stdnum_vat

from precontract.errors import InvalidEnterpriseNumber, InvalidIdentifier, InvalidSsin
from precontract.identifiers import EnterpriseNumber, Ssin

digits = st.text(alphabet="0123456789", min_size=1, max_size=12)


def _with_check_digits(first9: str, *, born_2000s: bool) -> str:
    base = int(("2" if born_2000s else "") + first9)
    return f"{first9}{97 - base % 97:02d}"


# Dates that exist, BIS months (+20/+40) included, before and after 2000.
valid_ssins = st.builds(
    lambda yy, mm, dd, serial, shift, y2k: _with_check_digits(
        f"{yy:02d}{mm + shift:02d}{dd:02d}{serial:03d}", born_2000s=y2k
    ),
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(1, 997),
    st.sampled_from([0, 20, 40]),
    st.booleans(),
).filter(lambda s: stdnum_ssn.is_valid(s))

valid_kbos = (
    st.builds(
        lambda first, rest: f"{first}{rest:07d}",
        st.sampled_from("01"),
        st.integers(0, 9_999_999),
    )
    .map(lambda eight: f"{eight}{97 - int(eight) % 97:02d}")
    .filter(stdnum_vat.is_valid)
)


@given(valid_ssins)
@example("85073003328")
def test_ssin_round_trips_through_every_written_form(compact: str) -> None:
    ssin = Ssin.parse(compact)
    assert ssin.compact == compact == str(ssin)
    assert Ssin.parse(ssin.formatted) == ssin
    assert Ssin.parse(f"  {ssin.formatted.replace('.', ' ')} ") == ssin
    assert ssin.formatted == stdnum_ssn.format(compact)
    assert ssin.masked == f"{compact[:2]}.{compact[2:4]}.{compact[4:6]}-***.**"
    assert compact[6:] not in repr(ssin)
    assert hash(Ssin.parse(ssin.formatted)) == hash(ssin)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_ssin_agrees_with_python_stdnum_on_random_digits(raw: str) -> None:
    assert Ssin.is_valid(raw) == stdnum_ssn.is_valid(raw)


@given(valid_kbos)
@example("0403019261")
def test_enterprise_number_round_trips(compact: str) -> None:
    kbo = EnterpriseNumber.parse(compact)
    assert kbo.compact == compact
    assert EnterpriseNumber.parse(kbo.formatted) == kbo
    assert EnterpriseNumber.parse(f"BE {kbo.formatted}") == kbo
    if compact.startswith("0"):  # returned without its leading 0, or an old 9-digit number
        assert EnterpriseNumber.parse(compact[1:]) == kbo


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_enterprise_number_agrees_with_python_stdnum_on_random_digits(raw: str) -> None:
    assert EnterpriseNumber.is_valid(raw) == stdnum_vat.is_valid(raw)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nine_digit_enterprise_numbers_get_their_leading_zero(raw: str) -> None:
    assert EnterpriseNumber.is_valid(raw) == stdnum_vat.is_valid("0" + raw)


junk = st.one_of(
    st.text(),
    digits,
    st.binary(),
    st.integers(),
    st.floats(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.booleans(),
)


def _attempt(parse: Any, raw: Any) -> tuple[Any, InvalidIdentifier | None]:
    try:
        return parse(raw), None
    except InvalidIdentifier as exc:  # anything else escapes and fails the test
        return None, exc


@given(junk)
def test_junk_never_crashes_with_anything_but_invalid_identifier(raw: Any) -> None:
    for parse, error in (
        (Ssin.parse, InvalidSsin),
        (EnterpriseNumber.parse, InvalidEnterpriseNumber),
    ):
        parsed, exc = _attempt(parse, raw)
        if exc is None:
            assert parse(str(parsed)) == parsed
        else:
            assert isinstance(exc, error)
            assert isinstance(exc, ValueError)
            assert exc.reason in {"empty", "format", "length", "checksum", "date", "first_digit"}


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_error_messages_never_show_a_whole_ssin(raw: str) -> None:
    _, exc = _attempt(Ssin.parse, raw)
    if exc is not None:
        assert raw not in str(exc)
        assert raw not in exc.user_message("nl")


class _Person(BaseModel):
    ssin: Ssin
    employer: EnterpriseNumber


def test_identifiers_as_pydantic_fields_validate_and_serialise_compact() -> None:
    person = _Person.model_validate({"ssin": "85.07.30-033.28", "employer": "403019261"})
    assert person.model_dump(mode="json") == {"ssin": "85073003328", "employer": "0403019261"}
    with pytest.raises(ValidationError) as info:
        _Person.model_validate({"ssin": "85073003329", "employer": "0403019261"})
    assert "85073003329" not in str(info.value).replace("input_value='85073003329'", "")
    assert "wrong check digits" in str(info.value)
