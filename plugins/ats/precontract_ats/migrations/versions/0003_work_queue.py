"""The work queue: leases on checks and write-backs, failures and parking, the expiry index,
pauses after a 429, and the worker leases table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "worker_leases",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_worker_leases")),
    )
    op.add_column("tenants", sa.Column("paused_until", sa.DateTime(), nullable=True))
    op.add_column("connections", sa.Column("paused_until", sa.DateTime(), nullable=True))
    op.add_column("checks", sa.Column("lease_owner", sa.String(length=100), nullable=True))
    op.add_column("checks", sa.Column("lease_until", sa.DateTime(), nullable=True))
    op.add_column("checks", sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("checks", sa.Column("last_failure", sa.String(length=1000), nullable=True))
    op.add_column("checks", sa.Column("parked_at", sa.DateTime(), nullable=True))
    op.add_column("checks", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.create_index("ix_checks_expires_at", "checks", ["expires_at"])
    op.add_column(
        "write_backs", sa.Column("priority", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("write_backs", sa.Column("lease_owner", sa.String(length=100), nullable=True))
    op.add_column("write_backs", sa.Column("lease_until", sa.DateTime(), nullable=True))
    # Checks stored before the queue: the expiry job looks at those still holding values once.
    op.execute(
        'UPDATE checks SET expires_at = created_at WHERE cleared_at IS NULL AND "values" IS NOT NULL'
    )


def downgrade() -> None:
    op.drop_column("write_backs", "lease_until")
    op.drop_column("write_backs", "lease_owner")
    op.drop_column("write_backs", "priority")
    op.drop_index("ix_checks_expires_at", table_name="checks")
    for column in ("expires_at", "parked_at", "last_failure", "failures", "lease_until"):
        op.drop_column("checks", column)
    op.drop_column("checks", "lease_owner")
    op.drop_column("connections", "paused_until")
    op.drop_column("tenants", "paused_until")
    op.drop_table("worker_leases")
