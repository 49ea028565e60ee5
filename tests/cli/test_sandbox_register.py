"""`precontract sandbox register`: a client ID and certificate registered with a running sandbox,
ready for a configuration; and what a connection test says when that step was forgotten."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path
from typing import Any

from precontract.credentials import generate_credentials

from .conftest import Invoke

_KEY = "precontract-sandbox-key.pem"
_CERT = "precontract-sandbox-certificate.pem"


def _settings_from_files(
    base_env: dict[str, str], url: str, client_id: str, key: Path, cert: Path
) -> dict[str, str]:
    return {
        **base_env,
        "PRECONTRACT_ENVIRONMENT": "sandbox",
        "PRECONTRACT_SANDBOX_URL": url,
        "PRECONTRACT_CLIENT_ID": client_id,
        "PRECONTRACT_PRIVATE_KEY_FILE": str(key),
        "PRECONTRACT_CERTIFICATE_FILE": str(cert),
        "PRECONTRACT_REQUESTER": "0123456749",
        "PRECONTRACT_EMPLOYER": "0403019261",
    }


def test_register_makes_a_key_and_certificate_that_then_sign_in(
    invoke: Invoke, base_env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    result = invoke(
        ["sandbox", "register", "--url", sandbox.url, "--output-dir", str(tmp_path), "--json"],
        base_env,
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["clientId"].startswith("self_service_chaman_")
    key, cert = tmp_path / _KEY, tmp_path / _CERT
    assert answer["privateKeyFile"] == str(key)
    assert answer["certificateFile"] == str(cert)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600  # the key is the user's alone
    assert "PRIVATE KEY" not in result.output
    env = _settings_from_files(base_env, sandbox.url, answer["clientId"], key, cert)
    tested = invoke(["test-connection"], env)
    assert tested.exit_code == 0, tested.output
    assert "works" in tested.stdout


def test_register_an_existing_certificate_and_print_the_settings(
    invoke: Invoke, base_env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    key_pem, cert_pem = generate_credentials("Roos BV")
    key, cert = tmp_path / "roos.key", tmp_path / "roos.pem"
    key.write_bytes(key_pem)
    cert.write_bytes(cert_pem)
    env = {**base_env, "PRECONTRACT_SANDBOX_URL": sandbox.url}
    result = invoke(
        [
            "sandbox",
            "register",
            "--certificate-file",
            str(cert),
            "--client-id",
            "roos_1",
            "--lang",
            "nl",
        ],
        env,
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Geregistreerd bij de sandbox {sandbox.url}: client-ID roos_1" in out
    assert f'  sandbox_url = "{sandbox.url}"' in out
    assert '  client_id = "roos_1"' in out
    assert f'  certificate_file = "{cert}"' in out
    assert "private_key_file" not in out  # the user has the key; nothing was made
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roos.key", "roos.pem"]
    tested = invoke(
        ["test-connection"], _settings_from_files(base_env, sandbox.url, "roos_1", key, cert)
    )
    assert tested.exit_code == 0, tested.output


def test_register_never_overwrites_a_key_and_sends_nothing_then(
    invoke: Invoke, base_env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    (tmp_path / _KEY).write_text("mine", encoding="utf-8")
    result = invoke(
        [
            "sandbox",
            "register",
            "--url",
            sandbox.url,
            "--output-dir",
            str(tmp_path),
            "--client-id",
            "x_1",
        ],
        base_env,
    )
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (tmp_path / _KEY).read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / _CERT).exists()
    assert sandbox.state.client("x_1") is None


def test_register_without_a_sandbox_is_one_line_and_writes_nothing(
    invoke: Invoke, base_env: dict[str, str], tmp_path: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    result = invoke(["sandbox", "register", "--url", url, "--output-dir", str(tmp_path)], base_env)
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        f"Error: No sandbox answered at {url}: start one with `precontract sandbox`, or give its "
        "address with --url."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_connection_test_against_a_sandbox_that_does_not_know_the_client_says_to_register(
    invoke: Invoke, base_env: dict[str, str], sandbox: Any, tmp_path: Path
) -> None:
    key_pem, cert_pem = generate_credentials("never registered")
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    key.write_bytes(key_pem)
    cert.write_bytes(cert_pem)
    env = _settings_from_files(base_env, sandbox.url, "self_service_chaman_9_x", key, cert)
    result = invoke(["test-connection"], env)
    assert result.exit_code == 5
    flat = " ".join(result.stdout.split())
    assert (
        f"The sandbox {sandbox.url} does not know the client ID self_service_chaman_9_x with this "
        "certificate: register them with the sandbox first"
    ) in flat
    assert "precontract sandbox register" in flat
    assert "Chaman" not in flat
    assert "were not checked: signing in failed" in flat
