"""Foundation: tenants, organisation, accounts, roles, audit log; RLS and the app role.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

def tenant_fk() -> sa.ForeignKey:
    return sa.ForeignKey("tenant.id", ondelete="RESTRICT")


# What the application role may do, table by table; a catalog test holds it to exactly this.
APP_GRANTS = {
    "alembic_version": "SELECT",
    "tenant": "SELECT",
    "sector": "SELECT",
    "committee": "SELECT",
    "activity_group": "SELECT",
    "account": "SELECT, UPDATE",
    "role_assignment": "SELECT, INSERT, DELETE",
    "audit_log": "SELECT, INSERT",
}
TENANT_TABLES = ["sector", "committee", "activity_group", "account", "role_assignment",
                 "audit_log"]


def _organisation_table(name: str, length: int) -> None:
    op.create_table(
        name,
        sa.Column("tenant_id", sa.Uuid, tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(length), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=f"pk_{name}"),
        sa.UniqueConstraint("tenant_id", "name", name=f"uq_{name}_tenant_id_name"),
    )


def upgrade(app_password: str = "") -> None:
    op.execute(rls.create_app_role(app_password))
    for statement in rls.FUNCTIONS:
        op.execute(statement)

    op.create_table(
        "tenant",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("short_name", sa.String(40), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("parent_id", sa.Uuid, sa.ForeignKey("tenant.id", ondelete="RESTRICT")),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tenant"),
        sa.UniqueConstraint("code", name="uq_tenant_code"),
        sa.UniqueConstraint("path", name="uq_tenant_path"),
        sa.CheckConstraint("code ~ '^[a-z][a-z0-9-]{1,39}$'", name="ck_tenant_code_format"),
        sa.CheckConstraint("(level = 'city') = (parent_id IS NULL)",
                           name="ck_tenant_parent_by_level"),
        sa.CheckConstraint("level IN ('city', 'county', 'district')", name="ck_tenant_level"),
    )
    op.create_index("ix_tenant_parent_id", "tenant", ["parent_id"])
    op.execute("CREATE INDEX ix_tenant_path_prefix ON tenant (path text_pattern_ops)")

    _organisation_table("sector", 40)
    _organisation_table("committee", 60)
    _organisation_table("activity_group", 60)

    op.create_table(
        "account",
        sa.Column("tenant_id", sa.Uuid, tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_account"),
        sa.UniqueConstraint("tenant_id", "username", name="uq_account_tenant_id_username"),
    )

    op.create_table(
        "role_assignment",
        sa.Column("tenant_id", sa.Uuid, tenant_fk(), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("account_id", sa.Uuid, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("sector_id", sa.Uuid),
        sa.Column("granted_by", sa.Uuid),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_role_assignment"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "account_id"], ["account.tenant_id", "account.id"],
            name="fk_role_assignment_tenant_id_account_id_account", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sector_id"], ["sector.tenant_id", "sector.id"],
            name="fk_role_assignment_tenant_id_sector_id_sector",
        ),
        sa.CheckConstraint(
            "role IN ('chair', 'leadership', 'office', 'committee', 'convenor', 'member',"
            " 'venue_staff')", name="ck_role_assignment_role",
        ),
        sa.CheckConstraint("(role = 'convenor') = (sector_id IS NOT NULL)",
                           name="ck_role_assignment_convenor_sector"),
    )
    op.create_index("ix_role_assignment_tenant_id_account_id", "role_assignment",
                    ["tenant_id", "account_id"])
    op.create_index("uq_role_assignment_grant", "role_assignment",
                    ["tenant_id", "account_id", "role", "sector_id"], unique=True,
                    postgresql_nulls_not_distinct=True)

    op.create_table(
        "audit_log",
        sa.Column("tenant_id", sa.Uuid, tenant_fk(), nullable=False),
        sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("actor_id", sa.Uuid),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target_type", sa.String(40)),
        sa.Column("target_id", sa.String(64)),
        sa.Column("before", sa.dialects.postgresql.JSONB),
        sa.Column("after", sa.dialects.postgresql.JSONB),
        sa.Column("detail", sa.dialects.postgresql.JSONB),
        sa.Column("source_addr", sa.String(64)),
        sa.Column("request_id", sa.String(64)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_tenant_id_at", "audit_log", ["tenant_id", "at"])

    for table in TENANT_TABLES:
        for statement in rls.tenant_rls(table):
            op.execute(statement)
    for table, privileges in APP_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in APP_GRANTS:
        op.execute(rls.revoke_all(table))
    for table in ["audit_log", "role_assignment", "account", "activity_group", "committee",
                  "sector", "tenant"]:
        op.drop_table(table)
    for statement in rls.DROP_FUNCTIONS:
        op.execute(statement)
    # The login role is cluster-wide (other databases may use it): it is left in place.
