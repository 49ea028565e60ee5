"""The results file of ``precontract recheck``: one row per applicant, in the file's order, as
CSV or JSON (the columns are listed in docs/cli.md)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from precontract.bulk import BulkResult
from precontract.cli import render
from precontract.errors import PrecontractError
from precontract.fields import FieldKey
from precontract.i18n import Language
from precontract.identifiers import EnterpriseNumber
from precontract.recheck import RecheckAction, decide

__all__ = ["write_results"]

_COLUMNS = (
    "line",
    "reference",
    "name",
    "email",
    "niss",
    "employer",
    "planned_start",
    "action",
    "status",
    "start_covered",
    "message",
    *(key.value for key in FieldKey),
    "error",
)


def _row(
    result: BulkResult,
    line_of: dict[tuple[str, EnterpriseNumber | None], int],
    lang: Language,
    now: dt.datetime,
) -> dict[str, Any]:
    applicant = result.item.applicant
    covered = decide(result.values, result.item.planned_start, now).action is RecheckAction.KEEP
    row: dict[str, Any] = {
        "line": line_of.get((applicant.reference, result.item.employer)),
        "reference": applicant.reference,
        "name": applicant.name,
        "email": applicant.email,
        "niss": applicant.ssin.masked if applicant.ssin else None,
        "employer": result.employer.compact,
        "planned_start": result.item.planned_start.isoformat(),
        "action": result.decision.action.value,
        "status": result.status,
        "start_covered": covered and result.error is None,
        "message": result.message(lang),
    }
    for key in FieldKey:
        row[key.value] = render.json_value(result.values.get(key))
    error = result.error
    row["error"] = _error_detail(error) if error is not None else None
    return row


def _error_detail(error: PrecontractError) -> str:
    return f"{type(error).__name__}: {error}"


def write_results(
    path: Path,
    results: list[BulkResult],
    line_of: dict[tuple[str, EnterpriseNumber | None], int],
    lang: Language,
    now: dt.datetime,
) -> None:
    rows = sorted((_row(r, line_of, lang, now) for r in results), key=lambda r: r["line"] or 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
