"""``precontract recheck`` against the sandbox over HTTP: rows checked first, exact requests and
consultations, the results file, --dry-run, and an interrupted run resumed without repeats."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from precontract.audit import AuditAction, JsonLinesAuditSink
from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.identifiers import Ssin
from precontract.sandbox.server import SandboxServer
from precontract.testing import synthetic_ssins
from precontract.timeutil import brussels_today

from .conftest import Invoke


def write_applicants(path: Path, count: int, start: dt.date, *, sep: str = ",") -> list[str]:
    numbers = list(synthetic_ssins(count))
    lines = [sep.join(["NISS", "Reference", "Planned start", "Name", "E-mail"])]
    for i, number in enumerate(numbers):
        ssin = Ssin.parse(number)
        lines.append(
            sep.join(
                [ssin.formatted, f"c{i}", start.isoformat(), f"Person {i}", f"c{i}@example.test"]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return numbers


def approve(settings: Settings, sandbox: SandboxServer, numbers: list[str]) -> None:
    with PrecontractClient(settings) as client:
        for number in numbers:
            request = client.mandates.create_access_request(
                requester=settings.requester, employer=settings.employer, ssin=number
            )
            sandbox.approve(request.request_id, number)


def audit_counts(env: dict[str, str]) -> tuple[int, int]:
    """(access requests created, consultations with data) in the command's audit file."""
    events = JsonLinesAuditSink(env["PRECONTRACT_AUDIT_LOG"]).read()
    created = sum(e.action is AuditAction.ACCESS_REQUEST_CREATED for e in events)
    consulted = sum(e.action is AuditAction.CONSULTATION and e.result == "data" for e in events)
    return created, consulted


def read_results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tokens_issued(sandbox: SandboxServer) -> int:
    with sandbox.state.reading() as data:
        return len(data.tokens)


def test_bad_rows_are_all_reported_by_line_before_anything_is_sent(
    invoke: Invoke, env: dict[str, str], sandbox: SandboxServer, tmp_path: Path
) -> None:
    file = tmp_path / "applicants.csv"
    good = list(synthetic_ssins(2))
    file.write_text(
        "INSZ;Referentie;Geplande start;Naam;E-mail\n"
        f"{good[0]};r1;2026-12-14;An;an@example.test\n"
        "85.07.30-033.29;r2;2026-12-14;Bo;bo@example.test\n"
        f"{good[1]};r3;14/13/2026;Cas;cas@example.test\n"
        f"{good[1]};r1;15/12/2026;Dirk;not-an-address\n",
        encoding="utf-8",
    )
    result = invoke(["--lang", "nl", "recheck", str(file)], env)
    assert result.exit_code == 2, result.output
    problems = result.stderr
    assert "Regel 3: het INSZ is geen geldig" in problems
    assert "Regel 4: de geplande start '14/13/2026' is geen datum" in problems
    assert "Regel 5: de referentie 'r1' staat al op regel 2" in problems
    assert "Regel 5: hetzelfde INSZ staat al op regel 4" in problems
    assert "Regel 5: het e-mailadres 'not-an-address' is niet geldig" in problems
    assert "er werd niets verstuurd" in problems
    assert "85.07.30-033.29" not in result.output
    assert tokens_issued(sandbox) == 0
    assert not (tmp_path / "applicants.journal.jsonl").exists()
    assert not (tmp_path / "applicants.results.csv").exists()


def test_a_file_without_the_needed_columns_says_which(
    invoke: Invoke, env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "applicants.csv"
    file.write_text("name,email\nAn,an@example.test\n", encoding="utf-8")
    result = invoke(["--lang", "fr", "recheck", str(file)], env)
    assert result.exit_code == 2
    assert "Ligne 1 : la ou les colonnes niss, reference, planned_start manquent" in result.stderr


def test_the_recheck_journey_with_its_results_file_and_exit_codes(
    invoke: Invoke,
    env: dict[str, str],
    sandbox: SandboxServer,
    sandbox_settings: Settings,
    tmp_path: Path,
) -> None:
    file = tmp_path / "applicants.csv"
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    numbers = write_applicants(file, 6, start, sep=";")
    approve(sandbox_settings, sandbox, numbers[:2])

    first = invoke(["recheck", str(file), "--no-progress", "--concurrency", "3"], env)

    assert first.exit_code == 10, first.output  # some applicants must still approve
    assert audit_counts(env) == (4, 2)
    rows = read_results(tmp_path / "applicants.results.csv")
    assert [r["reference"] for r in rows] == [f"c{i}" for i in range(6)]
    assert [r["status"] for r in rows] == ["result"] * 2 + ["needs_approval"] * 4
    assert [r["start_covered"] for r in rows] == ["True"] * 2 + ["False"] * 4
    assert rows[2]["request_url"].startswith(sandbox.url)
    assert "c2@example.test" in rows[2]["message"]
    assert rows[0]["niss"] == Ssin.parse(numbers[0]).masked
    text = (tmp_path / "applicants.results.csv").read_text(encoding="utf-8")
    text += (tmp_path / "applicants.journal.jsonl").read_text(encoding="utf-8")
    assert not any(n in text or Ssin.parse(n).formatted in text for n in numbers)
    assert "6 of 6 applicants done" in first.output

    # Again: the two answers still hold, the four requests are read, none is sent twice.
    second = invoke(
        ["recheck", str(file), "--no-progress", "--output", str(tmp_path / "r.json")], env
    )
    assert second.exit_code == 10, second.output
    assert audit_counts(env) == (4, 2)
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in results] == ["keep"] * 2 + ["pending"] * 4
    assert [r["action"] for r in results] == ["keep"] * 2 + ["poll"] * 4

    # The four approve: the third run reads their data, and everyone's start is covered.
    for row in rows[2:]:
        sandbox.approve(row["request_id"], Ssin.parse(numbers[int(row["reference"][1:])]))
    third = invoke(["recheck", str(file), "--no-progress"], env)
    assert third.exit_code == 0, third.output
    assert audit_counts(env) == (4, 6)
    assert {r["start_covered"] for r in read_results(tmp_path / "applicants.results.csv")} == {
        "True"
    }


