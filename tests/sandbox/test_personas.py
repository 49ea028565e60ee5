"""Flexi answers follow the quarter rules of domain.md on the sandbox clock, including the 2024
rule: a drop from full time to 4/5 in quarter D blocks flexi in D+3 and D+4."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import requests

from precontract.i18n import translate
from precontract.sandbox import SandboxServer, personas
from precontract.timeutil import BRUSSELS

from .support import Caller

REDUCED = personas.REDUCED_TO_FOUR_FIFTHS


@pytest.mark.parametrize(
    ("day", "eligible"),
    [
        (dt.date(2026, 1, 15), False),  # T-3 = Q2 2025, the quarter of the drop
        (dt.date(2026, 6, 30), False),  # T-4 = Q2 2025: T+1 is blocked too
        (dt.date(2026, 7, 1), True),  # T-3 = Q4 2025 at 4/5, no drop in Q3 or Q4 2025
        (dt.date(2026, 12, 31), True),  # T-3 = Q1 2026, full time
    ],
)
def test_a_drop_to_four_fifths_blocks_two_quarters(
    sandbox: SandboxServer, day: dt.date, eligible: bool
) -> None:
    sandbox.set_clock(dt.datetime.combine(day, dt.time(12), tzinfo=BRUSSELS))
    caller = Caller.register(sandbox).login()
    sandbox.approve(caller.new_request_id(), REDUCED)
    flexi = caller.data(REDUCED.ssin.compact).json()["flexiJob"]
    assert flexi["eligible"] is eligible
    listed = requests.get(f"{sandbox.url}/sandbox/personas", timeout=5).json()
    (row,) = [p for p in listed if p["key"] == REDUCED.key]
    assert row["flexiEligible"] is eligible
    assert ("blocked" in row["flexiReason"]) is not eligible


@pytest.mark.parametrize(
    "persona", [p for p in personas.PERSONAS if p is not REDUCED], ids=lambda p: p.key
)
def test_the_drop_rule_changes_no_other_persona_anywhere_in_the_year(
    persona: personas.Persona,
) -> None:
    # Only a full-time quarter followed by a 4/5 one is a drop.
    for month in (1, 4, 7, 10):
        day = dt.date(2026, month, 1)
        t_minus_3 = persona.employment[(month - 1) // 3 - 3]
        assert persona.flexi_eligible_on(day) is (persona.pensioner or t_minus_3 >= 0.8)


def test_every_persona_is_described_in_three_languages(sandbox: SandboxServer) -> None:
    for lang in ("nl", "fr", "en"):
        page = html.unescape(
            requests.get(f"{sandbox.url}/portal/", params={"lang": lang}, timeout=5).text
        )
        for persona in personas.PERSONAS:
            assert persona.name in page
            assert translate(f"portal.persona.{persona.key}", lang) in page
            # The English description (what the controls list) only on the English page.
            assert (persona.description in page) is (lang == "en"), (lang, persona.key)
        assert "portal.persona." not in page  # no key left untranslated
