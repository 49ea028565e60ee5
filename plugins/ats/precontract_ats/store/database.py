"""The database: an engine for SQLite (default) or PostgreSQL, sessions, and the migrations.

:func:`migrate` brings a database to the newest schema with Alembic, whose scripts ship inside the
package (``precontract_ats/migrations``), so ``precontract connector migrate`` works from an
installed wheel without an ``alembic.ini``.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from precontract.errors import ConfigurationError
from precontract_ats.settings import ENV_PREFIX

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported by the functions that migrate (a second's import): serving needs none of it.

__all__ = ["Database", "alembic_config", "current_revision", "head_revision", "migrate"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (_sqlite_begin), not the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the worker write while pages read.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A transaction that reads and then writes must not fail with "database is locked" because
    # another process wrote in between (SQLite cannot upgrade a stale read lock): every
    # transaction takes the write lock when it begins and waits for it (busy_timeout) instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError(
            f"{ENV_PREFIX}DATABASE_URL is not a database URL (e.g. sqlite:///connector.db or "
            "postgresql+psycopg://user:password@host/dbname)",
            setting=f"{ENV_PREFIX}DATABASE_URL",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, **kwargs)
    event.listen(engine.pool, "checkin", _idle_from)
    event.listen(engine.pool, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


PING_AFTER_IDLE = 1.0
"""Seconds a pooled PostgreSQL connection may have been idle and still be handed out unchecked.

SQLAlchemy's ``pool_pre_ping`` asks the server at every checkout: a round trip and a fifth of a
busy worker's CPU per poll, for connections it gave back milliseconds ago. A connection idle for
longer (a web process between visitors, a worker between rounds) is asked first, and one the
server dropped — a restart, a timeout — is replaced before anyone uses it."""


def _idle_from(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_from"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_from = record.info.get("idle_from")
    if idle_from is None or time.monotonic() - idle_from <= PING_AFTER_IDLE:
        return  # a new connection, or one in use a moment ago
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as exc:
        # The pool drops this connection and hands out a fresh one (PoolEvents.checkout).
        raise DisconnectionError("the database dropped an idle connection") from exc


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_db_engine(url, **engine_kwargs)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed at the end of the block, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def execute_alone(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> int:
        """Run one data-changing statement in a transaction of its own; answers the rows it
        changed. On PostgreSQL it runs in autocommit (one statement is atomic on its own): no
        BEGIN and COMMIT round trips for a worker's most frequent write, a poll's next turn."""
        if self.engine.dialect.name != "postgresql":
            with self.session() as session:
                return int(getattr(session.execute(statement, parameters), "rowcount", 0))
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            return int(getattr(conn.execute(statement, parameters), "rowcount", 0))

    def migrate(self) -> None:
        migrate(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration pointing at the migration scripts inside the package."""
    from alembic.config import Config

    config = Config()
    location = Path(__file__).resolve().parent.parent / "migrations"
    config.set_main_option("script_location", str(location))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest)."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