def test_dry_run_lists_what_would_be_done_and_sends_nothing(
    invoke: Invoke,
    env: dict[str, str],
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    file = tmp_path / "applicants.csv"
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    write_applicants(file, 3, start)
    result = invoke(["--lang", "fr", "recheck", str(file), "--dry-run"], env)
    assert result.exit_code == 0, result.output
    assert "rien n'est envoyé" in result.output
    assert result.output.count("nouvelle demande") >= 3
    assert "Au total : nouvelle demande 3." in result.output
    assert tokens_issued(sandbox) == 0
    assert not (tmp_path / "applicants.journal.jsonl").exists()
    assert not (tmp_path / "applicants.results.csv").exists()


def test_an_interrupted_run_goes_on_where_it_stopped_and_repeats_nothing(
    invoke: Invoke,
    env: dict[str, str],
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    file = tmp_path / "applicants.csv"
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    write_applicants(file, 12, start)
    journal = tmp_path / "applicants.journal.jsonl"
    sandbox.inject_fault("*", "latency", latency_ms=300, count=None)  # slow enough to interrupt
    output = interrupt(file, env, journal, concurrency=2, after=3)
    assert "run the same command again" in output
    done_first = _journaled(journal)
    assert 3 <= done_first < 12
    created_first, _ = audit_counts(env)
    assert created_first == done_first  # everything sent was journaled
    sandbox.clear_faults()

    again = invoke(["recheck", str(file), "--no-progress"], env)

    assert again.exit_code == 10, again.output
    assert audit_counts(env) == (12, 0)  # each applicant asked once, over both runs
    rows = read_results(tmp_path / "applicants.results.csv")
    assert len(rows) == 12
    assert {r["status"] for r in rows} == {"needs_approval"}
    assert len({r["request_id"] for r in rows}) == 12


def interrupt(
    file: Path, env: dict[str, str], journal: Path, *, concurrency: int, after: int
) -> str:
    """Run the command in a process, press Ctrl+C once ``after`` answers are journaled, and give
    back what it printed (it must exit 130, interrupted)."""
    command = [sys.executable, "-m", "precontract.cli", "recheck", str(file)]
    command += ["--concurrency", str(concurrency)]
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 180
        while _journaled(journal) < after:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the command did not get going"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, (out, err)
    return out.decode() + err.decode()


def _journaled(journal: Path) -> int:
    if not journal.exists():
        return 0
    return sum(
        '"type":"result"' in line for line in journal.read_text(encoding="utf-8").splitlines()
    )


def test_a_busy_server_pauses_the_run_and_loses_no_applicant(
    invoke: Invoke, env: dict[str, str], sandbox: SandboxServer, tmp_path: Path
) -> None:
    file = tmp_path / "applicants.csv"
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    write_applicants(file, 8, start)
    sandbox.inject_fault("createAccessRequest", "status", status=429, retry_after=1, count=2)

    result = invoke(["recheck", str(file), "--no-progress", "--concurrency", "4"], env)

    assert result.exit_code == 10, result.output
    assert audit_counts(env) == (8, 0)
    assert {r["status"] for r in read_results(tmp_path / "applicants.results.csv")} == {
        "needs_approval"
    }
    assert sandbox.faults.list() == []  # both 429s were met, and waited out
    assert "trying again" not in result.stderr  # no line per retry: the run pauses as a whole


def test_a_few_hundred_rows_interrupted_leave_complete_results_and_resume_exactly(
    invoke: Invoke,
    env: dict[str, str],
    sandbox: SandboxServer,
    sandbox_settings: Settings,
    tmp_path: Path,
) -> None:
    file = tmp_path / "applicants.csv"
    start = brussels_today(sandbox.now()) + dt.timedelta(days=1)
    numbers = write_applicants(file, 240, start)
    approve(sandbox_settings, sandbox, numbers[::3])  # 80 with a mandate: their data is read
    journal = tmp_path / "applicants.journal.jsonl"
    results = tmp_path / "applicants.results.csv"
    sandbox.inject_fault("*", "latency", latency_ms=100, count=None)  # slow enough to interrupt
    interrupt(file, env, journal, concurrency=4, after=40)

    # Every applicant answered before it stopped is in the results file, the checks that were
    # under way and finished while it stopped included, each once; so is every call it made.
    done = _journaled(journal)
    assert 40 <= done < 240
    first = read_results(results)
    assert len(first) == len({r["reference"] for r in first}) == done
    created, consulted = audit_counts(env)
    assert created + consulted == done
    assert created == sum(r["status"] == "needs_approval" for r in first)
    assert consulted == sum(r["status"] == "result" for r in first)
    sandbox.clear_faults()

    again = invoke(["recheck", str(file), "--no-progress", "--concurrency", "8"], env)

    assert again.exit_code == 10, again.output
    # Over both runs: each applicant without a mandate asked once, each with one read once.
    assert audit_counts(env) == (160, 80)
    rows = read_results(results)
    assert [r["reference"] for r in rows] == [f"c{i}" for i in range(240)]
    assert Counter(r["status"] for r in rows) == {"result": 80, "needs_approval": 160}
    assert {r["start_covered"] for r in rows[::3]} == {"True"}
    assert len({r["request_id"] for r in rows if r["status"] == "needs_approval"}) == 160
    assert "240 of 240 applicants done" in again.output
