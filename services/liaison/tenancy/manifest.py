"""Tenant manifests (TOML): parse, validate with line numbers, and apply idempotently.

A manifest names a province prefix and its tenants: a city and its counties and districts,
each with sectors (界别), special committees and activity groups. Applying it twice changes
nothing; names missing from a newer manifest are kept (records may refer to them).
"""

import re
import tomllib
import uuid
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import ActivityGroup, Committee, Sector, Tenant
from liaison.models.organisation import is_invited_sector
from liaison.models.tenant import TenantLevel
from liaison.tenancy.scope import TenantScope, apply_scope

CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
PROVINCE = re.compile(r"^[a-z]{2,12}$")
TENANT_KEYS = {"code", "name", "short_name", "level", "parent", "timezone", "sectors",
               "committees", "activity_groups"}
LISTS = {"sectors": 40, "committees": 60, "activity_groups": 60}


class ManifestError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class TenantSpec:
    code: str
    name: str
    short_name: str
    level: TenantLevel
    parent: str | None
    timezone: str
    sectors: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    activity_groups: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    province: str
    tenants: list[TenantSpec]

    def path_of(self, spec: TenantSpec) -> str:
        if spec.parent is None:
            return f"{self.province}/{spec.code}"
        parent = next(t for t in self.tenants if t.code == spec.parent)
        return f"{self.path_of(parent)}/{spec.code}"


