"""Fixtures of the command's tests: generated credentials, PRECONTRACT_* environments (``env``:
a client registered in the test sandbox), and running the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from precontract.cli import cli
from precontract.config import Settings
from precontract.credentials import generate_credentials


@pytest.fixture(scope="session")
def credentials() -> tuple[bytes, bytes]:
    return generate_credentials("precontract cli tests")


@pytest.fixture
def base_env(tmp_path: Path) -> dict[str, str]:
    """An environment with no configuration at all (the user's own must not leak in)."""
    return {
        "PRECONTRACT_CONFIG": "",
        "PRECONTRACT_LANG": "en",
        "PRECONTRACT_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "LANG": "C.UTF-8",
        "COLUMNS": "120",
    }


def settings_env(
    base: dict[str, str],
    key_pem: bytes,
    cert_pem: bytes,
    **settings: str,
) -> dict[str, str]:
    env = dict(base)
    env["PRECONTRACT_PRIVATE_KEY_PEM"] = key_pem.decode()
    env["PRECONTRACT_CERTIFICATE_PEM"] = cert_pem.decode()
    env.setdefault("PRECONTRACT_REQUESTER", "0123456749")
    env.setdefault("PRECONTRACT_EMPLOYER", "0403019261")
    for name, value in settings.items():
        env[f"PRECONTRACT_{name.upper().replace('.', '_')}"] = value
    return env


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    def run(args: list[str], env: dict[str, str], **kwargs: Any) -> Result:
        return CliRunner().invoke(cli, args, env=env, catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def env(sandbox: Any, sandbox_settings: Settings, base_env: dict[str, str]) -> dict[str, str]:
    """PRECONTRACT_* variables for a client registered in the test sandbox."""
    key = sandbox_settings.private_key_pem
    cert = sandbox_settings.certificate_pem
    assert key is not None
    assert cert is not None
    return settings_env(
        base_env,
        key.get_secret_value(),
        cert,
        client_id=sandbox_settings.client_id,
        sandbox_url=sandbox.url,
    )


def run_json(invoke: Invoke, args: list[str], env: dict[str, str], code: int) -> Any:
    """The command's ``--json`` answer, once its exit code is ``code``."""
    result = invoke([*args, "--json"], env)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)
