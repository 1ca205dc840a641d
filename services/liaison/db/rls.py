"""Row-level security and grants, as SQL the migrations execute.

Reads see ``tenant_id = ANY(app.readable_tenants)``; writes must match ``app.tenant_id``.
Both settings are transaction-local (``set_config(..., true)``); unset, they give no rows.

The read policy is written so that the planner cannot use it as an index condition: the
array is computed once per statement (an InitPlan), and ``IS TRUE`` makes the test a plain
filter. As an index condition the array of unknown length made PostgreSQL 16 mis-cost every
index and descend each index once per readable tenant on every probe: a county's roll-up at
national scale took 63 ms instead of 3 ms (docs/benchmarks.md). Every query of ours names
its tenants itself (``tenant_id`` leads every key), so the policy is a guard, not the filter.
"""

from liaison.settings import APP_ROLE

FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION liaison_active_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$
    """,
    """
    CREATE OR REPLACE FUNCTION liaison_readable_tenants() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT string_to_array(
             NULLIF(current_setting('app.readable_tenants', true), ''), ',')::uuid[] $$
    """,
]

DROP_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS liaison_active_tenant()",
    "DROP FUNCTION IF EXISTS liaison_readable_tenants()",
]


READ_USING = "(tenant_id = ANY ((SELECT liaison_readable_tenants())::uuid[])) IS TRUE"
# Secrets and who-did-what (accounts, role assignments, the audit log): the active tenant only.
OWN_READ_USING = "tenant_id = liaison_active_tenant()"


def tenant_rls(table: str) -> list[str]:
    """Enable and force RLS on a tenant table, with read and write policies."""
    active = "tenant_id = liaison_active_tenant()"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_read ON {table} FOR SELECT"
        f" USING ({READ_USING})",
        f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({active})",
        f"CREATE POLICY {table}_update ON {table} FOR UPDATE"
        f" USING ({active}) WITH CHECK ({active})",
        f"CREATE POLICY {table}_delete ON {table} FOR DELETE USING ({active})",
    ]


def create_app_role(password: str) -> str:
    """Create the login role the server connects as, unless it exists already."""
    literal = "'" + password.replace("'", "''") + "'"
    return f"""
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} LOGIN PASSWORD {literal}
          NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
      END IF;
    END $$
    """


def set_app_password(password: str) -> str:
    literal = "'" + password.replace("'", "''") + "'"
    return f"ALTER ROLE {APP_ROLE} PASSWORD {literal}"


def grant(table: str, privileges: str) -> str:
    return f"GRANT {privileges} ON {table} TO {APP_ROLE}"


def revoke_all(table: str) -> str:
    return f"REVOKE ALL ON {table} FROM {APP_ROLE}"
