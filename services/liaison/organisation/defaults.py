"""The settings every rule uses, resolved down the tenant tree (R26, R27).

Each setting of a tenant is its own value, or (NULL, no row) whatever applies to the tenant
above it, up to the notice's defaults. A tenant may fix a setting for every tenant below it:
from there down its value applies whatever the lower tenants stored, and their own values are
kept, unused, until the setting is released again. Changing a city's value therefore never
rewrites a county's.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.labels import Labelled, labels
from liaison.models import LiaisonSettings, Tenant

DEFAULT_MIN_PAIRINGS = 2
DEFAULT_MAX_PAIRINGS = 3
DEFAULT_REPLY_DAYS = 30


class SettingKey(Labelled):
    pairing = "pairing"
    plan_due = "plan_due"
    report_due = "report_due"
    opinion_reply_days = "opinion_reply_days"


KEY_LABELS = labels(SettingKey, {SettingKey.pairing: "结对联系人数",
                                 SettingKey.plan_due: "年度计划截止日期",
                                 SettingKey.report_due: "年度报告截止日期",
                                 SettingKey.opinion_reply_days: "意见建议反馈期限"})
COLUMNS: dict[SettingKey, tuple[str, ...]] = {
    SettingKey.pairing: ("min_pairings", "max_pairings"),
    SettingKey.plan_due: ("plan_due_month", "plan_due_day"),
    SettingKey.report_due: ("report_due_month", "report_due_day"),
    SettingKey.opinion_reply_days: ("opinion_reply_days",),
}
Value = tuple[int, ...]


@dataclass(frozen=True)
class Settings:
    min_pairings: int = DEFAULT_MIN_PAIRINGS
    max_pairings: int = DEFAULT_MAX_PAIRINGS
    report_due: tuple[int, int] = (12, 20)  # month, day: the report on year Y (R9)
    plan_due: tuple[int, int] = (3, 31)     # month, day: the plan for year Y (R6)
    opinion_reply_days: int = DEFAULT_REPLY_DAYS  # days from raising an opinion to 反馈

    def value(self, key: SettingKey) -> Value:
        if key is SettingKey.pairing:
            return (self.min_pairings, self.max_pairings)
        if key is SettingKey.opinion_reply_days:
            return (self.opinion_reply_days,)
        return getattr(self, key.value)

    def with_value(self, key: SettingKey, value: Value) -> "Settings":
        if key is SettingKey.pairing:
            return replace(self, min_pairings=value[0], max_pairings=value[1])
        if key is SettingKey.opinion_reply_days:
            return replace(self, opinion_reply_days=value[0])
        return replace(self, **{key.value: (value[0], value[1])})


NOTICE = Settings()


@dataclass(frozen=True)
class Source:
    """Who gave a value: a tenant, or the notice's default (no tenant)."""

    tenant_id: uuid.UUID | None = None
    name: str = "通知默认"


@dataclass(frozen=True)
class Rule:
    """One setting as a tenant sees it."""

    key: SettingKey
    value: Value               # what every rule of this tenant uses
    source: Source             # who set that value
    own: Value | None          # the tenant's own value (None: follows the tenant above)
    above: Value               # what applies without its own value
    above_source: Source
    locked_by: Source | None   # a tenant above fixed it: ``own`` is kept but unused
    fixed: bool                # the tenant fixes it for the tenants below it


@dataclass(frozen=True)
class Resolved:
    settings: Settings
    rules: dict[SettingKey, Rule]


def own_value(row: LiaisonSettings | None, key: SettingKey) -> Value | None:
    if row is None:
        return None
    value = tuple(getattr(row, column) for column in COLUMNS[key])
    return None if value[0] is None else value


def is_fixed(row: LiaisonSettings | None, key: SettingKey) -> bool:
    return row is not None and bool(getattr(row, f"{key.value}_fixed"))


def resolve(chain: Sequence[tuple[Tenant, LiaisonSettings | None]]) -> Resolved:
    """``chain`` runs from the top of the tree down to the tenant itself."""
    *above, (_, mine) = chain
    settings, rules = NOTICE, {}
    for key in SettingKey:
        value, source, locked_by = NOTICE.value(key), Source(), None
        for tenant, row in above:
            given = own_value(row, key)
            if locked_by is None and given is not None:
                value, source = given, Source(tenant.id, tenant.short_name)
            if locked_by is None and is_fixed(row, key):
                locked_by = Source(tenant.id, tenant.short_name)
        own = own_value(mine, key)
        used, used_source = value, source
        if locked_by is None and own is not None:
            used, used_source = own, Source(chain[-1][0].id, chain[-1][0].short_name)
        rules[key] = Rule(key, used, used_source, own, value, source, locked_by,
                          is_fixed(mine, key))
        settings = settings.with_value(key, used)
    return Resolved(settings, rules)


def prefixes(path: str) -> list[str]:
    """'gx/hezhou/babu' → ['gx', 'gx/hezhou', 'gx/hezhou/babu']."""
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


async def resolve_many(session: AsyncSession,
                       tenants: Iterable[Tenant]) -> dict[uuid.UUID, Resolved]:
    """The settings of each tenant, in two statements however many there are. Row-level
    security lets a tenant read its own rows, those below it and those above it."""
    tenants = list(tenants)
    paths = sorted({p for t in tenants for p in prefixes(t.path)})
    if not paths:
        return {}
    rows = (await session.execute(
        select(Tenant, LiaisonSettings)
        .outerjoin(LiaisonSettings, LiaisonSettings.tenant_id == Tenant.id)
        .where(Tenant.path.in_(paths)))).all()
    by_path = {t.path: (t, s) for t, s in rows}
    return {t.id: resolve([by_path[p] if p in by_path else (t, None)
                           for p in prefixes(t.path)]) for t in tenants}


async def resolved(session: AsyncSession, tenant: Tenant | uuid.UUID) -> Resolved:
    if not isinstance(tenant, Tenant):
        tenant = await session.get(Tenant, tenant)
    return (await resolve_many(session, [tenant]))[tenant.id]


async def effective(session: AsyncSession, tenant: Tenant | uuid.UUID) -> Settings:
    """What every rule of the tenant uses: the pairing range, the deadlines, the reply days."""
    return (await resolved(session, tenant)).settings


def describe(key: SettingKey, value: Value) -> str:
    """A value as the office reads it: 2–3 人, 3 月 31 日, 30 天."""
    if key is SettingKey.pairing:
        return f"{value[0]}–{value[1]} 人"
    if key is SettingKey.opinion_reply_days:
        return f"{value[0]} 天"
    return f"{value[0]} 月 {value[1]} 日"
