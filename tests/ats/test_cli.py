"""``precontract connector …``: migrate, create-admin, generate-key, worker --once, serve's checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from precontract.errors import ConfigurationError
from precontract_ats.cli import connector
from precontract_ats.crypto import SecretBox
from precontract_ats.service import build_app
from precontract_ats.services.admins import authenticate
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database, current_revision, head_revision

from .conftest import NOW_FOR_CLI
from .support import Served


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PRECONTRACT_CONNECTOR_DATABASE_URL": f"sqlite:///{tmp_path}/c.db", **extra}


def test_migrate_creates_the_schema_and_create_admin_lets_someone_in(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(connector, ["migrate"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    db = Database(f"sqlite:///{tmp_path}/c.db")
    assert current_revision(db.engine) == head_revision()

    result = runner.invoke(
        connector,
        ["create-admin", "roos", "--password", "a long enough password"],
        env=_env(tmp_path),
    )
    assert result.exit_code == 0, result.output
    with db.session() as session:
        assert authenticate(
            session, "roos", "a long enough password", address="cli", now=NOW_FOR_CLI
        ).ok
    short = runner.invoke(
        connector, ["create-admin", "roos", "--password", "short"], env=_env(tmp_path)
    )
    assert short.exit_code != 0
    assert "12 characters" in short.output
    db.dispose()


def test_generate_key_prints_a_key_the_service_accepts() -> None:
    result = CliRunner().invoke(connector, ["generate-key"])
    key = result.output.strip()
    assert SecretBox([key]).decrypt(SecretBox([key]).encrypt(b"x")) == b"x"


def test_the_worker_runs_one_round(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(connector, ["migrate"], env=_env(tmp_path))
    key = runner.invoke(connector, ["generate-key"]).output.strip()
    result = runner.invoke(
        connector, ["worker", "--once"], env=_env(tmp_path, PRECONTRACT_CONNECTOR_SECRET_KEY=key)
    )
    assert result.exit_code == 0, result.output
    assert "polled: 0" in result.output


def test_the_worker_refuses_to_run_without_a_key(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(connector, ["migrate"], env=_env(tmp_path))
    result = runner.invoke(connector, ["worker", "--once"], env=_env(tmp_path))
    assert result.exit_code != 0
    assert "PRECONTRACT_CONNECTOR_SECRET_KEY" in result.output


def test_serving_needs_a_key_and_a_migrated_database(tmp_path: Path) -> None:
    settings = ConnectorSettings(database_url=f"sqlite:///{tmp_path}/c.db")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        build_app(settings, worker=False)
    keyed = ConnectorSettings(
        database_url=f"sqlite:///{tmp_path}/c.db",
        secret_keys=(SecretBox.generate().derive("x").hex(),),
    )
    with pytest.raises(ConfigurationError):
        build_app(keyed, worker=False)  # not a Fernet key
    dev = ConnectorSettings(database_url=f"sqlite:///{tmp_path}/c.db", dev_mode=True)
    with pytest.raises(ConfigurationError, match="connector migrate"):
        build_app(dev, worker=False)
    with Served(build_app(dev, worker=False, migrate=True)) as server:
        assert requests.get(f"{server.url}/healthz", timeout=10).json() == {"status": "ok"}
        # The plugins' endpoints are there, and refuse a call without a token.
        assert requests.get(f"{server.url}/ats/recruitee/tests", timeout=10).status_code == 401


def test_the_precontract_command_offers_the_connector() -> None:
    from precontract.cli.app import cli

    result = CliRunner().invoke(cli, ["connector", "--help"])
    assert result.exit_code == 0, result.output
    for command in ("serve", "migrate", "create-admin", "worker"):
        assert command in result.output
