"""A request's principal in one round trip: ``liaison_principal(tenant, account)`` sets the
transaction's scope to the token's tenant, then answers the account, its member's status,
its roles and the ids of the tenants below its tenant (empty for a county), all under
row-level security as the app role (the function is not SECURITY DEFINER).

Before, the boundary sent three statements (the scope, the account with its roles, the
tenants below) for every request (docs/benchmarks.md).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Tenant codes are [a-z0-9-], so the tenants below 'a/b' are the paths between 'a/b/' and
# 'a/b0' ('0' follows '/'): a range the text_pattern_ops index on path answers.
PRINCIPAL = """
CREATE FUNCTION liaison_principal(p_tenant uuid, p_account uuid)
RETURNS TABLE (is_active boolean, member_id uuid, token_version integer, path text,
               member_status text, role text, sector_id uuid, committee_id uuid,
               venue_id uuid, below uuid[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true),
          set_config('app.readable_tenants', p_tenant::text, true);
  RETURN QUERY
  SELECT a.is_active, a.member_id, a.token_version, t.path::text, m.status::text,
         r.role::text, r.sector_id, r.committee_id, r.venue_id,
         ARRAY(SELECT d.id FROM tenant d
               WHERE d.path ~>~ (t.path || '/') AND d.path ~<~ (t.path || '0'))
  FROM account a
  JOIN tenant t ON t.id = a.tenant_id
  LEFT JOIN member m ON m.tenant_id = a.tenant_id AND m.id = a.member_id
  LEFT JOIN role_assignment r ON r.tenant_id = a.tenant_id AND r.account_id = a.id
  WHERE a.tenant_id = p_tenant AND a.id = p_account;
END $$
"""


def upgrade(app_password: str = "") -> None:
    op.execute(PRINCIPAL)


def downgrade(app_password: str = "") -> None:
    op.execute("DROP FUNCTION liaison_principal(uuid, uuid)")
