"""Fixtures of the connector's tests: databases (SQLite always, PostgreSQL when available), the
secret box, a movable clock, and servers on free ports of 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator

import pytest
import requests
import sqlalchemy as sa

from precontract.sandbox.server import SandboxServer
from precontract_ats.crypto import SecretBox
from precontract_ats.engine import Connector
from precontract_ats.services.admins import create_admin
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.web.app import create_app

from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import recruitee_connection, tenant_on_sandbox
from .support import MovableClock, SandboxCalls, Served, sign_in

POSTGRES_ENV = "PRECONTRACT_TEST_POSTGRES_URL"


def _postgres_or_skip() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL not tested: {POSTGRES_ENV} is not set (.ci/run sets it after starting "
            "Debian's PostgreSQL); the store was tested on SQLite only"
        )
    return url


@pytest.fixture
def postgres_database() -> Iterator[Database]:
    """A migrated database in a fresh PostgreSQL schema (dropped afterwards)."""
    url = _postgres_or_skip()
    schema = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    db = Database(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: os.PathLike[str]) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path}/connector.db")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest) -> Database:
    """An empty (not migrated) database: SQLite, then PostgreSQL when available."""
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    db: Database = request.getfixturevalue(name)
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_backend(request: pytest.FixtureRequest) -> str:
    """Ask for it to run a test on SQLite and, when available, on PostgreSQL too."""
    backend: str = request.param
    return backend


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Database:
    """A migrated database: SQLite, and PostgreSQL too for tests that ask for ``db_backend``."""
    backend = (
        request.getfixturevalue("db_backend") if "db_backend" in request.fixturenames else "sqlite"
    )
    db: Database = request.getfixturevalue(
        "sqlite_database" if backend == "sqlite" else "postgres_database"
    )
    db.migrate()
    return db


@pytest.fixture
def box() -> SecretBox:
    return SecretBox.generate()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def connector(database: Database, box: SecretBox, clock: MovableClock) -> Iterator[Connector]:
    """The engine over a migrated SQLite database, on the test's movable clock."""
    engine = Connector(ConnectorSettings(database_url=database.url), database, box, clock=clock)
    try:
        yield engine
    finally:
        engine.close()


@pytest.fixture
def served(connector: Connector) -> Iterator[Served]:
    """The connector's web app on a free port of 127.0.0.1 (no background worker: tests run
    ``connector.run_once()`` themselves)."""
    with Served(create_app(connector)) as server:
        yield server


ADMIN_PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin_session(connector: Connector, served: Served) -> requests.Session:
    """A browser-like session signed in as an administrator."""
    with connector.db.session() as session:
        create_admin(session, "admin", ADMIN_PASSWORD)
    return sign_in(served.url, "admin", ADMIN_PASSWORD)


NOW_FOR_CLI = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


class BothClocks:
    """The sandbox's clock and the connector's, moved together (business time passing)."""

    def __init__(self, sandbox: SandboxServer, clock: MovableClock) -> None:
        self.sandbox = sandbox
        self.clock = clock
        sandbox.set_clock(clock.now)

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        self.sandbox.advance(delta)
        return self.clock.advance(delta)

    def set(self, moment: dt.datetime) -> None:
        self.sandbox.set_clock(moment)
        self.clock.set(moment)

    def tick(self) -> dt.datetime:
        """A few seconds later: the worker's next poll of a pending request is due."""
        return self.advance(dt.timedelta(seconds=10))


@pytest.fixture
def clocks(sandbox: SandboxServer, clock: MovableClock) -> BothClocks:
    return BothClocks(sandbox, clock)


@pytest.fixture
def sandbox_calls(
    sandbox: SandboxServer, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> SandboxCalls:
    """Every HTTP call the sandbox receives from now on, counted."""
    calls = SandboxCalls(sandbox, clock)
    monkeypatch.setattr(sandbox.faults, "take", calls)
    return calls


@pytest.fixture
def tenant_id(connector: Connector, sandbox: SandboxServer, clocks: BothClocks) -> int:
    """A tenant whose credentials are registered in the sandbox (clocks in step)."""
    return tenant_on_sandbox(connector, sandbox)


@pytest.fixture
def recruitee_fake() -> Iterator[RecruiteeFake]:
    fake = RecruiteeFake()
    fake.add_candidate("501", "Maria Abara", "maria@example.test")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def recruitee_key(connector: Connector, tenant_id: int, recruitee_fake: RecruiteeFake) -> str:
    """The customer token of the tenant's Recruitee connection, as pasted into Recruitee."""
    return recruitee_connection(connector, tenant_id, recruitee_fake)[1]


@pytest.fixture
def teamtailor_fake() -> Iterator[TeamtailorFake]:
    fake = TeamtailorFake()
    fake.add_candidate("54321", "Yasmine", "El Amrani", "yasmine@example.test")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def bullhorn_fake() -> Iterator[BullhornFake]:
    fake = BullhornFake()
    fake.add_candidate("9001", "Maria", "Abara", "maria@example.test", ssn="85.07.30-033.28")
    fake.add_candidate("9002", "Lucas", "Janssens", "lucas@example.test")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake
