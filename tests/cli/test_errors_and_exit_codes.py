"""One clear line and a documented exit code for every kind of failure; nothing sent on bad
input; secrets and the NISS never shown."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import responses

from .conftest import Invoke, settings_env

NISS = "85073003328"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_help_lists_every_command(invoke: Invoke, base_env: dict[str, str]) -> None:
    result = invoke(["--help"], base_env)
    assert result.exit_code == 0
    for command in (
        "demo",
        "sandbox",
        "check",
        "request",
        "status",
        "cancel",
        "mandates",
        "test-connection",
        "config",
    ):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "85073003329"], "NISS"),
        (["check", "85.07.30-033.2"], "NISS"),
        (["check", NISS, "--employer", "0403019262"], "enterprise number"),
        (["request", "12345678901"], "NISS"),
        (["mandates", "--niss", "85073003329"], "NISS"),
        (["check", NISS, "--planned-start", "tomorrow"], "planned-start"),
    ],
)
def test_invalid_input_exits_2_before_anything_is_sent(
    invoke: Invoke, base_env: dict[str, str], args: list[str], message: str
) -> None:
    # No configuration at all: the input is refused before the settings are even needed.
    with responses.RequestsMock(assert_all_requests_are_fired=False):  # any call would fail
        result = invoke(args, base_env)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert "85073003329" not in result.output
    assert "033.29" not in result.output


def test_the_error_line_follows_the_language(invoke: Invoke, base_env: dict[str, str]) -> None:
    nl = invoke(["--lang", "nl", "check", "85073003329"], base_env)
    assert nl.stderr.strip() == "Fout: Dit rijksregisternummer (INSZ) is niet geldig: kijk het na."
    fr = invoke(["check", "85073003329"], {**base_env, "PRECONTRACT_LANG": "fr"})
    assert fr.stderr.startswith("Erreur : Ce numéro de registre national (NISS)")


def test_a_missing_configuration_exits_3_naming_what_to_set(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    result = invoke(["check", NISS], base_env)
    assert result.exit_code == 3
    assert "client_id" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_key_that_does_not_match_the_certificate_exits_3(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes]
) -> None:
    from precontract.credentials import generate_credentials

    other_key, _ = generate_credentials("other")
    env = settings_env(base_env, other_key, credentials[1], client_id="self_service_chaman_1_a")
    result = invoke(["test-connection"], env)
    assert result.exit_code == 3
    assert "BEGIN" not in result.output  # no key material in the message


def test_an_unreachable_server_exits_4(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes]
) -> None:
    env = settings_env(
        base_env,
        *credentials,
        client_id="self_service_chaman_1_a",
        sandbox_url=f"http://127.0.0.1:{_closed_port()}",
        **{"retry.max_retries": "0"},
    )
    result = invoke(["check", NISS], env)
    assert result.exit_code == 4
    assert "could not" in result.stderr or "No connection" in result.stderr
    assert NISS not in result.output
    # The connection test reports it rather than failing, with the same exit code.
    report = invoke(["test-connection"], env)
    assert report.exit_code == 4
    assert "could not be reached" in report.stdout


def test_a_refused_sign_in_exits_5(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes]
) -> None:
    env = settings_env(
        base_env,
        *credentials,
        client_id="self_service_chaman_1_a",
        environment="acceptance",
        token_url="https://token.test/REST/oauth/v5/token",
        api_url="https://api.test/REST",
    )
    with responses.RequestsMock() as mock:
        mock.post(
            "https://token.test/REST/oauth/v5/token",
            status=401,
            json={"error": "invalid_client", "error_description": "unknown client"},
        )
        result = invoke(["--debug", "status", "some-request"], env)
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: Signing in to social security failed")
    assert "invalid_client" in result.stderr  # --debug adds the developer's detail


def test_config_show_hides_the_secrets(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes], tmp_path: Path
) -> None:
    env = settings_env(
        base_env, *credentials, client_id="self_service_chaman_1_a", key_password="hunter2"
    )
    # An unencrypted key with a password is accepted; the password must still stay hidden.
    text = invoke(["config", "show"], env)
    assert text.exit_code == 0, text.output
    as_json = invoke(["config", "show", "--json"], env)
    assert as_json.exit_code == 0
    shown = json.loads(as_json.stdout)
    assert shown["client_id"] == {
        "value": "self_service_chaman_1_a",
        "source": "environment PRECONTRACT_CLIENT_ID",
    }
    assert shown["private_key_pem"]["value"] == "(set, hidden)"
    for output in (text.output, as_json.output):
        assert "PRIVATE KEY" not in output
        assert "hunter2" not in output
        assert credentials[0].decode().splitlines()[1][:40] not in output


def test_config_file_option_is_used(
    invoke: Invoke, base_env: dict[str, str], credentials: tuple[bytes, bytes], tmp_path: Path
) -> None:
    (tmp_path / "key.pem").write_bytes(credentials[0])
    (tmp_path / "cert.pem").write_bytes(credentials[1])
    config = tmp_path / "precontract.toml"
    config.write_text(
        'environment = "sandbox"\nclient_id = "self_service_chaman_2_b"\n'
        'private_key_file = "key.pem"\ncertificate_file = "cert.pem"\nrequester = "0123.456.749"\n',
        encoding="utf-8",
    )
    result = invoke(["--config", str(config), "config", "show", "--json"], base_env)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["client_id"]["value"] == "self_service_chaman_2_b"
    assert shown["client_id"]["source"] == f"file {config}"


def test_the_connector_commands_hang_under_precontract(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    pytest.importorskip("precontract_ats.cli", reason="the connector is not installed")
    result = invoke(["connector", "--help"], base_env)
    assert result.exit_code == 0
    assert "serve" in result.stdout
    assert "connector" in invoke(["--help"], base_env).stdout
