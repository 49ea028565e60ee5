"""``precontract connector …``: serve the service, migrate its database, create administrators,
run the worker, make a secret key.

The core's ``precontract`` command adds this group when the connector is installed; it also runs
on its own (``python -m precontract_ats.cli``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from precontract.cli.app import Failure, Runtime, default_language
from precontract.cli.exit_codes import for_error
from precontract.errors import PrecontractError
from precontract.i18n import LANGUAGES
from precontract_ats.crypto import generate_key
from precontract_ats.services.admins import create_admin as create_admin_user
from precontract_ats.services.audit import record_admin_action
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Tenant

__all__ = ["connector"]

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(func: F) -> F:
    """One line and the documented exit code instead of a traceback (2 for input such as a short
    password, 3 for configuration such as a missing secret key), in the root's ``--lang``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PrecontractError as exc:
            runtime = click.get_current_context().find_object(Runtime)
            lang = runtime.lang if runtime is not None else default_language()
            failure = Failure(exc.user_message(lang), for_error(exc))
            failure.lang = lang
            raise failure from exc

    return wrapper  # type: ignore[return-value]


def _settings(database_url: str | None) -> ConnectorSettings:
    return ConnectorSettings.from_env(database_url=database_url)


database_option = click.option(
    "--database-url",
    envvar="PRECONTRACT_CONNECTOR_DATABASE_URL",
    help="SQLAlchemy URL (default: a SQLite file in your data folder).",
)


@click.group(name="connector")
def connector() -> None:
    """The connector service for Recruitee, Teamtailor and Bullhorn."""


@connector.command()
@database_option
@_friendly
def migrate(database_url: str | None) -> None:
    """Create or upgrade the connector's database to the newest schema."""
    settings = _settings(database_url)
    db = Database(settings.database_url)
    try:
        db.migrate()
    finally:
        db.dispose()
    click.echo(f"The database is up to date: {db!r}")


@connector.command("create-admin")
@click.argument("username")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 12 characters.",
)
@click.option("--language", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--tenant",
    "tenant_id",
    type=int,
    default=None,
    help="The id of the one tenant this administrator manages (default: all, a super-admin).",
)
@database_option
@_friendly
def create_admin(
    username: str, password: str, language: str, tenant_id: int | None, database_url: str | None
) -> None:
    """Create an administrator (or give an existing one a new password)."""
    settings = _settings(database_url)
    db = Database(settings.database_url)
    try:
        with db.session() as session:
            if tenant_id is not None and session.get(Tenant, tenant_id) is None:
                raise click.ClickException(f"there is no tenant {tenant_id}")
            create_admin_user(session, username, password, language=language, tenant_id=tenant_id)
        record_admin_action(db, "admin.created", actor="cli", detail=username)
    finally:
        db.dispose()
    click.echo(f"The administrator {username!r} can now sign in.")


@connector.command("generate-key")
def generate_key_command() -> None:
    """Print a new secret key for PRECONTRACT_CONNECTOR_SECRET_KEY."""
    click.echo(generate_key())


@connector.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--no-worker", is_flag=True, help="Do not run the follow-up worker inside the service."
)
@click.option(
    "--migrate/--no-migrate", "run_migrations", default=False, help="Migrate the database first."
)
@database_option
@_friendly
def serve(
    host: str, port: int, no_worker: bool, run_migrations: bool, database_url: str | None
) -> None:
    """Serve the admin screens, the recruiter page and the ATS endpoints (with the worker)."""
    import uvicorn

    from precontract_ats.service import build_app, require_base_url, uvicorn_options

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = _settings(database_url)
    require_base_url(settings)
    app = build_app(settings, worker=not no_worker, migrate=run_migrations)
    if settings.dev_mode:
        click.echo("DEVELOPMENT MODE: secrets are protected by a local key file only.", err=True)
    uvicorn.run(app, host=host, port=port, **uvicorn_options(settings))


@connector.command()
@click.option("--once", is_flag=True, help="Run one round and stop (e.g. from cron).")
@click.option("--interval", type=float, default=None, help="Seconds between rounds.")
@database_option
@_friendly
def worker(once: bool, interval: float | None, database_url: str | None) -> None:
    """Follow pending checks, write results back, clear expired values."""
    from precontract_ats.service import build_connector, ensure_migrated
    from precontract_ats.worker import Worker

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    engine = build_connector(_settings(database_url))
    ensure_migrated(engine.db)
    if once:
        counts = engine.run_once()
        click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
        return
    try:
        Worker(engine, interval=interval).run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        engine.close()


if __name__ == "__main__":  # pragma: no cover
    connector()
