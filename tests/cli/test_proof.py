"""`precontract check --proof FILE`: the PDF proof of the consultation, saved when data was read."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from precontract.sandbox import personas

from .conftest import Invoke

YASMINE = personas.STUDENT_AND_FLEXI


def test_check_saves_the_proof_once_the_data_is_read(
    invoke: Invoke, env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    proof = tmp_path / "proofs" / "yasmine.pdf"
    args = ["check", str(YASMINE.ssin), "--name", YASMINE.name, "--proof", str(proof)]
    first = invoke(["--lang", "nl", *args, "--json"], env)
    assert first.exit_code == 10, first.output
    # Waiting for the applicant: nothing was read, so there is no proof (said on stderr, the
    # JSON on stdout stays whole).
    request_id = json.loads(first.stdout)["requestId"]
    assert "Geen bewijs bewaard" in first.stderr
    assert not proof.exists()

    sandbox.approve(request_id, str(YASMINE.ssin))
    result = invoke(["--lang", "nl", *args, "--request-id", request_id], env)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert f"Bewijs van deze raadpleging bewaard als {proof}" in flat

    reader = PdfReader(io.BytesIO(proof.read_bytes()))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Bewijs van een precontractuele controle" in text
    assert YASMINE.name in text
    assert f"{YASMINE.ssin.masked} (gemaskeerd)" in text
    assert YASMINE.ssin.formatted not in text
    assert "412 van 650 uur" in text
    # The code on the page is the one the command wrote to its audit trail.
    lines = Path(env["PRECONTRACT_AUDIT_LOG"]).read_text(encoding="utf-8").splitlines()
    [consultation] = [json.loads(line) for line in lines if '"consultation"' in line]
    assert consultation["integrityCode"] in text
    assert consultation["requestId"] == request_id
