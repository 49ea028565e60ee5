"""Alembic environment of the connector: runs on the connection handed in by
:func:`precontract_ats.store.database.migrate` (no alembic.ini, no URL in a file)."""

from __future__ import annotations

from alembic import context

from precontract_ats.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run the connector's migrations with `precontract connector migrate`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