class _Lines:
    """Finds the line of the i-th ``[[tenant]]`` table, or of a key inside it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [n for n, line in enumerate(self.lines, 1)
                        if re.match(r"^\s*\[\[\s*tenant\s*\]\]", line)]

    def of(self, index: int, key: str | None = None) -> int:
        if index >= len(self.headers):
            return 1
        start = self.headers[index]
        if key is None:
            return start
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines) + 1
        for n in range(start, end):
            if re.match(rf"^\s*{re.escape(key)}\s*=", self.lines[n - 1]):
                return n
        return start


def parse(text: str, filename: str = "manifest") -> Manifest:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError([f"{filename}: TOML 语法错误：{exc}"]) from exc
    where = _Lines(text)
    problems: list[str] = []

    def bad(index: int | None, key: str | None, message: str) -> None:
        line = 1 if index is None else where.of(index, key)
        problems.append(f"{filename}:{line}: {message}")

    province = data.get("province")
    if not isinstance(province, str) or not PROVINCE.match(province):
        bad(None, None, "province 必须是 2–12 个小写字母，例如 \"gx\"")
    raw = data.get("tenant")
    if not isinstance(raw, list) or not raw:
        bad(None, None, "至少需要一个 [[tenant]]")
        raise ManifestError(problems)
    specs: list[TenantSpec] = []
    for i, item in enumerate(raw):
        spec = _tenant(item, i, bad)
        if spec is not None:
            specs.append(spec)
    codes = [s.code for s in specs]
    for i, spec in enumerate(specs):
        if codes.count(spec.code) > 1 and codes.index(spec.code) != i:
            bad(i, "code", f"单位代码重复：{spec.code}")
        if spec.level is TenantLevel.city and spec.parent is not None:
            bad(i, "parent", "市级政协不能有上级 parent")
        if spec.level is not TenantLevel.city:
            parent = next((s for s in specs if s.code == spec.parent), None)
            if spec.parent is None:
                bad(i, "level", "县（区）政协必须写明上级 parent")
            elif parent is None:
                bad(i, "parent", f"上级单位 {spec.parent} 不在本文件中")
            elif parent.level is not TenantLevel.city:
                bad(i, "parent", f"上级单位 {spec.parent} 不是市级政协")
    if problems:
        raise ManifestError(problems)
    return Manifest(province=province, tenants=specs)


def _tenant(item: object, i: int, bad) -> TenantSpec | None:
    if not isinstance(item, dict):
        bad(i, None, "[[tenant]] 必须是表")
        return None
    ok = True
    for key in sorted(set(item) - TENANT_KEYS):
        bad(i, key, f"未知字段：{key}")
        ok = False
    code = item.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        bad(i, "code", "code 必须以小写字母开头，由 2–40 个小写字母、数字或 - 组成")
        ok = False
    for key, limit in (("name", 100), ("short_name", 40)):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            bad(i, key, f"{key} 必填，且不超过 {limit} 个字符")
            ok = False
    level = item.get("level")
    if level not in {lv.value for lv in TenantLevel}:
        bad(i, "level", "level 必须是 city、county 或 district")
        ok = False
    parent = item.get("parent")
    if parent is not None and not isinstance(parent, str):
        bad(i, "parent", "parent 必须是上级单位的 code")
        ok = False
    timezone = item.get("timezone", "Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        bad(i, "timezone", f"未知时区：{timezone}")
        ok = False
    lists: dict[str, list[str]] = {}
    for key, limit in LISTS.items():
        values = item.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() and len(v) <= limit for v in values
        ):
            bad(i, key, f"{key} 必须是非空字符串列表，每项不超过 {limit} 个字符")
            ok = False
            continue
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            bad(i, key, f"{key} 中有重复：{'、'.join(dupes)}")
            ok = False
        lists[key] = [v.strip() for v in values]
    if not ok:
        return None
    return TenantSpec(code=code, name=item["name"].strip(), short_name=item["short_name"].strip(),
                      level=TenantLevel(level), parent=parent, timezone=timezone, **lists)


def load(path: Path) -> Manifest:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([f"{path}: 无法读取：{exc}"]) from exc
    return parse(text, str(path))


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rows_added: int = 0


async def apply(session: AsyncSession, manifest: Manifest) -> SyncReport:
    """Create or update every tenant and its lists. Runs as the owner, inside one transaction."""
    report = SyncReport()
    ordered = sorted(manifest.tenants, key=lambda s: s.parent is not None)
    ids: dict[str, uuid.UUID] = {}
    for spec in ordered:
        path = manifest.path_of(spec)
        parent_id = ids.get(spec.parent) if spec.parent else None
        existing = await session.scalar(select(Tenant).where(Tenant.code == spec.code))
        if existing is None:
            existing = Tenant(id=uuid.uuid4(), code=spec.code, name=spec.name,
                              short_name=spec.short_name, level=spec.level,
                              parent_id=parent_id, path=path, timezone=spec.timezone)
            session.add(existing)
            report.created.append(spec.code)
        else:
            if existing.path != path or existing.level != spec.level:
                raise ManifestError([f"{spec.code}: 已存在于 {existing.path}（{existing.level}），"
                                     f"不能移动到 {path}（{spec.level.value}）"])
            changed = (existing.name, existing.short_name, existing.timezone) != (
                spec.name, spec.short_name, spec.timezone)
            existing.name, existing.short_name = spec.name, spec.short_name
            existing.timezone = spec.timezone
            (report.updated if changed else report.unchanged).append(spec.code)
        await session.flush()
        ids[spec.code] = existing.id
        await apply_scope(session, TenantScope.only(existing.id))
        for model, names in ((Sector, spec.sectors), (Committee, spec.committees),
                             (ActivityGroup, spec.activity_groups)):
            report.rows_added += await _upsert_names(session, model, existing.id, names)
    return report


async def _upsert_names(session: AsyncSession, model, tenant_id: uuid.UUID,
                        names: list[str]) -> int:
    """Insert missing names, renumber moved ones; returns how many rows were inserted."""
    if not names:
        return 0
    rows = [{"tenant_id": tenant_id, "id": uuid.uuid4(), "name": n, "sort_order": i}
            for i, n in enumerate(names, 1)]
    if model is Sector:
        for row in rows:
            row["invited"] = is_invited_sector(row["name"])
    stmt = insert(model).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["tenant_id", "name"],
        set_={"sort_order": stmt.excluded.sort_order},
        where=model.sort_order != stmt.excluded.sort_order,
    ).returning(literal_column("xmax = 0"))
    result = await session.execute(stmt)
    return sum(1 for (inserted,) in result if inserted)
