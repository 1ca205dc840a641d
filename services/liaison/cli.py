"""``liaison``: migrate, sync tenants, seed the demo, serve, export the schema, ``dev``."""

import argparse
import asyncio
import os
import sys
import unicodedata
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from liaison.settings import Settings, SettingsError, load_settings

DEMO_MANIFEST = Path("tenants/hezhou.toml")
SCHEMA_FILE = Path("graphql/schema.graphql")


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.db import migrate, urls

    owner = urls.owner_url(settings)
    if settings.embedded:
        asyncio.run(urls.ensure_database(owner))
    migrate.upgrade(owner, settings.app_db_password)
    print(f"数据库已迁移到最新版本 {migrate.head_revision()}")
    return 0


async def _with_owner_session(settings: Settings, work):
    from liaison.db import urls

    engine = create_async_engine(urls.owner_url(settings))
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            result = await work(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


def cmd_tenants_sync(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.tenancy import manifest

    try:
        parsed = manifest.load(Path(args.file))
        report = asyncio.run(_with_owner_session(settings, lambda s: manifest.apply(s, parsed)))
    except manifest.ManifestError as exc:
        print("清单有误，未做任何修改：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(f"新建 {len(report.created)} 个单位，更新 {len(report.updated)} 个，"
          f"未变 {len(report.unchanged)} 个；新增界别/委员会/活动组 {report.rows_added} 条")
    return 0


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts
    from liaison.members.demo import ensure_demo_members
    from liaison.models.account import ROLE_LABELS
    from liaison.tenancy import manifest

    if settings.production:
        print("生产环境不创建演示账号", file=sys.stderr)
        return 2
    parsed = manifest.load(DEMO_MANIFEST)

    async def work(session):
        await manifest.apply(session, parsed)
        logins = await ensure_demo_accounts(session, parsed)
        members = await ensure_demo_members(session, parsed)
        return logins, members

    logins, members = asyncio.run(_with_owner_session(settings, work))
    if members:
        print(f"新建演示委员 {members} 名（每个单位 8 名，含结对联系对象）")
    print(f"\n演示账号（密码均为 {DEMO_PASSWORD}，登录时填写单位代码、用户名、密码）：")
    print("  " + _pad("单位代码", 12) + _pad("单位", 22) + _pad("用户名", 14) + "角色")
    for login in logins:
        print("  " + _pad(login.tenant_code, 12) + _pad(login.tenant_name, 22)
              + _pad(login.username, 14) + ROLE_LABELS[login.role])
    return 0


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)


def serving_workers(asked: int | None, production: bool) -> int:
    """Worker processes: as asked, else one per CPU in production (each a Python process with
    its own connection pool; docs/benchmarks.md measures the scaling), one in development."""
    if asked is not None:
        return asked
    return (os.cpu_count() or 1) if production else 1


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    try:
        settings.check_for_serving()
    except SettingsError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    # The worker processes read the environment again: they must run in the same mode.
    os.environ["LIAISON_ENV"] = settings.env

    host = args.host or settings.host
    port = args.port or settings.port
    workers = serving_workers(args.workers, settings.production)
    print(f"GraphQL: http://{host}:{port}/graphql（{workers} 个工作进程）"
          + ("" if settings.production else "  （浏览器打开即为 GraphiQL）"))
    uvicorn.run("liaison.app:app_factory", factory=True, host=host, port=port,
                workers=workers, log_level="info", proxy_headers=True,
                access_log=not settings.production)
    return 0


def cmd_dev(settings: Settings, args: argparse.Namespace) -> int:
    for step in (cmd_migrate, cmd_seed):
        code = step(settings, args)
        if code:
            return code
    return cmd_serve(settings, args)


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.api.schema import build_schema

    text = build_schema().as_str() + "\n"
    target = Path(args.output)
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} 已过期：运行 liaison export-schema", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"已写入 {target}")
    return 0


def _app_database(settings: Settings):
    from liaison.db import urls
    from liaison.db.engine import Database

    url = (urls.to_async(settings.app_database_url) if settings.app_database_url
           else urls.app_url(settings, urls.owner_url(settings)))
    return Database(url, pool_size=4)


