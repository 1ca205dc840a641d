"""The tenant directory's version: one counter, raised by a statement trigger in the same
transaction as any change to ``tenant``, and answered with every request's principal
(``liaison_principal``). Each server process keeps the tenants it looked up by code and drops
them all when the version it is handed is not the one they were read at
(``tenancy/directory.py``), so no request ever sees a tenant older than its principal.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26
"""

import importlib

import sqlalchemy as sa
from alembic import op

from liaison.db import rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PREVIOUS = importlib.import_module(
    "liaison.db.migrations.versions.0012_principal_in_one_round_trip").PRINCIPAL

CHANGED = """
CREATE FUNCTION liaison_tenant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tenant_directory SET version = version + 1;
  RETURN NULL;
END $$
"""

PRINCIPAL = """
CREATE FUNCTION liaison_principal(p_tenant uuid, p_account uuid)
RETURNS TABLE (is_active boolean, member_id uuid, token_version integer, path text,
               member_status text, role text, sector_id uuid, committee_id uuid,
               venue_id uuid, below uuid[], directory bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true),
          set_config('app.readable_tenants', p_tenant::text, true);
  RETURN QUERY
  SELECT a.is_active, a.member_id, a.token_version, t.path::text, m.status::text,
         r.role::text, r.sector_id, r.committee_id, r.venue_id,
         ARRAY(SELECT d.id FROM tenant d
               WHERE d.path ~>~ (t.path || '/') AND d.path ~<~ (t.path || '0')),
         (SELECT v.version FROM tenant_directory v)
  FROM account a
  JOIN tenant t ON t.id = a.tenant_id
  LEFT JOIN member m ON m.tenant_id = a.tenant_id AND m.id = a.member_id
  LEFT JOIN role_assignment r ON r.tenant_id = a.tenant_id AND r.account_id = a.id
  WHERE a.tenant_id = p_tenant AND a.id = p_account;
END $$
"""


def upgrade(app_password: str = "") -> None:
    op.create_table("tenant_directory", sa.Column("version", sa.BigInteger, nullable=False))
    op.execute("INSERT INTO tenant_directory (version) VALUES (1)")
    op.execute(CHANGED)
    op.execute("CREATE TRIGGER tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
               " ON tenant FOR EACH STATEMENT EXECUTE FUNCTION liaison_tenant_changed()")
    op.execute(rls.grant("tenant_directory", "SELECT"))
    op.execute("DROP FUNCTION liaison_principal(uuid, uuid)")
    op.execute(PRINCIPAL)


def downgrade(app_password: str = "") -> None:
    op.execute("DROP FUNCTION liaison_principal(uuid, uuid)")
    op.execute(PREVIOUS)
    op.execute("DROP TRIGGER tenant_changed ON tenant")
    op.execute("DROP FUNCTION liaison_tenant_changed()")
    op.drop_table("tenant_directory")
