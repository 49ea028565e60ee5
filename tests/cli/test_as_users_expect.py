"""The command as its users expect it: options where they type them, dates as shown, errors a
script can read, the documented exit codes, and tables that keep ids whole."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner

from precontract.cli.app import cli, hoist_global_options
from precontract.config import MAX_FILE_BYTES
from precontract.sandbox import personas

from .conftest import Invoke, settings_env

MARIA = personas.FLEXI_WORKER.ssin


# ------------------------------------------------------------------------ global options


def test_lang_and_debug_after_the_command_work_as_before_it(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    after = invoke(["check", "85073003329", "--lang", "nl"], base_env)
    before = invoke(["--lang", "nl", "check", "85073003329"], base_env)
    assert after.exit_code == before.exit_code == 2
    assert after.stderr == before.stderr
    assert after.stderr.startswith("Fout: Dit rijksregisternummer (INSZ)")
    equals = invoke(["check", "85073003329", "--lang=fr"], base_env)
    assert equals.stderr.startswith("Erreur : Ce numéro de registre national")


def test_a_commands_own_option_of_the_same_name_stays_its_own() -> None:
    # demo has its own --lang; `config show` is a nested command; `--` ends the options.
    assert hoist_global_options(cli, ["demo", "--lang", "fr"]) == ["demo", "--lang", "fr"]
    assert hoist_global_options(cli, ["config", "show", "--debug", "--json"]) == [
        "--debug",
        "config",
        "show",
        "--json",
    ]
    assert hoist_global_options(cli, ["--lang", "nl", "status", "x", "--config", "c.toml"]) == [
        "--lang",
        "nl",
        "--config",
        "c.toml",
        "status",
        "x",
    ]
    assert hoist_global_options(cli, ["status", "--", "--lang"]) == ["status", "--", "--lang"]


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize("typed", ["15/01/2027", "2027-01-15", "15.01.2027"])
def test_planned_start_is_accepted_as_shown_and_in_iso(
    invoke: Invoke, env: dict[str, str], typed: str
) -> None:
    result = invoke(["check", str(MARIA), "--planned-start", typed, "--json", "--no-qr"], env)
    assert result.exit_code == 10, result.output
    assert json.loads(result.stdout)["outcome"] == "needs_approval"


def test_a_date_that_is_not_one_is_refused_in_the_users_language(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        result = invoke(
            ["check", str(MARIA), "--planned-start", "31/02/2027", "--lang", "nl"], base_env
        )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Fout: --planned-start: “31/02/2027” is geen datum; typ ze als 15/01/2027 (of 2027-01-15)."
    )


# ------------------------------------------------------------------------ --json errors


def test_json_errors_are_one_object_on_stderr_with_the_codes_meaning(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    bad_niss = invoke(["check", "85073003329", "--json", "--lang", "fr"], base_env)
    assert bad_niss.exit_code == 2
    assert bad_niss.stdout == ""
    error = json.loads(bad_niss.stderr)
    assert error == {
        "error": "invalid_input",
        "exitCode": 2,
        "message": "Ce numéro de registre national (NISS) n'est pas valide : veuillez le vérifier.",
    }
    missing = json.loads(invoke(["check", str(MARIA), "--json"], base_env).stderr)
    assert (missing["error"], missing["exitCode"]) == ("configuration_error", 3)
    assert "client_id" in missing["message"]
    usage = invoke(["status", "--json", "--no-such-option"], base_env)
    assert usage.exit_code == 2
    assert json.loads(usage.stderr)["error"] == "invalid_input"
    assert "--no-such-option" in json.loads(usage.stderr)["message"]


# ------------------------------------------------------------------------ exit codes


def test_cancelling_a_request_no_longer_pending_exits_5(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    created = json.loads(invoke(["request", str(MARIA), "--json", "--no-qr"], env).stdout)
    request_id = created["requestId"]
    first = invoke(["cancel", request_id], env)
    assert first.exit_code == 0, first.output
    again = invoke(["cancel", request_id], env)
    assert again.exit_code == 5
    assert "no longer pending (Cancelled)" in again.stderr

    approved = json.loads(invoke(["request", str(MARIA), "--json", "--no-qr"], env).stdout)
    sandbox.approve(approved["requestId"], str(MARIA))
    refused = invoke(["cancel", approved["requestId"], "--json"], env)
    assert refused.exit_code == 5
    assert json.loads(refused.stderr)["error"] == "refused_by_api"
    status = json.loads(invoke(["status", approved["requestId"], "--json"], env).stdout)
    assert status["status"] == "APPROVED"  # the approved request was left alone


@pytest.mark.parametrize("command", ["status", "cancel"])
@pytest.mark.parametrize("request_id", ["", "   "])
def test_an_empty_request_id_is_an_input_error(
    invoke: Invoke, base_env: dict[str, str], command: str, request_id: str
) -> None:
    # No configuration at all: refused before the settings, let alone a call.
    result = invoke([command, request_id], base_env)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: The id is empty: give the id that was printed when the request was made."
    )


def test_a_short_password_and_a_missing_secret_key_are_input_and_configuration_errors(
    invoke: Invoke, base_env: dict[str, str], tmp_path: Path
) -> None:
    pytest.importorskip("precontract_ats.cli", reason="the connector is not installed")
    connector_env = {
        **base_env,
        "PRECONTRACT_CONNECTOR_DATABASE_URL": f"sqlite:///{tmp_path}/c.db",
    }
    assert invoke(["connector", "migrate"], connector_env).exit_code == 0
    short = invoke(
        ["connector", "create-admin", "roos", "--password", "short", "--lang", "nl"],
        connector_env,
    )
    assert short.exit_code == 2
    assert short.stderr.strip() == "Fout: Een wachtwoord heeft minstens 12 tekens nodig."
    nameless = invoke(
        ["connector", "create-admin", " ", "--password", "a long enough password"], connector_env
    )
    assert nameless.exit_code == 2
    assert nameless.stderr.strip() == "Error: Give a user name."
    production = {**connector_env, "PRECONTRACT_CONNECTOR_DEV_MODE": "0"}
    production.pop("PRECONTRACT_CONNECTOR_SECRET_KEY", None)
    no_key = invoke(["connector", "worker", "--once"], production)
    assert no_key.exit_code == 3, no_key.output
    assert len(no_key.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------------ key files


@pytest.mark.parametrize("kind", ["device", "huge"])
def test_a_key_file_that_is_a_device_or_huge_is_refused_after_a_bounded_read(
    invoke: Invoke,
    base_env: dict[str, str],
    credentials: tuple[bytes, bytes],
    tmp_path: Path,
    kind: str,
) -> None:
    if kind == "device":
        key_file = Path("/dev/zero")
        expected = "is not a regular file"
    else:
        key_file = tmp_path / "key.pem"
        with key_file.open("wb") as sparse:  # a hole: big on paper, nothing written
            sparse.truncate(50 * MAX_FILE_BYTES)
        expected = "larger than 1024 KiB"
    cert_file = tmp_path / "cert.pem"
    cert_file.write_bytes(credentials[1])
    env = {
        **base_env,
        "PRECONTRACT_CLIENT_ID": "self_service_chaman_1_a",
        "PRECONTRACT_REQUESTER": "0123456749",
        "PRECONTRACT_PRIVATE_KEY_FILE": str(key_file),
        "PRECONTRACT_CERTIFICATE_FILE": str(cert_file),
    }
    result = invoke(["config", "show"], env)
    assert result.exit_code == 3
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_fifo_as_key_file_is_refused_without_waiting_for_a_writer(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes], tmp_path: Path
) -> None:
    fifo = tmp_path / "key.pem"
    os.mkfifo(fifo)
    env = {
        **base_env,
        "PRECONTRACT_CLIENT_ID": "self_service_chaman_1_a",
        "PRECONTRACT_REQUESTER": "0123456749",
        "PRECONTRACT_PRIVATE_KEY_FILE": str(fifo),
        "PRECONTRACT_CERTIFICATE_PEM": credentials[1].decode(),
    }
    result = invoke(["config", "show"], env)
    assert result.exit_code == 3
    assert "is not a regular file" in result.stderr


# ------------------------------------------------------------------------ sandbox port


def test_a_busy_port_for_the_sandbox_is_one_clear_line(base_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "precontract.cli", "sandbox", "--port", str(port)],
            env={**os.environ, **base_env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: Port {port} on 127.0.0.1 is already in use (another sandbox?): stop it or "
        "choose another port with --port."
    )
    assert result.stdout == ""


# ------------------------------------------------------------------------ tables at 80 columns


def test_tables_keep_niss_and_ids_whole_at_80_columns(
    env: dict[str, str], sandbox: Any, invoke: Invoke
) -> None:
    narrow = {**env, "COLUMNS": "80"}
    created = json.loads(invoke(["request", str(MARIA), "--json", "--no-qr"], env).stdout)
    sandbox.approve(created["requestId"], str(MARIA))
    mandate_id = json.loads(invoke(["status", created["requestId"], "--json"], env).stdout)[
        "mandateId"
    ]
    runner = CliRunner()
    for args in (
        ["mandates"],
        ["mandates", "--show-niss"],
        ["status", created["requestId"]],
        ["check", str(MARIA), "--request-id", created["requestId"], "--no-qr"],
    ):
        result = runner.invoke(cli, args, env=narrow, catch_exceptions=False, terminal_width=80)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80, result.stdout
        text = result.stdout
        assert mandate_id in text, f"{args}: the mandate id is broken\n{text}"
        shown_niss = MARIA.formatted if "--show-niss" in args else MARIA.masked
        if args[0] != "check":
            assert shown_niss in text, f"{args}: the NISS is broken\n{text}"
        assert not re.search(r"…", text), f"{args}: a value was cut\n{text}"


# ------------------------------------------------------------------------ retries


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "nl",
            "De diensten van de sociale zekerheid antwoordden niet zoals verwacht; nieuwe poging "
            "(1 van 2) over 0,0 s…",
        ),
        (
            "en",
            "The social security services did not answer as expected; trying again (1 of 2) in "
            "0.0 s…",
        ),
    ],
)
def test_retries_are_told_in_the_users_language_not_as_english_log_lines(
    invoke: Invoke,
    base_env: dict[str, str],
    credentials: tuple[bytes, bytes],
    lang: str,
    line: str,
) -> None:
    env = settings_env(
        base_env,
        *credentials,
        client_id="self_service_chaman_1_a",
        sandbox_url=f"http://127.0.0.1:{_closed_port()}",
        **{"retry.max_retries": "2", "retry.backoff_factor": "0"},
    )
    result = invoke(["status", "some-request", "--lang", lang], env)
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == [line, line.replace("(1 ", "(2 ")]
    assert len(lines) == 3  # the two notices and the error
    assert "retry" not in result.stderr
    assert "POST" not in result.stderr
    with_json = invoke(["status", "some-request", "--json"], env)
    assert json.loads(with_json.stderr)["error"] == "unreachable"  # nothing else on stderr
    debug = invoke(["status", "some-request", "--debug"], env)
    assert "retry 1 of 2" in debug.stderr  # the developer's English line, with --debug only


def test_the_command_speaks_german(invoke: Invoke, base_env: dict[str, str]) -> None:
    result = invoke(["check", "85073003329", "--lang", "de"], base_env)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Fehler: Diese Nationalregisternummer (ENSS) ist ungültig: bitte prüfen Sie sie."
    )
    german_locale = invoke(["status", ""], {**base_env, "PRECONTRACT_LANG": "de_BE.UTF-8"})
    assert german_locale.stderr.startswith("Fehler: Die Kennung ist leer")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "Fout: De connector is niet juist ingesteld: geen geheime sleutel: zet "
            "PRECONTRACT_CONNECTOR_SECRET_KEY op een sleutel gemaakt met `precontract connector "
            "generate-key` (of PRECONTRACT_CONNECTOR_DEV_MODE=1, enkel op de computer van een "
            "ontwikkelaar)",
        ),
        (
            "fr",
            "Erreur : Le connecteur n'est pas correctement configuré : pas de clé secrète : "
            "donnez à PRECONTRACT_CONNECTOR_SECRET_KEY une clé créée avec `precontract connector "
            "generate-key` (ou PRECONTRACT_CONNECTOR_DEV_MODE=1, uniquement sur l'ordinateur d'un "
            "développeur)",
        ),
        (
            "de",
            "Fehler: Der Connector ist nicht richtig eingerichtet: kein geheimer Schlüssel: "
            "setzen Sie PRECONTRACT_CONNECTOR_SECRET_KEY auf einen mit `precontract connector "
            "generate-key` erstellten Schlüssel (oder PRECONTRACT_CONNECTOR_DEV_MODE=1, nur auf "
            "dem Rechner eines Entwicklers)",
        ),
    ],
)
def test_the_connectors_own_settings_are_refused_in_the_operators_language(
    invoke: Invoke, base_env: dict[str, str], tmp_path: Path, lang: str, expected: str
) -> None:
    pytest.importorskip("precontract_ats.cli", reason="the connector is not installed")
    env = {
        **base_env,
        "PRECONTRACT_CONNECTOR_DATABASE_URL": f"sqlite:///{tmp_path}/c.db",
        "PRECONTRACT_CONNECTOR_DEV_MODE": "0",
        "PRECONTRACT_LANG": lang,
        "COLUMNS": "400",
    }
    env.pop("PRECONTRACT_CONNECTOR_SECRET_KEY", None)
    assert invoke(["connector", "migrate"], env).exit_code == 0
    no_key = invoke(["connector", "worker", "--once"], env)
    assert no_key.exit_code == 3
    assert no_key.stderr.strip() == expected
    not_a_number = invoke(
        ["connector", "worker", "--once"], {**env, "PRECONTRACT_CONNECTOR_BATCH_SIZE": "many"}
    )
    assert not_a_number.exit_code == 3
    assert "PRECONTRACT_CONNECTOR_BATCH_SIZE" in not_a_number.stderr
    assert "is not a number" not in not_a_number.stderr
