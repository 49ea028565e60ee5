"""docs/sandbox.md promises each persona's answers: the sandbox gives exactly those."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from precontract.sandbox import SandboxServer, personas
from precontract.timeutil import BRUSSELS

from .support import Caller

DOC = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def _persona_rows() -> list[list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Python name"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_personas_table_is_what_the_api_answers(sandbox: SandboxServer) -> None:
    sandbox.set_clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS))
    caller = Caller.register(sandbox).login()
    rows = _persona_rows()
    assert {row[1].strip("`") for row in rows} == {p.key for p in personas.PERSONAS}
    for python_name, key, name, niss, flexi, hours in rows:
        persona = getattr(personas, python_name.split()[0].strip("`"))
        assert (persona.key, persona.name) == (key.strip("`"), name)
        assert niss.split()[0] == persona.ssin.formatted
        assert ("(BIS)" in niss) is persona.ssin.is_bis
        sandbox.approve(caller.new_request_id(), persona)
        data = caller.data(persona.ssin.compact).json()
        assert data["flexiJob"]["eligible"] is flexi.startswith("eligible"), name
        assert data["studentAtWork"]["remainingHours"] == int(hours), name
