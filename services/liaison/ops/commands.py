"""Operators' commands: ``liaison backup``, ``restore`` and ``tenants export``."""

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

from liaison.settings import Settings


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.ops import backup

    try:
        file = asyncio.run(backup.backup(settings, Path(args.file), database=args.database))
    except backup.BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return 2
    print(f"已备份到 {file}（{file.stat().st_size:,} 字节）")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.ops import backup

    try:
        report = asyncio.run(backup.restore(settings, Path(args.file), database=args.database,
                                            force=args.force))
    except backup.BackupError as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return 2
    print(f"已恢复到数据库 {report.database}：{report.tables} 张表"
          + ("（原数据库已删除并重建）" if report.recreated else ""))
    return 0


def cmd_tenants_export(settings: Settings, args: argparse.Namespace) -> int:
    from liaison.db import urls
    from liaison.ops import tenant_export

    output = Path(args.output) if args.output else tenant_export.default_output(args.code)

    async def work():
        engine = create_async_engine(urls.owner_url(settings))
        try:
            return await tenant_export.export_tenant(engine, args.code, output)
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(work())
    except tenant_export.TenantExportError as exc:
        print(f"导出失败：{exc}", file=sys.stderr)
        return 2
    print(f"已导出 {report.tenant_code} 的数据到 {report.file}："
          f"{len(report.rows)} 个表，共 {sum(report.rows.values())} 行（不含密码哈希）")
    return 0
