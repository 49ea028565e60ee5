"""Planned starts on checks, the overview's index, and bulk re-checks with their queue items.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checks") as batch:
        batch.add_column(sa.Column("planned_start", sa.Date(), nullable=True))
        batch.create_index(op.f("ix_checks_planned_start"), ["planned_start"], unique=False)
        batch.create_index("ix_checks_tenant_recent", ["tenant_id", "id"], unique=False)
    op.create_table(
        "rechecks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_rechecks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rechecks")),
    )
    op.create_index(op.f("ix_rechecks_tenant_id"), "rechecks", ["tenant_id"], unique=False)
    op.create_table(
        "recheck_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recheck_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("new_check_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recheck_id"],
            ["rechecks.id"],
            name=op.f("fk_recheck_items_recheck_id_rechecks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["checks.id"],
            name=op.f("fk_recheck_items_check_id_checks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["new_check_id"],
            ["checks.id"],
            name=op.f("fk_recheck_items_new_check_id_checks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recheck_items")),
    )
    op.create_index(
        op.f("ix_recheck_items_recheck_id"), "recheck_items", ["recheck_id"], unique=False
    )
    op.create_index(op.f("ix_recheck_items_check_id"), "recheck_items", ["check_id"], unique=False)
    op.create_index(
        "ix_recheck_items_due", "recheck_items", ["status", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_table("recheck_items")
    op.drop_table("rechecks")
    with op.batch_alter_table("checks") as batch:
        batch.drop_index("ix_checks_tenant_recent")
        batch.drop_index(op.f("ix_checks_planned_start"))
        batch.drop_column("planned_start")
