"""Backup and restore of the application database with PostgreSQL's own tools.

``pg_dump -Fc`` writes one custom-format archive of the whole database (schema, data, RLS
policies, grants, ``alembic_version``); ``pg_restore`` reads it back in a single transaction,
so a failed restore leaves nothing behind. Both run as the owner (``urls.owner_url``).

The tools: with the embedded server, the ones shipped beside it in the ``pgserver`` wheel
(same version as the server); otherwise ``pg_dump`` / ``pg_restore`` on ``PATH``, or the
wheel's when the ones on ``PATH`` are older than the server. They run as the current user,
like every other client: when we are root, pgserver runs the *server* as its system user
``pgserver`` only because ``postgres`` refuses root; clients connect through the socket
directory (the URL's ``host`` query) and the trust rule in ``pg_hba.conf``.

Restore uses ``--no-owner``: objects belong to whoever restores (the configured owner, so
the archive moves between clusters whose owners differ). That drops only ``ALTER … OWNER``;
``ENABLE``/``FORCE ROW LEVEL SECURITY``, policies and grants are separate archive entries
and are restored (tests/ops/test_backup.py checks). The ``liaison_app`` role is cluster-wide
and not in the archive: restore creates it first if it is missing.
"""

import asyncio
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL

from liaison.db import rls, urls
from liaison.settings import Settings

MAGIC = b"PGDMP"  # the first bytes of every custom-format archive
_USER_OBJECTS = """
    SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg_toast%')
         + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
"""


class BackupError(RuntimeError):
    """A backup or restore failed; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class RestoreReport:
    database: str
    tables: int
    recreated: bool


def libpq_env(url: URL) -> dict[str, str]:
    """The connection as libpq environment variables (no password on the command line)."""
    dsn = urls.asyncpg_dsn(url)
    env = {"PGHOST": dsn["host"], "PGPORT": dsn["port"], "PGUSER": dsn["user"],
           "PGPASSWORD": dsn["password"], "PGDATABASE": dsn["database"]}
    sslmode = url.query.get("sslmode") or url.query.get("ssl")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return {k: str(v) for k, v in env.items() if v is not None}


def _bundled(name: str) -> Path | None:
    try:
        from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    path = POSTGRES_BIN_PATH / name
    return path if path.exists() else None


def _major(tool: Path) -> int:
    out = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True)
    found = re.search(r"\(PostgreSQL\) (\d+)", out.stdout)
    if not found:
        raise BackupError(f"无法识别 {tool} 的版本：{out.stdout.strip()}")
    return int(found.group(1))


async def find_tool(settings: Settings, name: str, url: URL) -> Path:
    """``pg_dump`` / ``pg_restore`` able to talk to the server at ``url``."""
    bundled = _bundled(name)
    if settings.embedded and bundled:
        return bundled
    on_path = shutil.which(name)
    candidates = [Path(p) for p in (on_path, bundled) if p]
    if not candidates:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具并加入 PATH")
    server = await _server_major(url.set(database="postgres"))
    for tool in candidates:
        if _major(tool) >= server:
            return tool
    raise BackupError(f"{name} 版本（{_major(candidates[0])}）低于数据库服务器版本（{server}），"
                      f"请安装 PostgreSQL {server} 或更新版本的客户端工具")


async def _server_major(url: URL) -> int:
    conn = await _connect(url)
    try:
        return int(await conn.fetchval("SHOW server_version_num")) // 10000
    finally:
        await conn.close()


async def _connect(url: URL) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(**urls.asyncpg_dsn(url))
    except (OSError, asyncpg.PostgresError) as exc:
        raise BackupError(f"无法连接数据库 {url.database}：{exc}") from exc


async def _run(tool: Path, args: list[str], url: URL) -> str:
    env = {**os.environ, **libpq_env(url)}
    result = await asyncio.to_thread(subprocess.run, [str(tool), "--no-password", *args],
                                     env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{tool.name} 失败（退出码 {result.returncode}）：{detail}")
    return result.stdout


async def backup(settings: Settings, file: Path, *, database: str | None = None) -> Path:
    """Dump the application database (or ``database``) to ``file``, replacing it atomically;
    the file is readable by its owner only (it holds personal data and password hashes)."""
    url = urls.owner_url(settings, database)
    tool = await find_tool(settings, "pg_dump", url)
    file = file.resolve()
    partial = file.with_name(f".{file.name}.partial")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        await _run(tool, ["--format=custom", f"--file={partial}"], url)
        partial.chmod(0o600)
        partial.replace(file)
    except OSError as exc:
        raise BackupError(f"无法写入 {file}：{exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return file


async def restore(settings: Settings, file: Path, *, database: str | None = None,
                  force: bool = False) -> RestoreReport:
    """Restore ``file`` into ``database`` (default: the configured one), creating it if
    missing. A database that holds any table or function is refused unless ``force``; then it
    is dropped (connections closed) and created again, so the result is exactly the backup."""
    if not file.is_file():
        raise BackupError(f"备份文件不存在：{file}")
    try:
        with file.open("rb") as f:
            head = f.read(len(MAGIC))
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {file}：{exc}") from exc
    if head != MAGIC:
        raise BackupError(f"{file} 不是 pg_dump 自定义格式（-Fc）的备份文件")
    url = urls.owner_url(settings, database)
    tool = await find_tool(settings, "pg_restore", url)
    await _run(tool, ["--list", str(file)], url)  # its table of contents reads
    objects = await _existing_objects(url)
    if objects and not force:
        raise BackupError(f"数据库 {url.database} 非空（已有 {objects} 个表、序列或函数），"
                          "未做任何修改；确认要覆盖请加 --force（将删除并重建该数据库）")
    try:
        await urls.ensure_database(url, recreate=bool(objects))
    except (OSError, asyncpg.PostgresError) as exc:
        raise BackupError(f"无法创建数据库 {url.database}：{exc}") from exc
    conn = await _connect(url)
    try:
        await conn.execute(rls.create_app_role(settings.app_db_password))
    finally:
        await conn.close()
    await _run(tool, ["--no-owner", "--single-transaction", "--exit-on-error",
                      f"--dbname={_conninfo_dbname(url.database)}", str(file)], url)
    conn = await _connect(url)
    try:
        tables = await conn.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return RestoreReport(database=url.database, tables=tables, recreated=bool(objects))


async def _existing_objects(url: URL) -> int:
    """How many user tables, sequences and functions ``url``'s database holds (0: missing)."""
    conn = await _connect(url.set(database="postgres"))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1",
                                     url.database)
    finally:
        await conn.close()
    if not exists:
        return 0
    conn = await _connect(url)
    try:
        return await conn.fetchval(_USER_OBJECTS)
    finally:
        await conn.close()


def _conninfo_dbname(name: str) -> str:
    """``dbname='…'`` for libpq, so a database name is never read as a connection string."""
    return "dbname='" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"
