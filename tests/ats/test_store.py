"""The connector's store: migrations, moments, encrypted secrets, the key it refuses to run without.

Tests taking ``any_database`` run on SQLite and, when ``PRECONTRACT_TEST_POSTGRES_URL`` is set, on
PostgreSQL too (skipped with the reason otherwise).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from precontract.credentials import generate_credentials
from precontract.errors import ConfigurationError
from precontract_ats.crypto import SecretBox, SecretUnreadable, generate_key, secret_box_for
from precontract_ats.services import tenants
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store import database
from precontract_ats.store.database import Database, current_revision, head_revision
from precontract_ats.store.models import Base, Check, Connection, Tenant


def test_migrations_from_empty_give_exactly_the_models_schema(any_database: Database) -> None:
    assert current_revision(any_database.engine) is None
    any_database.migrate()
    assert current_revision(any_database.engine) == head_revision()
    with any_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    tables = set(sa.inspect(any_database.engine).get_table_names())
    assert {"tenants", "connections", "checks", "write_backs", "audit_records"} <= tables


def test_migrating_again_changes_nothing(database: Database) -> None:
    with database.session() as session:
        tenants.create_tenant(session, name="Roos", requester="0403019261")
    database.migrate()
    with database.session() as session:
        assert [t.name for t in tenants.list_tenants(session)] == ["Roos"]


def test_moments_come_back_timezone_aware_in_utc(any_database: Database) -> None:
    any_database.migrate()
    brussels = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 11, 28, 23, 59, 59, tzinfo=brussels)
    with any_database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        tenant.certificate_not_after = moment
        tenant_id = tenant.id
    with any_database.session() as session:
        stored = session.get(Tenant, tenant_id)
        assert stored is not None
        assert stored.certificate_not_after is not None
        assert stored.certificate_not_after == moment
        assert stored.certificate_not_after.utcoffset() == dt.timedelta(0)


def test_a_naive_moment_is_refused_before_it_is_stored(database: Database) -> None:
    with database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        tenant.certificate_not_after = dt.datetime(2026, 1, 1)
        with pytest.raises(sa.exc.StatementError, match="timezone-aware"):
            session.flush()
        session.rollback()


def test_deleting_a_tenant_deletes_its_connections_and_checks(any_database: Database) -> None:
    any_database.migrate()
    with any_database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        connection = Connection(tenant_id=tenant.id, kind="recruitee", name="R", settings={})
        session.add(connection)
        session.flush()
        session.add(
            Check(
                token="t",
                tenant_id=tenant.id,
                connection_id=connection.id,
                employer="0403019261",
                candidate_ref="1",
                status="pending",
            )
        )
    with any_database.session() as session:
        session.delete(session.scalars(sa.select(Tenant)).one())
    with any_database.session() as session:
        assert session.scalars(sa.select(Check)).all() == []
        assert session.scalars(sa.select(Connection)).all() == []


def test_the_private_key_is_stored_encrypted_and_reads_back(database: Database) -> None:
    box = SecretBox.generate()
    key, cert = generate_credentials("Roos BV")
    with database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        tenants.save_credentials(
            session,
            box,
            tenant,
            client_id="self_service_chaman_1_a",
            private_key=key,
            certificate=cert,
        )
    with database.engine.connect() as connection:
        raw = connection.execute(sa.text("SELECT private_key_enc FROM tenants")).scalar_one()
    assert b"PRIVATE KEY" not in raw
    assert key not in raw
    with database.session() as session:
        tenant = session.scalars(sa.select(Tenant)).one()
        settings = tenants.tenant_settings(tenant, box)
        assert settings.credentials.subject == "CN=Roos BV"
        assert tenant.certificate_subject == "CN=Roos BV"
        with pytest.raises(SecretUnreadable, match="rotated"):
            tenants.tenant_settings(tenant, SecretBox.generate())


def test_a_rotated_key_still_reads_what_the_old_key_wrote() -> None:
    old, new = generate_key(), generate_key()
    token = SecretBox([old]).encrypt(b"secret")
    assert SecretBox([new, old]).decrypt(token) == b"secret"
    with pytest.raises(SecretUnreadable):
        SecretBox([new]).decrypt(token)


def test_the_service_refuses_to_run_without_a_secret_key(tmp_path: Path) -> None:
    settings = ConnectorSettings(database_url=f"sqlite:///{tmp_path}/c.db")
    with pytest.raises(ConfigurationError, match="PRECONTRACT_CONNECTOR_SECRET_KEY"):
        secret_box_for(settings)
    with pytest.raises(ConfigurationError, match="not a Fernet key"):
        secret_box_for(ConnectorSettings(secret_keys=("too-short",)))


def test_development_mode_keeps_its_key_in_an_owner_only_file(tmp_path: Path) -> None:
    settings = ConnectorSettings(database_url=f"sqlite:///{tmp_path}/c.db", dev_mode=True)
    token = secret_box_for(settings).encrypt(b"x")
    key_file = tmp_path / "connector-dev.key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    # A restart reads the same key back.
    assert secret_box_for(settings).decrypt(token) == b"x"


def test_settings_come_from_the_environment() -> None:
    key = generate_key()
    settings = ConnectorSettings.from_env(
        {
            "PRECONTRACT_CONNECTOR_DATABASE_URL": "sqlite:////tmp/x.db",
            "PRECONTRACT_CONNECTOR_SECRET_KEY": f"{key}, {generate_key()}",
            "PRECONTRACT_CONNECTOR_BASE_URL": "https://connector.example.be/",
            "PRECONTRACT_CONNECTOR_WORKER_INTERVAL": "2.5",
        }
    )
    assert settings.database_url == "sqlite:////tmp/x.db"
    assert settings.secret_keys[0] == key
    assert len(settings.secret_keys) == 2
    assert settings.base_url == "https://connector.example.be"
    assert settings.secure_cookies
    assert settings.worker_interval == 2.5
    assert key not in repr(settings)
    with pytest.raises(ConfigurationError, match="BASE_URL"):
        ConnectorSettings(base_url="connector.example.be")


def test_a_bad_database_url_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        Database("not a url")


def _dropped_by_the_server(db: Database) -> int:
    """The pooled connection's server process, terminated while the connection sits idle in
    the pool (what a restart or an idle timeout does)."""
    with db.session() as session:
        pid = session.scalar(sa.text("SELECT pg_backend_pid()"))
    assert isinstance(pid, int)
    admin = sa.create_engine(os.environ["PRECONTRACT_TEST_POSTGRES_URL"])
    with admin.begin() as conn:
        assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    return pid


@pytest.mark.postgres
def test_a_connection_the_server_dropped_while_idle_is_replaced_before_it_is_used(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = _dropped_by_the_server(postgres_database)
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)  # it has been idle long enough
    with postgres_database.session() as session:
        assert session.scalar(sa.text("SELECT pg_backend_pid()")) != dropped


@pytest.mark.postgres
def test_a_connection_in_use_a_moment_ago_is_handed_out_unasked(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No round trip for a busy worker's connections: the one just given back is not asked (so
    a dropped one fails its statement, as it would have a moment earlier mid-transaction)."""
    _dropped_by_the_server(postgres_database)
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 3600.0)
    with pytest.raises(sa.exc.OperationalError), postgres_database.session() as session:
        session.scalar(sa.text("SELECT 1"))
