"""Security: shared rate limits and login throttles, token versions, reminder retries,
and own-tenant-only reads of accounts, role assignments and the audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Accounts, role assignments and the audit log are read in the caller's own tenant only,
# whatever the readable set: a city's transaction never sees a county's password hashes.
OWN_TENANT_TABLES = ["account", "role_assignment", "audit_log"]
# Not tenant-owned: keyed by source address or by tenant code + user name, shared by replicas.
THROTTLE_GRANTS = {"rate_limit": "SELECT, INSERT, UPDATE, DELETE",
                   "login_throttle": "SELECT, INSERT, UPDATE, DELETE"}


def upgrade(app_password: str = "") -> None:
    op.create_table(
        "rate_limit",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("tat", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_rate_limit"),
    )
    op.create_index("ix_rate_limit_tat", "rate_limit", ["tat"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("key", name="pk_login_throttle"),
    )
    op.add_column("account", sa.Column("token_version", sa.Integer, nullable=False,
                                       server_default="0"))
    op.drop_column("account", "failed_logins")
    op.drop_column("account", "locked_until")
    op.add_column("notification", sa.Column("attempts", sa.Integer, nullable=False,
                                            server_default="0"))
    op.add_column("notification", sa.Column("next_attempt_at", sa.DateTime(timezone=True)))
    op.add_column("notification", sa.Column("failed_at", sa.DateTime(timezone=True)))
    op.add_column("notification", sa.Column("last_error", sa.String(200)))
    for table in OWN_TENANT_TABLES:
        op.execute(f"ALTER POLICY {table}_read ON {table} USING ({rls.OWN_READ_USING})")
    for table, privileges in THROTTLE_GRANTS.items():
        op.execute(rls.grant(table, privileges))


def downgrade(app_password: str = "") -> None:
    for table in OWN_TENANT_TABLES:
        op.execute(f"ALTER POLICY {table}_read ON {table} USING ({rls.READ_USING})")
    for column in ("last_error", "failed_at", "next_attempt_at", "attempts"):
        op.drop_column("notification", column)
    op.add_column("account", sa.Column("locked_until", sa.DateTime(timezone=True)))
    op.add_column("account", sa.Column("failed_logins", sa.Integer, nullable=False,
                                       server_default="0"))
    op.drop_column("account", "token_version")
    op.drop_table("login_throttle")
    op.drop_table("rate_limit")
