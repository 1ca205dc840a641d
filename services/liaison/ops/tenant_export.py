"""One tenant's complete data as a zip, for handing a county its own records.

The zip holds one ``TABLE.xlsx`` per tenant table (one sheet named after the table, the
column names as the header row, every row whose ``tenant_id`` is the tenant's), plus
``tenant.xlsx`` with the tenant's own directory row, ``data.json`` (the same rows, faithful:
uuids, dates and timestamps as ISO strings, JSON columns as JSON) and ``manifest.json``
(the tenant, ``exported_at``, rows per table, the columns left out).

The tenant tables are every table in ``Base.metadata`` with a ``tenant_id`` column. They are
read as the owner in one read-only repeatable-read transaction (one snapshot for all tables),
each with an explicit ``WHERE tenant_id = :id``; the RLS scope is set to the tenant too, only
so that an owner who is not a superuser (RLS is forced) sees the rows at all.

Secrets are left out, not masked: ``account.password_hash`` is dropped from the sheet and the
JSON, and listed under ``excluded_columns`` in the manifest.

Spreadsheet safety: every text value is written as an inline string cell (``data_type 's'``),
never a formula, so a name like ``=HYPERLINK(…)`` stays text; C0 control characters other
than tab and newline are removed (they are invalid in xlsx; ``data.json`` keeps them).
"""

import enum
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import Table, column, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from liaison.db.base import Base
from liaison.documents.cells import clean_text
from liaison.tenancy.scope import TenantScope, apply_scope

EXCLUDED_COLUMNS: dict[str, tuple[str, ...]] = {"account": ("password_hash",)}
FORMAT = "liaison-tenant-export/1"
_XLSX_CELL_LIMIT = 32767  # characters Excel holds in one cell; data.json has the full text


class TenantExportError(RuntimeError):
    """The export cannot be made; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class ExportReport:
    file: Path
    tenant_code: str
    rows: dict[str, int]


def tenant_tables() -> list[Table]:
    """Every table of the model with a ``tenant_id`` column, parents before children."""
    import liaison.models  # noqa: F401  (registers every table in Base.metadata)

    return [t for t in Base.metadata.sorted_tables if "tenant_id" in t.c]


_DB_COLUMNS = text("SELECT column_name FROM information_schema.columns"
                   " WHERE table_schema = current_schema() AND table_name = :table"
                   " ORDER BY ordinal_position")


async def exported_columns(session: AsyncSession, table: Table) -> list:
    """The table's columns as the database has them (typed by the model where it knows them),
    less the excluded ones: a column the model lacks is still exported."""
    skip = EXCLUDED_COLUMNS.get(table.name, ())
    names = (await session.scalars(_DB_COLUMNS, {"table": table.name})).all()
    if not names:
        raise TenantExportError(f"数据库中没有表 {table.name}：请先运行 liaison migrate")
    return [table.c[n] if n in table.c else column(n) for n in names if n not in skip]


def jsonable(value):
    """A database value as JSON: uuids, decimals, dates and enums as strings."""
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def _cell(sheet, value):
    value = jsonable(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = clean_text(value)[:_XLSX_CELL_LIMIT]
    cell.data_type = "s"  # text, even when it starts with = + - @: never a formula
    return cell


def xlsx_bytes(name: str, header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append([_cell(sheet, h) for h in header])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _read(session: AsyncSession, code: str):
    from liaison.models import Tenant

    tenant_table = Tenant.__table__
    tenant = (await session.execute(
        select(tenant_table).where(tenant_table.c.code == code))).mappings().first()
    if tenant is None:
        raise TenantExportError(f"没有代码为 {code} 的单位")
    await apply_scope(session, TenantScope.only(tenant["id"]))
    tables = {"tenant": ([c.name for c in tenant_table.columns],
                         [[tenant[c.name] for c in tenant_table.columns]])}
    for table in tenant_tables():
        columns = await exported_columns(session, table)
        result = await session.execute(
            select(*columns).select_from(table).where(table.c.tenant_id == tenant["id"])
            .order_by(*table.primary_key.columns))
        tables[table.name] = ([c.name for c in columns], [list(r) for r in result])
    return tenant, tables


async def export_tenant(engine: AsyncEngine, code: str, output: Path) -> ExportReport:
    """Write tenant ``code``'s data to the zip ``output`` (replaced atomically, mode 0600)."""
    try:
        async with AsyncSession(engine) as session:
            await session.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                                        "postgresql_readonly": True})
            tenant, tables = await _read(session, code)
            await session.rollback()
    except (OSError, SQLAlchemyError) as exc:
        raise TenantExportError(f"读取数据库失败：{exc}") from exc
    exported_at = datetime.now(UTC)
    manifest = {
        "format": FORMAT,
        "tenant": {k: jsonable(tenant[k]) for k in ("id", "code", "name", "path")},
        "exported_at": exported_at.isoformat(),
        "tables": {name: len(rows) for name, (_, rows) in tables.items()},
        "excluded_columns": {t: list(c) for t, c in EXCLUDED_COLUMNS.items()},
    }
    data = {"tables": {name: [dict(zip(header, jsonable(row), strict=True)) for row in rows]
                       for name, (header, rows) in tables.items()}}
    output = output.resolve()
    partial = output.with_name(f".{output.name}.partial")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (header, rows) in tables.items():
                archive.writestr(f"{name}.xlsx", xlsx_bytes(name, header, rows))
            archive.writestr("data.json", _dumps(data))
            archive.writestr("manifest.json", _dumps(manifest))
        partial.chmod(0o600)
        partial.replace(output)
    except OSError as exc:
        raise TenantExportError(f"无法写入 {output}：{exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return ExportReport(file=output, tenant_code=tenant["code"], rows=manifest["tables"])


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def default_output(code: str, now: datetime | None = None) -> Path:
    return Path(f"{code}-{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}.zip")
