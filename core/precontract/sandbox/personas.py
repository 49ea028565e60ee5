"""The sandbox's test citizens and the data the social security would hold on them.

Every persona has a valid NISS (national register or BIS number) and data that follows the real
rules (``docs/sandbox.md`` lists them with the answers to expect):

- **flexi-job** eligibility is decided per calendar quarter *T*: eligible after at least 4/5
  employment with other employers in quarter *T-3*, or as a pensioner. The answer's period is the
  quarter of the sandbox's clock, so it changes at a quarter boundary as the real one does.
- **Student@work**: 650 hours per calendar year from 2025 (600 in 2023-2024, 475 before); the
  remaining balance is shown with its "as of" moment.

Data is fixed per quarter and year relative to the sandbox clock: tests are repeatable.

>>> MARIA.ssin.formatted, MARIA.flexi_eligible_on(dt.date(2026, 11, 28))
('85.07.30-033.28', True)
>>> [SEASONAL_WORKER.flexi_eligible_on(dt.date(2026, m, 1)) for m in (1, 4, 7, 10)]
[True, True, False, False]
>>> [REDUCED_TO_FOUR_FIFTHS.flexi_eligible_on(dt.date(2026, m, 1)) for m in (1, 4, 7, 10)]
[False, False, True, True]
>>> BIS_WORKER.ssin.is_bis
True
>>> contingent_hours(2026), contingent_hours(2024), contingent_hours(2022)
(650, 600, 475)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from precontract.identifiers import Ssin

__all__ = [
    "BIS_WORKER",
    "FLEXI_WORKER",
    "MARIA",
    "NOT_ELIGIBLE",
    "PENSIONER",
    "PERSONAS",
    "REDUCED_TO_FOUR_FIFTHS",
    "SEASONAL_WORKER",
    "STUDENT_AND_FLEXI",
    "STUDENT_FEW_HOURS",
    "STUDENT_FULL",
    "STUDENT_NO_HOURS",
    "Persona",
    "by_ssin",
    "contingent_hours",
    "quarter_of",
]


@dataclass(frozen=True, slots=True)
class Persona:
    """A test citizen. ``hours_used`` is what Dimona STU declarations reserved this year;
    ``description`` is in English (the portal's other languages are in its catalogue)."""

    key: str
    name: str
    ssin: Ssin
    description: str
    # Work with other employers as a fraction of full time in each quarter (Q1..Q4) of every
    # year: the same pattern each year keeps the answers repeatable on a moving clock.
    employment: tuple[float, float, float, float]
    pensioner: bool
    hours_used: int

    def employment_in(self, day: dt.date) -> float:
        """The fraction of full time worked in the quarter holding ``day``."""
        return self.employment[(day.month - 1) // 3]

    def flexi_eligible_on(self, day: dt.date) -> bool:
        """Eligible in the quarter *T* of ``day``: a pensioner, or 4/5 employment in *T-3*
        unless a drop from full time to 4/5 in *T-3* (or in *T-4*) blocks *T* (and *T+1*)."""
        return self._flexi_on(day)[0]

    def flexi_reason_on(self, day: dt.date) -> str:
        """Why :meth:`flexi_eligible_on` answers as it does (shown by the controls)."""
        return self._flexi_on(day)[1]

    def _flexi_on(self, day: dt.date) -> tuple[bool, str]:
        if self.pensioner:
            return True, "pensioner"
        worked = self.employment_in(_quarters_before(day, 3))
        if worked == 0:
            return False, "not employed in quarter T-3"
        if worked < 0.8:
            return False, "employed less than 4/5 in quarter T-3"
        if self._dropped_to_four_fifths(day):
            return (
                False,
                "reduced from full time to 4/5 in quarter T-3 or T-4: blocked in T and T+1",
            )
        return True, "employed at least 4/5 in quarter T-3"

    def _dropped_to_four_fifths(self, day: dt.date) -> bool:
        """Since 2024 a drop from full time (quarter *D-1*) to 4/5 (quarter *D*) blocks flexi in
        *D+3* and *D+4*: for the quarter of ``day``, a drop in *T-3* or in *T-4*."""
        for drop in (3, 4):
            before = self.employment_in(_quarters_before(day, drop + 1))
            after = self.employment_in(_quarters_before(day, drop))
            if before >= 1.0 and 0.8 <= after < 1.0:
                return True
        return False

    def remaining_hours(self, year: int) -> int:
        return max(0, contingent_hours(year) - self.hours_used)


def _quarters_before(day: dt.date, quarters: int) -> dt.date:
    """The first day of the quarter ``quarters`` before the one holding ``day``."""
    index = day.year * 4 + (day.month - 1) // 3 - quarters
    return dt.date(index // 4, 3 * (index % 4) + 1, 1)


def contingent_hours(year: int) -> int:
    """The Student@work quota of a calendar year."""
    if year >= 2025:
        return 650
    if year >= 2023:
        return 600
    return 475


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    if first_month == 10:
        end = dt.date(day.year, 12, 31)
    else:
        end = dt.date(day.year, first_month + 3, 1) - dt.timedelta(days=1)
    return start, end


def _persona(
    key: str,
    name: str,
    ssin: str,
    description: str,
    *,
    employment: float | tuple[float, float, float, float] = 0.0,
    pensioner: bool = False,
    hours_used: int = 0,
) -> Persona:
    pattern = employment if isinstance(employment, tuple) else (employment,) * 4
    return Persona(key, name, Ssin.parse(ssin), description, pattern, pensioner, hours_used)


MARIA = FLEXI_WORKER = _persona(
    "flexi_worker",
    "Maria Abara",
    "85073003328",
    "Works 4/5 for another employer (quarter T-3): eligible for a flexi-job.",
    employment=0.8,
)
PENSIONER = _persona(
    "pensioner",
    "Jozef Peeters",
    "55021411750",
    "Retired (in the pension register): eligible for a flexi-job.",
    pensioner=True,
)
NOT_ELIGIBLE = _persona(
    "not_eligible",
    "Sofie Dubois",
    "90061124202",
    "Works half-time (quarter T-3): not eligible for a flexi-job.",
    employment=0.5,
)
STUDENT_FULL = _persona(
    "student_full",
    "Lucas Janssens",
    "05031808614",
    "Student who has not worked yet this year: all 650 hours left.",
)
STUDENT_FEW_HOURS = _persona(
    "student_few_hours",
    "Emma Claes",
    "04092315114",
    "Student who has worked a lot this year: 38 hours left.",
    hours_used=612,
)
STUDENT_NO_HOURS = _persona(
    "student_no_hours",
    "Noah Lambert",
    "06110220861",
    "Student who has used the whole quota: 0 hours left.",
    hours_used=650,
)
BIS_WORKER = _persona(
    "bis_worker",
    "Ana Kowalska",
    "87451203105",
    "Not in the national register (BIS number); works full time: eligible for a flexi-job.",
    employment=1.0,
)
SEASONAL_WORKER = _persona(
    "seasonal_worker",
    "Tom Willems",
    "92041712366",
    "Works 4/5 in spring and summer: eligible from January to June, not from July to December.",
    employment=(0.0, 0.8, 0.8, 0.0),
)
REDUCED_TO_FOUR_FIFTHS = _persona(
    "reduced_to_four_fifths",
    "Sarah Vermeulen",
    "79091424587",
    "Full time in January–March, 4/5 from April: the drop blocks flexi from January to June, "
    "eligible from July to December.",
    employment=(1.0, 0.8, 0.8, 0.8),
)
STUDENT_AND_FLEXI = _persona(
    "student_and_flexi",
    "Yasmine El Amrani",
    "03070512461",
    "Student who also worked 4/5 in quarter T-3: eligible for a flexi-job, 412 hours left.",
    employment=0.8,
    hours_used=238,
)

PERSONAS: tuple[Persona, ...] = (
    FLEXI_WORKER,
    PENSIONER,
    NOT_ELIGIBLE,
    STUDENT_FULL,
    STUDENT_FEW_HOURS,
    STUDENT_NO_HOURS,
    BIS_WORKER,
    STUDENT_AND_FLEXI,
    SEASONAL_WORKER,
    REDUCED_TO_FOUR_FIFTHS,
)
_BY_SSIN = {p.ssin.compact: p for p in PERSONAS}


def by_ssin(ssin: Ssin | str) -> Persona | None:
    """The persona with this NISS, if any."""
    return _BY_SSIN.get(ssin.compact if isinstance(ssin, Ssin) else str(ssin))