def cmd_remind(settings: Settings, args: argparse.Namespace) -> int:
    """Create due reminders once and deliver them (run by a scheduler, or by ``worker``)."""
    from datetime import datetime

    from liaison.notifications import reminders
    from liaison.notifications.channels import channels_from_env

    now = datetime.fromisoformat(args.now) if args.now else None

    async def work():
        database = _app_database(settings)
        try:
            return await reminders.run(database.sessions, channels_from_env(), now)
        finally:
            await database.dispose()

    report = asyncio.run(work())
    print(f"新提醒 {report.created} 条，已发送 {report.delivered} 条，发送失败 {report.failed} 条"
          + (f"；{report.tenants_failed} 个单位处理出错（见日志）"
             if report.tenants_failed else ""))
    return 1 if report.tenants_failed else 0


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run the reminder job every ``--every`` seconds until stopped."""
    import time

    while True:
        try:
            cmd_remind(settings, argparse.Namespace(now=None))
        except Exception as exc:  # noqa: BLE001 (the database may be away: try next time)
            print(f"提醒任务出错，{args.every} 秒后重试：{exc!r}", file=sys.stderr)
        time.sleep(args.every)


def cmd_seed_synthetic(settings: Settings, args: argparse.Namespace) -> int:
    """A fresh benchmark database filled with synthetic data (see liaison.synthetic)."""
    from liaison import synthetic
    from liaison.db import migrate, urls

    owner = urls.owner_url(settings, args.database)
    asyncio.run(urls.ensure_database(owner, recreate=True))
    migrate.upgrade(owner, settings.app_db_password)
    print(f"生成 {args.preset} 规模的模拟数据到数据库 {args.database} …")
    stats = asyncio.run(synthetic.generate(urls.asyncpg_dsn(owner),
                                           synthetic.PRESETS[args.preset], years=args.years))
    print(f"共 {stats.total:,} 行，用时 {stats.seconds:.1f} 秒，"
          f"{stats.total / stats.seconds:,.0f} 行/秒")
    for table, rows in stats.rows.items():
        print(f"  {table:<20} {rows:>12,}")
    return 0


def cmd_db_stop(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.db import embedded

    if not settings.embedded:
        print("DATABASE_URL 已设置：内置数据库未使用", file=sys.stderr)
        return 0
    print("已停止内置数据库" if embedded.stop(settings.data_dir) else "内置数据库未在运行")
    return 0


def parser() -> argparse.ArgumentParser:
    from liaison.ops.commands import cmd_backup, cmd_restore, cmd_tenants_export

    p = argparse.ArgumentParser(prog="liaison", description="委员联系界别群众系统")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="运行数据库迁移").set_defaults(func=cmd_migrate)
    tenants = sub.add_parser("tenants", help="政协组织清单").add_subparsers(dest="action",
                                                                       required=True)
    sync = tenants.add_parser("sync", help="应用清单文件 tenants/FILE.toml")
    sync.add_argument("file")
    sync.set_defaults(func=cmd_tenants_sync)
    t_export = tenants.add_parser("export",
                                  help="导出一个单位的全部数据（zip：每表一个 xlsx + JSON）")
    t_export.add_argument("code")
    t_export.add_argument("--output", help="zip 文件（默认 CODE-时间.zip）")
    t_export.set_defaults(func=cmd_tenants_export)
    sub.add_parser("seed", help="载入贺州演示单位与演示账号").set_defaults(func=cmd_seed)
    for name, func, help_ in (("serve", cmd_serve, "启动服务"),
                              ("dev", cmd_dev, "迁移 + 演示数据 + 启动服务")):
        s = sub.add_parser(name, help=help_)
        s.add_argument("--host")
        s.add_argument("--port", type=int)
        s.add_argument("--workers", type=int, choices=range(1, 65), metavar="N",
                       help="工作进程数（默认：生产环境为 CPU 核数，开发环境为 1）")
        s.set_defaults(func=func)
    export = sub.add_parser("export-schema", help="导出 graphql/schema.graphql")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.add_argument("--check", action="store_true", help="只检查是否过期")
    export.set_defaults(func=cmd_export_schema)
    remind = sub.add_parser("remind", help="生成并发送到期提醒（每个到期事项只提醒一次）")
    remind.add_argument("--now", help="按此时间运行（ISO 格式，测试用）")
    remind.set_defaults(func=cmd_remind)
    worker = sub.add_parser("worker", help="定时运行提醒任务")
    worker.add_argument("--every", type=int, default=3600, help="间隔秒数")
    worker.set_defaults(func=cmd_worker)
    synth = sub.add_parser("seed-synthetic", help="生成基准测试用的模拟数据（会重建该数据库）")
    synth.add_argument("--preset", choices=["city", "province", "national"], default="city")
    synth.add_argument("--database", default="liaison_bench")
    synth.add_argument("--years", type=int, default=None, help="联系记录的年数（默认 3）")
    synth.set_defaults(func=cmd_seed_synthetic)
    backup = sub.add_parser("backup", help="备份数据库（pg_dump 自定义格式）")
    backup.add_argument("file")
    backup.add_argument("--database", help="数据库名（默认：配置的数据库）")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="从备份恢复数据库（pg_restore）")
    restore.add_argument("file")
    restore.add_argument("--database", help="目标数据库名（默认：配置的数据库）")
    restore.add_argument("--force", action="store_true", help="目标数据库非空时删除并重建")
    restore.set_defaults(func=cmd_restore)
    db = sub.add_parser("db", help="内置数据库").add_subparsers(dest="action", required=True)
    db.add_parser("stop", help="停止内置 PostgreSQL").set_defaults(func=cmd_db_stop)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "dev":  # `make run`: the one command that defaults to development
        os.environ.setdefault("LIAISON_ENV", "development")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    return args.func(settings, args)


if __name__ == "__main__":
    sys.exit(main())
