"""``liaison backup`` / ``restore``: a round trip into a fresh database keeps every row, the
forced RLS, the policies and the application role's grants; a non-empty target is refused."""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from liaison.db import urls
from liaison.ops import backup
from liaison.settings import APP_ROLE
from tests.builders import build_roster, make_contact
from tests.conftest import TEST_DB

ROOT = Path(__file__).resolve().parents[2]

TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1
"""
RLS = """
    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1
"""
POLICIES = ("SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies"
            " WHERE schemaname = 'public' ORDER BY 1, 2")
GRANTS = ("SELECT table_name, privilege_type FROM information_schema.role_table_grants"
          " WHERE grantee = $1 ORDER BY 1, 2")


async def fetch(url, sql: str, *args, scope_all: bool = True) -> list[tuple]:
    """Rows as tuples; the scope reads every tenant, so an owner under forced RLS counts all."""
    conn = await asyncpg.connect(**urls.asyncpg_dsn(url))
    try:
        if scope_all:
            await conn.execute("SELECT set_config('app.readable_tenants',"
                               " (SELECT string_agg(id::text, ',') FROM tenant), false)")
        return [tuple(r) for r in await conn.fetch(sql, *args)]
    finally:
        await conn.close()


async def row_counts(url) -> dict[str, int]:
    """Rows in every table of ``public``, all tenants."""
    tables = [r[0] for r in await fetch(url, TABLES)]
    union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM public.\"{t}\"" for t in tables)
    return dict(await fetch(url, union))


async def drop_database(url) -> None:
    conn = await asyncpg.connect(**urls.asyncpg_dsn(url.set(database="postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def restore_url(settings, owner_url):
    url = urls.owner_url(settings, f"{TEST_DB}_restore")
    await drop_database(url)
    yield url
    await drop_database(url)


async def test_round_trip_into_a_fresh_database_keeps_rows_rls_policies_and_grants(
        settings, owner_url, owner, world, restore_url, tmp_path):
    roster = await build_roster(owner, world)
    for name in ("陈群众", "周群众"):
        await make_contact(owner, roster.pairings[name], datetime(2025, 3, 1, 2, tzinfo=UTC))
    file = await backup.backup(settings, tmp_path / "liaison.dump", database=TEST_DB)
    assert file.read_bytes()[:5] == b"PGDMP"
    assert file.stat().st_mode & 0o077 == 0

    report = await backup.restore(settings, file, database=restore_url.database)
    assert (report.database, report.recreated) == (restore_url.database, False)

    original = await row_counts(owner_url)
    restored = await row_counts(restore_url)
    assert restored == original
    assert report.tables == len(original)
    counts = restored
    assert counts["member"] >= 4 and counts["contact"] >= 2 and counts["account"] >= 21
    rls = await fetch(restore_url, RLS)
    assert {r[0] for r in rls} >= {"account", "member", "constituent", "pairing", "contact"}
    assert all(r[1] and r[2] for r in rls), rls
    assert rls == await fetch(owner_url, RLS)
    assert await fetch(restore_url, POLICIES) == await fetch(owner_url, POLICIES)
    assert len(await fetch(restore_url, POLICIES)) >= 4 * len(rls)
    grants = await fetch(restore_url, GRANTS, APP_ROLE)
    assert grants and grants == await fetch(owner_url, GRANTS, APP_ROLE)

    # The application role works in the restored database exactly as RLS says: its tenant only.
    app = urls.app_url(settings, restore_url)
    unscoped = await fetch(app, "SELECT count(*) FROM member", scope_all=False)
    assert unscoped == [(0,)]
    scoped = await fetch(app, "SELECT set_config('app.readable_tenants', $1, false),"
                         " (SELECT count(*) FROM member)", str(world.county_a.id),
                         scope_all=False)
    assert scoped[0][1] == 3

    with pytest.raises(backup.BackupError, match="非空"):
        await backup.restore(settings, file, database=restore_url.database)
    assert await row_counts(restore_url) == restored


async def test_restore_refuses_a_file_that_is_not_a_dump(settings, tmp_path, restore_url):
    bogus = tmp_path / "not.dump"
    bogus.write_text("SELECT 1;")
    with pytest.raises(backup.BackupError, match="不是 pg_dump"):
        await backup.restore(settings, bogus, database=restore_url.database)
    with pytest.raises(backup.BackupError, match="不存在"):
        await backup.restore(settings, tmp_path / "missing.dump", database=restore_url.database)


def liaison(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LIAISON_DB_NAME": TEST_DB, "LIAISON_ENV": "test"}
    return subprocess.run([sys.executable, "-m", "liaison.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


async def test_cli_backup_restore_refuses_non_empty_then_forces(owner_url, restore_url,
                                                                 tmp_path):
    file = tmp_path / "cli.dump"
    done = liaison("backup", str(file))
    assert done.returncode == 0, done.stderr
    assert "已备份到" in done.stdout and file.read_bytes()[:5] == b"PGDMP"

    target = ["--database", restore_url.database]
    first = liaison("restore", str(file), *target)
    assert first.returncode == 0, first.stderr
    refused = liaison("restore", str(file), *target)
    assert refused.returncode == 2
    assert "恢复失败" in refused.stderr and "--force" in refused.stderr
    forced = liaison("restore", str(file), *target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "删除并重建" in forced.stdout
    assert await row_counts(restore_url) == await row_counts(owner_url)

    missing = liaison("restore", str(tmp_path / "nope.dump"), *target)
    assert missing.returncode == 2 and "备份文件不存在" in missing.stderr
