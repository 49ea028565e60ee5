"""Assembling the service from its settings: the database, the secret box, the engine, the app."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from precontract.timeutil import Clock, system_clock
from precontract_ats.crypto import secret_box_for
from precontract_ats.engine import Connector
from precontract_ats.settings import ConnectorSettings, SettingProblem
from precontract_ats.store.database import Database, current_revision, head_revision
from precontract_ats.web.app import create_app
from precontract_ats.worker import Worker

__all__ = ["build_app", "build_connector", "ensure_migrated", "require_base_url", "uvicorn_options"]


def ensure_migrated(db: Database) -> None:
    """Refuse to run on a database whose schema is not the newest."""
    current, head = current_revision(db.engine), head_revision()
    if current != head:
        raise SettingProblem(
            f"the database is at schema {current or 'none'}, the connector needs {head}: run "
            "`precontract connector migrate` first",
            "PRECONTRACT_CONNECTOR_DATABASE_URL",
            "schema_behind",
            current=current or "-",
            head=head,
        )


def build_connector(settings: ConnectorSettings, *, clock: Clock = system_clock) -> Connector:
    """The engine for ``settings`` (the secret key is required here, before anything runs)."""
    box = secret_box_for(settings)
    # A connection for each of the worker's threads, the round's own and the web app's: past
    # the pool's size every session opened and closed a new PostgreSQL connection (a backend
    # started and ended per poll).
    db = Database(settings.database_url, pool_size=settings.worker_threads + 4)
    return Connector(settings, db, box, clock=clock)


def build_app(
    settings: ConnectorSettings, *, worker: bool = True, migrate: bool = False
) -> FastAPI:
    connector = build_connector(settings)
    if migrate:
        connector.db.migrate()
    ensure_migrated(connector.db)
    return create_app(connector, worker=Worker(connector) if worker else None)


def require_base_url(settings: ConnectorSettings) -> None:
    """Outside development mode the public address must be configured: links sent to the ATSs and
    to applicants are never built from a request's ``Host`` header (which anyone can set)."""
    if settings.base_url is None and not settings.dev_mode:
        raise SettingProblem(
            "PRECONTRACT_CONNECTOR_BASE_URL is not set: set it to the service's public https "
            "address (e.g. https://connector.example.be) before serving",
            "PRECONTRACT_CONNECTOR_BASE_URL",
            "base_url_missing",
        )


def uvicorn_options(settings: ConnectorSettings) -> dict[str, Any]:
    """How ``serve`` runs uvicorn: its own access log off (the app logs requests without their
    secrets, :mod:`precontract_ats.web.access_log`), forwarded headers believed only from the
    configured proxies."""
    proxies = ",".join(settings.trusted_proxies)
    return {
        "access_log": False,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
    }
