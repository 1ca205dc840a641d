"""The catalog itself proves isolation is enforced by PostgreSQL, table by table."""

from sqlalchemy import text

from liaison.settings import APP_ROLE

EXPECTED_GRANTS = {
    "alembic_version": {"SELECT"},
    "tenant": {"SELECT"},
    "tenant_directory": {"SELECT"},
    "sector": {"SELECT", "INSERT", "UPDATE"},
    "committee": {"SELECT", "INSERT", "UPDATE"},
    "activity_group": {"SELECT", "INSERT", "UPDATE"},
    "account": {"SELECT", "UPDATE"},
    "term": {"SELECT", "INSERT", "UPDATE"},
    "liaison_settings": {"SELECT", "INSERT", "UPDATE"},
    "member": {"SELECT", "INSERT", "UPDATE"},
    "constituent": {"SELECT", "INSERT", "UPDATE"},
    "pairing": {"SELECT", "INSERT", "UPDATE"},
    "major_decision": {"SELECT", "INSERT", "UPDATE"},
    "contact": {"SELECT", "INSERT", "UPDATE"},
    "contact_constituent": {"SELECT", "INSERT", "DELETE"},
    "annual_filing": {"SELECT", "INSERT", "UPDATE"},
    "notification": {"SELECT", "INSERT", "UPDATE"},
    "opinion_category": {"SELECT", "INSERT", "UPDATE"},
    "opinion": {"SELECT", "INSERT", "UPDATE"},
    "opinion_person": {"SELECT", "INSERT", "DELETE"},
    "opinion_event": {"SELECT", "INSERT"},
    "opinion_note": {"SELECT", "INSERT"},
    "api_key": {"SELECT", "INSERT", "UPDATE"},
    "venue": {"SELECT", "INSERT", "UPDATE"},
    "venue_sector": {"SELECT", "INSERT", "DELETE"},
    "reception_series": {"SELECT", "INSERT"},
    "reception_session": {"SELECT", "INSERT", "UPDATE"},
    "session_duty": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "session_visitor": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "sector_activity": {"SELECT", "INSERT", "UPDATE"},
    "activity_sector": {"SELECT", "INSERT", "DELETE"},
    "activity_member": {"SELECT", "INSERT", "DELETE"},
    "activity_person": {"SELECT", "INSERT", "DELETE"},
    "feed_token": {"SELECT", "INSERT", "UPDATE"},
    "attachment": {"SELECT", "INSERT"},
    "guidance_item": {"SELECT", "INSERT", "UPDATE"},
    "guidance_target": {"SELECT", "INSERT"},  # UPDATE on some columns only (0009)
    "evaluation_round": {"SELECT", "INSERT", "UPDATE"},
    "evaluation_code": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "assessment_weights": {"SELECT", "INSERT", "UPDATE"},
    "assessment_mark": {"SELECT", "INSERT", "UPDATE"},
    "disclosure_snapshot": {"SELECT", "INSERT", "UPDATE"},
    "role_assignment": {"SELECT", "INSERT", "DELETE"},
    "audit_log": {"SELECT", "INSERT"},
    "rate_limit": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "login_throttle": {"SELECT", "INSERT", "UPDATE", "DELETE"},
}
# Read in the active tenant only, whatever the readable set (migration 0005).
OWN_TENANT_READ = {"account", "role_assignment", "audit_log", "api_key", "feed_token",
                   "evaluation_code"}


async def test_every_tenant_table_has_forced_rls_and_policies(owner):
    rows = (await owner.execute(text("""
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               array(SELECT p.polcmd::text FROM pg_policy p WHERE p.polrelid = c.oid
                     ORDER BY 1) AS cmds
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                           AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
    """))).all()
    tables = {r.relname for r in rows}
    assert tables >= {"sector", "committee", "activity_group", "account", "role_assignment",
                      "audit_log"}
    for row in rows:
        assert row.relrowsecurity, f"{row.relname}: RLS not enabled"
        assert row.relforcerowsecurity, f"{row.relname}: RLS not forced"
        # pg_policy.polcmd: r = SELECT, a = INSERT, w = UPDATE, d = DELETE
        assert sorted(row.cmds) == ["a", "d", "r", "w"], f"{row.relname}: {row.cmds}"


async def test_accounts_roles_and_audit_are_read_in_the_own_tenant_only(owner):
    reads = dict((await owner.execute(text("""
        SELECT tablename, qual FROM pg_policies
        WHERE schemaname = 'public' AND cmd = 'SELECT'
    """))).all())
    for table in OWN_TENANT_READ:
        assert reads[table] == "(tenant_id = liaison_active_tenant())", table
    for table, qual in reads.items():
        if table not in OWN_TENANT_READ:
            assert "liaison_readable_tenants" in qual, table


async def test_tenant_id_leads_every_key_of_tenant_tables(owner):
    rows = (await owner.execute(text("""
        SELECT c.relname, con.conname, con.contype,
               (SELECT a.attname FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum = con.conkey[1]) AS first_column
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                      AND a.attname = 'tenant_id')
    """))).all()
    assert rows
    for row in rows:
        if row.contype == "f" and row.first_column == "tenant_id":
            continue
        assert row.first_column == "tenant_id", f"{row.relname}.{row.conname}"
    unique_indexes = (await owner.execute(text("""
        SELECT i.indexrelid::regclass::text AS name,
               (SELECT a.attname FROM pg_attribute a
                WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) AS first_column
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE i.indisunique AND c.relname IN
          (SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'tenant_id')
    """))).all()
    for index in unique_indexes:
        assert index.first_column == "tenant_id", index.name


async def test_app_role_has_exactly_the_privileges_it_needs(owner):
    role = (await owner.execute(text(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin"
        " FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE})).one()
    assert tuple(role) == (False, False, False, False, False, True)
    grants = (await owner.execute(text(
        "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
        " WHERE grantee = :r AND table_schema = 'public'"), {"r": APP_ROLE})).all()
    actual: dict[str, set[str]] = {}
    for table, privilege in grants:
        actual.setdefault(table, set()).add(privilege)
    assert actual == EXPECTED_GRANTS
    owned = await owner.scalar(text(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
        " WHERE r.rolname = :r"), {"r": APP_ROLE})
    assert owned == 0
    can_create = await owner.scalar(text(
        "SELECT has_schema_privilege(:r, 'public', 'CREATE')"), {"r": APP_ROLE})
    assert can_create is False
