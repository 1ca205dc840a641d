"""Read policies as a once-computed filter, not an index condition (see liaison.db.rls).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

from liaison.db import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_READ_USING = "tenant_id = ANY (liaison_readable_tenants())"
READ_POLICIES = """
    SELECT tablename FROM pg_policies
    WHERE schemaname = current_schema() AND policyname = tablename || '_read'
"""


def _set_read_policies(using: str) -> None:
    op.execute(f"""
    DO $$
    DECLARE t text;
    BEGIN
      FOR t IN {READ_POLICIES} LOOP
        EXECUTE format('ALTER POLICY %I ON %I USING ({using})', t || '_read', t);
      END LOOP;
    END $$
    """)


def upgrade(app_password: str = "") -> None:
    _set_read_policies(rls.READ_USING)


def downgrade(app_password: str = "") -> None:
    _set_read_policies(OLD_READ_USING)
