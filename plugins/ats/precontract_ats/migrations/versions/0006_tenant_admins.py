"""Tenant-scoped administrators beside the super-administrators.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("admin_users") as batch:
        batch.add_column(sa.Column("tenant_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_admin_users_tenant_id"), ["tenant_id"], unique=False)
        batch.create_foreign_key(
            op.f("fk_admin_users_tenant_id_tenants"),
            "tenants",
            ["tenant_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("admin_users") as batch:
        batch.drop_constraint(op.f("fk_admin_users_tenant_id_tenants"), type_="foreignkey")
        batch.drop_index(op.f("ix_admin_users_tenant_id"))
        batch.drop_column("tenant_id")
