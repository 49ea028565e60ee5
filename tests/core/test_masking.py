"""Masking has no holes (issue 10, point 5): every spelling Ssin.parse accepts is masked wherever
it appears, and an identifier's error never echoes a whole NISS."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from precontract.errors import InvalidEnterpriseNumber
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import MaskingFilter, mask_ssin, mask_ssins

from .test_identifiers import valid_ssins

# Independent of machine speed: no deadline, a fixed sequence of examples.
steady = settings(
    deadline=None,
    derandomize=True,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)

# What Ssin.parse removes between digits: whitespace, dots, dashes, slashes, in any run.
separators = st.lists(
    st.sampled_from([" ", ".", "-", "/", "\t", "\u00a0", " - ", " / ", "..", "  "]),
    min_size=1,
    max_size=2,
).map("".join)


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A valid NISS and one way of writing it: its digits cut anywhere, joined by separators."""
    compact = draw(valid_ssins)
    cuts = sorted(draw(st.sets(st.integers(1, 10), max_size=10)))
    groups = [compact[a:b] for a, b in zip([0, *cuts], [*cuts, 11], strict=True)]
    text = groups[0]
    for group in groups[1:]:
        text += draw(separators) + group
    return compact, text


# Text around a number in a log line or a message: no digits, so none can join the number.
surroundings = st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=12)


def no_ssin_recoverable(masked: str, compact: str) -> None:
    digits = re.sub(r"\D", "", masked)
    assert compact not in digits, masked
    assert compact[6:] not in digits, masked  # the serial and check digits are gone


@steady
@given(spellings(), surroundings, surroundings)
@example(("85073003328", "85-07-30-033-28"), "ssin=", "")
@example(("85073003328", "85/07/30/033/28"), "", " typed")
@example(("85073003328", "85.07.30 - 033.28"), "(", ")")
@example(("87451203105", "87 45 12 031 05"), "BIS ", ".")
def test_every_spelling_the_parser_accepts_is_masked_wherever_it_appears(
    spelled: tuple[str, str], before: str, after: str
) -> None:
    compact, text = spelled
    assert Ssin.parse(text).compact == compact  # the parser accepts this spelling
    line = f"{before}{text}{after}"
    masked = mask_ssins(line)
    no_ssin_recoverable(masked, compact)
    assert mask_ssin(compact) in masked
    assert mask_ssins(masked) == masked  # masking twice changes nothing


@steady
@given(st.lists(spellings(), min_size=2, max_size=4), st.sampled_from([" ", ", ", "; ", " and "]))
def test_several_numbers_in_one_text_are_all_masked(
    spelled: list[tuple[str, str]], joiner: str
) -> None:
    masked = mask_ssins(joiner.join(text for _, text in spelled))
    rest = masked
    for compact, _ in spelled:
        assert mask_ssin(compact) in masked
        rest = rest.replace(mask_ssin(compact), " ")
    # Once the masked forms are taken out, nothing of any number is left.
    assert not re.sub(r"[^0-9]", "", rest), masked


@pytest.mark.parametrize(
    "text",
    [
        "enterprise 0403.019.261",
        "BE 0403019261",
        "valid from 01/10/2026 - 31/12/2026",
        "2026-12-01 10:32:00",
        "call 0470 12 34 56",
        "reference 123456789012",
        "hours 650 of 650",
    ],
)
def test_what_is_no_ssin_stays_readable(text: str) -> None:
    assert mask_ssins(text) == text


def test_the_usual_spellings_are_masked_even_when_mistyped() -> None:
    assert mask_ssins("85073003329") == "85.07.30-***.**"
    assert mask_ssins("85.07.30-033.29") == "85.07.30-***.**"
    assert mask_ssins("850730-033-29") == "85.07.30-***.**"


def test_the_logging_filter_masks_every_spelling(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("precontract.test_masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("checking %s and %s", "85/07/30/033/28", "85.07.30 - 033.28")
    assert caplog.messages == ["checking 85.07.30-***.** and 85.07.30-***.**"]


@steady
@given(spellings(), st.sampled_from(["", "BE ", "BE", " "]))
def test_an_ssin_typed_as_an_enterprise_number_is_not_echoed(
    spelled: tuple[str, str], prefix: str
) -> None:
    compact, text = spelled
    with pytest.raises(InvalidEnterpriseNumber) as info:
        EnterpriseNumber.parse(prefix + text)
    for message in (str(info.value), info.value.user_message("nl"), repr(info.value)):
        no_ssin_recoverable(message, compact)


@steady
@given(st.text(max_size=30))
def test_no_enterprise_number_error_echoes_what_was_typed(raw: str) -> None:
    digits = re.sub(r"\D", "", raw)
    if len(digits) <= 10 or EnterpriseNumber.is_valid(raw):
        return
    # Longer than an enterprise number's shape: nothing of it is shown.
    with pytest.raises(InvalidEnterpriseNumber) as info:
        EnterpriseNumber.parse(raw)
    assert digits not in re.sub(r"\D", "", str(info.value))
