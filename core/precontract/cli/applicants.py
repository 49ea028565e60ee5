"""Reading an applicants file (CSV) for ``precontract recheck``, every row checked before any call.

Columns (header names in English, Dutch or French, any case; ``,``, ``;`` or tab separated, as
spreadsheets save them): NISS, reference, planned start, name, e-mail, and optionally employer.
A planned start is ``YYYY-MM-DD`` or ``DD/MM/YYYY``. Every problem is reported with its line
number, in the user's language; one bad row stops the run before anything is sent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from precontract.errors import InvalidIdentifier
from precontract.i18n import Language, translate
from precontract.identifiers import EnterpriseNumber, Ssin

__all__ = ["ApplicantRow", "RowProblem", "RowProblems", "read_applicants"]

# Header names as people write them (compared without case, spaces, dashes or underscores).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "niss": ("niss", "insz", "ssin", "rijksregisternummer", "nationalnumber"),
    "reference": ("reference", "referentie", "référence", "ref", "id"),
    "planned_start": (
        "plannedstart",
        "start",
        "startdate",
        "geplandestart",
        "startdatum",
        "débutprévu",
        "datededébut",
        "début",
    ),
    "name": ("name", "naam", "nom"),
    "email": ("email", "mail", "courriel", "emailadres", "adresseemail"),
    "employer": ("employer", "werkgever", "employeur", "kbo", "bce", "enterprisenumber"),
}
_REQUIRED = ("niss", "reference", "planned_start")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class ApplicantRow:
    line: int
    ssin: Ssin
    reference: str
    planned_start: dt.date
    name: str
    email: str | None
    employer: EnterpriseNumber | None


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int  # 1 is the header
    key: str
    params: dict[str, str]

    def message(self, lang: Language | str) -> str:
        return translate("cli.rows.line", lang, line=str(self.line)) + translate(
            f"cli.rows.{self.key}", lang, **self.params
        )


class RowProblems(ValueError):
    """The file has bad rows (or no usable header): nothing was sent."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the applicants file")
        self.problems = problems


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().casefold())


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_applicants(path: Path) -> list[ApplicantRow]:
    """Every row of ``path``; :class:`RowProblems` listing every bad one (nothing is sent)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # what older spreadsheets save
    first = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if header is None:
        raise RowProblems([RowProblem(1, "empty", {})])
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        for column, aliases in _COLUMNS.items():
            if _norm(name) in aliases and column not in columns:
                columns[column] = index
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise RowProblems(
            [
                RowProblem(
                    1,
                    "missing_columns",
                    {"columns": ", ".join(missing), "found": ", ".join(header)},
                )
            ]
        )

    rows: list[ApplicantRow] = []
    problems: list[RowProblem] = []
    references: dict[tuple[str, str], int] = {}
    people: dict[tuple[str, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between blocks are common in hand-made files

        def cell(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        before = len(problems)
        ssin: Ssin | None = None
        try:
            ssin = Ssin.parse(cell("niss"))
        except InvalidIdentifier:
            problems.append(RowProblem(line, "bad_niss", {}))
        reference = cell("reference")
        if not reference:
            problems.append(RowProblem(line, "no_reference", {}))
        start = _date(cell("planned_start"))
        if start is None:
            problems.append(RowProblem(line, "bad_date", {"value": cell("planned_start")}))
        email = cell("email") or None
        if email is not None and not _EMAIL.match(email):
            problems.append(RowProblem(line, "bad_email", {"value": email}))
        employer: EnterpriseNumber | None = None
        if cell("employer"):
            try:
                employer = EnterpriseNumber.parse(cell("employer"))
            except InvalidIdentifier:
                problems.append(RowProblem(line, "bad_employer", {"value": cell("employer")}))
        company = employer.compact if employer else ""
        if reference:
            earlier = references.setdefault((company, reference), line)
            if earlier != line:
                problems.append(
                    RowProblem(
                        line, "duplicate_reference", {"value": reference, "other": str(earlier)}
                    )
                )
        if ssin is not None:
            earlier = people.setdefault((company, ssin.compact), line)
            if earlier != line:
                # Two rows for one person would send them two access requests.
                problems.append(RowProblem(line, "duplicate_niss", {"other": str(earlier)}))
        if len(problems) == before and ssin is not None and start is not None:
            rows.append(ApplicantRow(line, ssin, reference, start, cell("name"), email, employer))
    if problems:
        raise RowProblems(problems)
    if not rows:
        raise RowProblems([RowProblem(1, "no_rows", {})])
    return rows
