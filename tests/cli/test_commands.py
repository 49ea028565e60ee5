"""The everyday commands against the sandbox over HTTP: exit codes, --json, the NISS masked."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from precontract.sandbox import personas
from precontract.timeutil import brussels_today

from .conftest import Invoke, run_json

MARIA = personas.FLEXI_WORKER.ssin
YASMINE = personas.STUDENT_AND_FLEXI.ssin


def no_full_niss(text: str) -> None:
    for ssin in (MARIA, YASMINE):
        assert ssin.compact not in text
        assert ssin.formatted not in text


def test_the_check_journey_with_its_exit_codes(
    invoke: Invoke, env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    png = tmp_path / "qr.png"
    first = run_json(invoke, ["check", MARIA.formatted, "--qr-png", str(png)], env, 10)
    assert first["outcome"] == "needs_approval"
    assert first["final"] is False
    assert first["ssin"] == MARIA.masked
    assert first["approvalUrl"].startswith(sandbox.url)
    assert first["fields"]["mandate_status"] == "needs_approval"
    request_id = first["state"]["requestId"]
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.read_bytes())))
    assert [code.text for code in decoded] == [first["approvalUrl"]]

    pending = run_json(invoke, ["check", str(MARIA), "--request-id", request_id], env, 10)
    assert pending["outcome"] == "pending"

    sandbox.approve(request_id, str(MARIA))
    result = invoke(["check", str(MARIA), "--request-id", request_id, "--json"], env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["outcome"] == "result"
    assert data["fields"]["flexi_eligible"] is True
    until = dt.date.fromisoformat(data["fields"]["flexi_consultable_until"])
    assert until > brussels_today(sandbox.now())
    assert data["mandateId"]
    no_full_niss(result.output)

    # The audit trail the command wrote, NISS masked.
    audit = Path(env["PRECONTRACT_AUDIT_LOG"]).read_text(encoding="utf-8")
    actions = [json.loads(line)["action"] for line in audit.splitlines()]
    assert actions == ["access_request.created", "consultation"]
    assert MARIA.compact not in audit

    sandbox.revoke(data["mandateId"])
    revoked = run_json(invoke, ["check", str(MARIA), "--mandate-id", data["mandateId"]], env, 11)
    assert revoked["outcome"] == "revoked"
    assert revoked["fields"]["flexi_eligible"] is None


def test_check_in_text_shows_the_qr_code_the_link_and_what_to_keep(
    invoke: Invoke, env: dict[str, str]
) -> None:
    result = invoke(["--lang", "fr", "check", str(YASMINE)], env)
    assert result.exit_code == 10
    assert "█" in result.stdout
    assert "/portal/requests/" in result.stdout
    assert "Lien d'approbation" in result.stdout
    assert "--request-id" in result.stdout
    no_full_niss(result.output)
    quiet = invoke(["check", str(YASMINE), "--no-qr"], env)
    assert "█" not in quiet.stdout


def test_a_result_in_text_is_a_table_of_fields(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    first = run_json(invoke, ["check", str(YASMINE)], env, 10)
    sandbox.approve(first["requestId"], str(YASMINE))
    result = invoke(["--lang", "nl", "check", str(YASMINE)], env)
    assert result.exit_code == 0, result.output
    assert "Resterende studentenuren" in result.stdout
    assert "412" in result.stdout
    assert "Toegang verleend" in result.stdout


def test_a_planned_start_next_year_warns(invoke: Invoke, env: dict[str, str], sandbox: Any) -> None:
    first = run_json(invoke, ["check", str(YASMINE)], env, 10)
    sandbox.approve(first["requestId"], str(YASMINE))
    next_year = brussels_today(sandbox.now()).year + 1
    data = run_json(
        invoke, ["check", str(YASMINE), "--planned-start", f"{next_year}-02-01"], env, 0
    )
    codes = {warning["code"] for warning in data["warnings"]}
    assert codes == {"flexi_period_not_covering_start", "student_year_differs"}


def test_request_status_and_cancel(invoke: Invoke, env: dict[str, str], sandbox: Any) -> None:
    created = run_json(invoke, ["request", str(YASMINE), "--data-type", "student"], env, 0)
    assert created["status"] == "PENDING"
    assert created["dataTypes"] == ["STUDENT_HOURS"]
    assert created["ssin"] == YASMINE.masked
    request_id = created["requestId"]
    assert run_json(invoke, ["status", request_id], env, 10)["status"] == "PENDING"
    # People read the status in their language; the JSON keeps the API's code.
    shown = invoke(["--lang", "nl", "status", request_id], env)
    assert "Wacht op goedkeuring" in shown.stdout
    assert "PENDING" not in shown.stdout
    cancelled = run_json(invoke, ["cancel", request_id], env, 0)
    assert cancelled["status"] == "CANCELLED"
    assert run_json(invoke, ["status", request_id], env, 11)["status"] == "CANCELLED"

    other = run_json(invoke, ["request", str(MARIA)], env, 0)
    sandbox.approve(other["requestId"], str(MARIA))
    approved = run_json(invoke, ["status", other["requestId"]], env, 0)
    assert approved["status"] == "APPROVED"
    assert approved["mandateId"]
    # An approved request cannot be cancelled: the API says no (409 → exit 5).
    refused = invoke(["cancel", other["requestId"]], env)
    assert refused.exit_code == 5
    assert "no longer pending" in refused.stderr

    unknown = invoke(["status", "no-such-request"], env)
    assert unknown.exit_code == 5


def test_refused_request_exits_11(invoke: Invoke, env: dict[str, str], sandbox: Any) -> None:
    created = run_json(invoke, ["request", str(MARIA)], env, 0)
    sandbox.refuse(created["requestId"], str(MARIA))
    assert run_json(invoke, ["status", created["requestId"]], env, 11)["status"] == "REFUSED"
    outcome = run_json(invoke, ["check", str(MARIA), "--request-id", created["requestId"]], env, 11)
    assert outcome["outcome"] == "refused"


def test_mandates_masks_the_niss_unless_asked(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    assert run_json(invoke, ["mandates"], env, 0) == []
    for ssin in (MARIA, YASMINE):
        created = run_json(invoke, ["request", str(ssin)], env, 0)
        sandbox.approve(created["requestId"], str(ssin))
    listed = run_json(invoke, ["mandates"], env, 0)
    assert sorted(m["ssin"] for m in listed) == sorted([MARIA.masked, YASMINE.masked])
    assert all(m["status"] == "ACTIVE" for m in listed)
    shown = run_json(invoke, ["mandates", "--niss", str(MARIA), "--show-niss"], env, 0)
    assert [m["ssin"] for m in shown] == [MARIA.compact]
    text = invoke(["mandates"], env)
    assert text.exit_code == 0
    assert MARIA.masked in text.stdout
    assert "Access granted" in text.stdout
    assert "ACTIVE" not in text.stdout
    no_full_niss(text.output)
    sandbox.revoke(shown[0]["mandateId"])
    assert len(run_json(invoke, ["mandates", "--status", "revoked"], env, 0)) == 1
    assert len(run_json(invoke, ["mandates", "--status", "all", "--limit", "1"], env, 0)) == 1


def test_test_connection(invoke: Invoke, env: dict[str, str]) -> None:
    report = run_json(invoke, ["test-connection"], env, 0)
    assert report["ok"] is True
    assert {c["name"] for c in report["checks"]} >= {"certificate", "token", "mandates_api"}
    text = invoke(["--lang", "nl", "test-connection"], env)
    assert text.exit_code == 0
    assert "De verbinding met de sociale zekerheid werkt" in text.stdout


def test_test_connection_with_an_unregistered_client_exits_5(
    invoke: Invoke, env: dict[str, str]
) -> None:
    unknown = {**env, "PRECONTRACT_CLIENT_ID": "self_service_chaman_999_unknown"}
    result = invoke(["test-connection", "--json"], unknown)
    assert result.exit_code == 5
    assert json.loads(result.stdout)["ok"] is False


@pytest.mark.parametrize(
    ("lang", "skipped"),
    [
        (
            "en",
            [
                '– The citizen mandates API and the permission "Burgermandaten - Beheren" were '
                "not checked: signing in failed.",
                '– The permission "Burgergegevens raadplegen - Onderneming" was not checked: '
                "signing in failed.",
            ],
        ),
        (
            "nl",
            [
                '– De API burgermandaten en de machtiging "Burgermandaten - Beheren" werden niet '
                "nagekeken: het aanmelden mislukte.",
                '– De machtiging "Burgergegevens raadplegen - Onderneming" werd niet nagekeken: '
                "het aanmelden mislukte.",
            ],
        ),
        (
            "de",
            [
                "– Die API der Bürgermandate und die Berechtigung „Burgermandaten - Beheren“ "
                "wurden nicht geprüft: die Anmeldung ist fehlgeschlagen.",
                "– Die Berechtigung „Burgergegevens raadplegen - Onderneming“ wurde nicht "
                "geprüft: die Anmeldung ist fehlgeschlagen.",
            ],
        ),
    ],
)
def test_a_failed_sign_in_names_each_check_it_left_unchecked(
    invoke: Invoke, env: dict[str, str], lang: str, skipped: list[str]
) -> None:
    unknown = {**env, "PRECONTRACT_CLIENT_ID": "self_service_chaman_999_unknown", "COLUMNS": "250"}
    result = invoke(["--lang", lang, "test-connection"], unknown)
    assert result.exit_code == 5
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert [line for line in lines if line.startswith("–")] == skipped
