"""The initial schema: admins, tenants, employers, connections, checks, write-backs, nonces, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_users")),
        sa.UniqueConstraint("username", name=op.f("uq_admin_users_username")),
    )
    op.create_table(
        "inbound_nonces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=100), nullable=False),
        sa.Column("nonce", sa.String(length=200), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_nonces")),
        sa.UniqueConstraint("scope", "nonce", name=op.f("uq_inbound_nonces_scope")),
    )
    op.create_index(
        op.f("ix_inbound_nonces_expires_at"), "inbound_nonces", ["expires_at"], unique=False
    )

    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("key", name=op.f("uq_login_throttles_key")),
    )
    op.create_table(
        "tenants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("requester", sa.String(length=10), nullable=False),
        sa.Column("environment", sa.String(length=20), nullable=False),
        sa.Column("sandbox_url", sa.String(length=500), nullable=True),
        sa.Column("client_id", sa.String(length=200), nullable=True),
        sa.Column("credential_kind", sa.String(length=10), nullable=True),
        sa.Column("private_key_enc", sa.LargeBinary(), nullable=True),
        sa.Column("certificate_pem", sa.LargeBinary(), nullable=True),
        sa.Column("pkcs12_enc", sa.LargeBinary(), nullable=True),
        sa.Column("key_password_enc", sa.LargeBinary(), nullable=True),
        sa.Column("certificate_subject", sa.String(length=500), nullable=True),
        sa.Column("certificate_not_after", sa.DateTime(), nullable=True),
        sa.Column("last_test_at", sa.DateTime(), nullable=True),
        sa.Column("last_test_ok", sa.Boolean(), nullable=True),
        sa.Column("last_test_report", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
    )
    op.create_table(
        "audit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("requester", sa.String(length=10), nullable=True),
        sa.Column("employer", sa.String(length=10), nullable=True),
        sa.Column("applicant_reference", sa.String(length=200), nullable=True),
        sa.Column("ssin", sa.String(length=20), nullable=True),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("mandate_id", sa.String(length=100), nullable=True),
        sa.Column("result", sa.String(length=100), nullable=False),
        sa.Column("data_types", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_audit_records_tenant_id_tenants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
    )
    op.create_index(op.f("ix_audit_records_at"), "audit_records", ["at"], unique=False)
    op.create_index(
        op.f("ix_audit_records_tenant_id"), "audit_records", ["tenant_id"], unique=False
    )

    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_number", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_employers_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("tenant_id", "enterprise_number", name=op.f("uq_employers_tenant_id")),
    )
    op.create_index(op.f("ix_employers_tenant_id"), "employers", ["tenant_id"], unique=False)

    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secrets_enc", sa.LargeBinary(), nullable=True),
        sa.Column("inbound_key_hash", sa.String(length=64), nullable=True),
        sa.Column("field_mapping", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_connections_employer_id_employers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_connections_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint("inbound_key_hash", name=op.f("uq_connections_inbound_key_hash")),
    )
    op.create_index(op.f("ix_connections_tenant_id"), "connections", ["tenant_id"], unique=False)

    op.create_table(
        "checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.String(length=10), nullable=False),
        sa.Column("candidate_ref", sa.String(length=100), nullable=False),
        sa.Column("applicant_name", sa.String(length=300), nullable=False),
        sa.Column("applicant_email", sa.String(length=300), nullable=True),
        sa.Column("applicant_language", sa.String(length=2), nullable=False),
        sa.Column("ssin_enc", sa.LargeBinary(), nullable=True),
        sa.Column("ssin_masked", sa.String(length=20), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("mandate_id", sa.String(length=100), nullable=True),
        sa.Column("approval_url", sa.String(length=1000), nullable=True),
        sa.Column("approval_expires_at", sa.DateTime(), nullable=True),
        sa.Column("follow_until", sa.DateTime(), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(), nullable=True),
        sa.Column("values", sa.JSON(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=1000), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["connections.id"],
            name=op.f("fk_checks_connection_id_connections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_checks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checks")),
        sa.UniqueConstraint("token", name=op.f("uq_checks_token")),
    )
    op.create_index(
        "ix_checks_connection_candidate", "checks", ["connection_id", "candidate_ref"], unique=False
    )
    op.create_index(op.f("ix_checks_connection_id"), "checks", ["connection_id"], unique=False)
    op.create_index(op.f("ix_checks_next_poll_at"), "checks", ["next_poll_at"], unique=False)
    op.create_index(op.f("ix_checks_status"), "checks", ["status"], unique=False)
    op.create_index(op.f("ix_checks_tenant_id"), "checks", ["tenant_id"], unique=False)

    op.create_table(
        "write_backs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["checks.id"],
            name=op.f("fk_write_backs_check_id_checks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_backs")),
    )
    op.create_index(op.f("ix_write_backs_check_id"), "write_backs", ["check_id"], unique=False)
    op.create_index(
        "ix_write_backs_due", "write_backs", ["status", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_write_backs_due", table_name="write_backs")
    op.drop_index(op.f("ix_write_backs_check_id"), table_name="write_backs")

    op.drop_table("write_backs")
    op.drop_index(op.f("ix_checks_tenant_id"), table_name="checks")
    op.drop_index(op.f("ix_checks_status"), table_name="checks")
    op.drop_index(op.f("ix_checks_next_poll_at"), table_name="checks")
    op.drop_index(op.f("ix_checks_connection_id"), table_name="checks")
    op.drop_index("ix_checks_connection_candidate", table_name="checks")

    op.drop_table("checks")
    op.drop_index(op.f("ix_connections_tenant_id"), table_name="connections")

    op.drop_table("connections")
    op.drop_index(op.f("ix_employers_tenant_id"), table_name="employers")

    op.drop_table("employers")
    op.drop_index(op.f("ix_audit_records_tenant_id"), table_name="audit_records")
    op.drop_index(op.f("ix_audit_records_at"), table_name="audit_records")

    op.drop_table("audit_records")
    op.drop_table("tenants")
    op.drop_table("login_throttles")
    op.drop_index(op.f("ix_inbound_nonces_expires_at"), table_name="inbound_nonces")

    op.drop_table("inbound_nonces")
    op.drop_table("admin_users")
