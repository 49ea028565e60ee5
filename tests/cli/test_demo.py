"""`precontract demo` as a user runs it: a subprocess that tells the whole journey and ends by
itself with exit code 0, without showing a full NISS or a key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from precontract.sandbox import personas

SHOWN = (personas.FLEXI_WORKER, personas.STUDENT_FEW_HOURS, personas.STUDENT_AND_FLEXI)


def run_demo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRECONTRACT_CONFIG": "",
        "COLUMNS": "100",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("PRECONTRACT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "precontract.cli", *args, "demo", "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=240,
        check=False,
    )


def test_the_demo_tells_every_persona_s_answer(tmp_path: Path) -> None:
    run = run_demo(tmp_path, "--lang", "en")
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    # Panels and tables wrap sentences: compare words, without the borders.
    flat = " ".join(out.replace("│", " ").split())
    assert run.stderr == ""
    assert "Step 1 of 10" in out
    assert "Step 10 of 10" in out
    for persona in SHOWN:
        assert persona.name in out
        assert persona.ssin.masked in out
        # Its QR code was saved, and decodes to an approval link of the demo's sandbox.
        png = tmp_path / f"qr-{persona.name.lower().replace(' ', '-')}.png"
        [code] = zxingcpp.read_barcodes(Image.open(png))
        assert "/portal/requests/" in code.text
    # Each persona's answer, as the applicant's file shows it.
    assert flat.count("The applicant's precontractual data was retrieved.") == 3
    assert "Student hours remaining" in out
    assert "│ 38 " in out  # Emma Claes: few hours left
    assert "│ 412 " in out  # Yasmine El Amrani
    assert "consultable" in out
    # The quarter warning for the flexi-jobber starting next quarter.
    assert "the planned start on" in flat
    assert "falls outside it: check again in that quarter." in flat
    # The revoked mandate and the mistyped NISS, with their messages.
    assert "The applicant has withdrawn access to their data." in flat
    typo = personas.FLEXI_WORKER
    assert (
        f"A recruiter mistypes the last digit of {typo.name}'s NISS ({typo.ssin.masked}: "
        "numbers stay masked on screen). The check digits no longer match, so the number is "
        "refused before any call goes out: ✘ This national register number (NISS) is not valid"
    ) in flat
    assert typo.ssin.compact[:-1] not in out  # nor the mistyped number
    # Expiry a month later, and the audit trail.
    assert "Cleared: Flexi-job eligible" in flat
    assert (tmp_path / "audit.jsonl").exists()
    assert str(tmp_path) in out
    # One PDF proof per applicant with a result, in the tour's language, listed at the end.
    for persona in SHOWN:
        proof = tmp_path / f"proof-{persona.name.lower().replace(' ', '-')}.pdf"
        reader = PdfReader(proof)
        assert len(reader.pages) == 1
        text = " ".join(reader.pages[0].extract_text().split())
        assert "Proof of a precontractual check" in text
        assert persona.name in text
        assert persona.ssin.masked in text
        assert f"  {proof.name}" in out
    # The audit trail in words a recruiter reads, not the trail's codes.
    assert flat.count("Data read") == 3
    assert "Awaiting approval" in flat
    assert "Access request created" in flat
    for code in ("access_request.created", "PENDING", "FLEXI_JOB_ELIGIBILITY", "│ data"):
        assert code not in out
    # The field tables speak of the applicant's file: no developer's "Key" column or "host".
    assert "┃ Key" not in out
    assert "host" not in flat
    # Nothing secret or personal in clear.
    for persona in personas.PERSONAS:
        assert persona.ssin.compact not in out
        assert persona.ssin.formatted not in out
    assert "PRIVATE KEY" not in out
    assert "BEGIN CERTIFICATE" not in out
    trail = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert all(p.ssin.compact not in trail for p in personas.PERSONAS)
    assert trail.count('"consultation"') == 3


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "De precontractuele gegevens van de sollicitant werden opgehaald."),
        ("fr", "Les données précontractuelles du candidat ont été récupérées."),
        ("de", "Die vorvertraglichen Daten des Bewerbers wurden abgerufen."),
    ],
)
def test_the_demo_speaks_dutch_french_and_german(tmp_path: Path, lang: str, expected: str) -> None:
    run = run_demo(tmp_path, "--lang", lang)
    assert run.returncode == 0, run.stdout + run.stderr
    flat = " ".join(run.stdout.replace("│", " ").split())
    assert flat.count(expected) == 3
    assert "Step " not in run.stdout


def test_interactive_demo_waits_for_the_applicant_to_approve(tmp_path: Path) -> None:
    """With --interactive nothing is approved for you: the tour goes on when the link is used."""
    import re
    import threading

    import requests

    env = {
        **os.environ,
        "PRECONTRACT_CONFIG": "",
        "COLUMNS": "200",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "precontract.cli",
            "--lang",
            "en",
            "demo",
            "--interactive",
            "--wait",
            "60",
            "--output-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    timer = threading.Timer(200, process.kill)  # never hang the suite
    timer.start()
    link = re.compile(r"(http://127\.0\.0\.1:\d+)/portal/requests/([0-9a-f-]+)")
    approvers = iter(SHOWN)
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            found = link.search(line)
            if found and "Approval link" in line:
                base, request_id = found.groups()
                # Nothing approves it but us: the request is still pending.
                answer = requests.post(
                    f"{base}/sandbox/accessRequests/{request_id}/approve",
                    json={"ssin": str(next(approvers).ssin)},
                    timeout=10,
                )
                assert answer.status_code == 200, answer.text
        code = process.wait(timeout=60)
    finally:
        timer.cancel()
        process.kill()
    out = "".join(lines)
    flat = " ".join(out.replace("│", " ").split())
    assert code == 0, out + (process.stderr.read() if process.stderr else "")
    assert flat.count("Open the link (or scan the code), sign in as") == 3
    assert "(simulated by the sandbox)" not in flat
    assert flat.count("The applicant's precontractual data was retrieved.") == 3
