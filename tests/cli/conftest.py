"""Fixtures of the command's tests: generated credentials and PRECONTRACT_* environments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from precontract.cli import cli
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
