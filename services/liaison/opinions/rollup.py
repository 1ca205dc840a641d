"""Opinion roll-ups (意见建议统计): a tenant's figures, or a city with its counties side by side.

What is counted: every opinion the caller may read (``policies.opinion_scope``) raised in
the year asked (``raised_on``; every year without one). Merged opinions (``merged_into_id``)
count individually, in every figure: each is its own people's opinion and carries its lead's
outcome (the lead's moves are applied to it: opinions/groups.py). So ``converted[proposal]``
counts opinions that became (part of) a proposal, not proposals.

- ``by_state``: every state in the state machine's order, zeros included.
- ``by_category`` / ``by_sector`` / ``by_committee`` / ``by_member``: (id, name, count) with
  at least one opinion, by count descending, then name. The committee None is the office
  (委员联络办); sector and member None are opinions without one (未分界别, 未关联委员).
- ``conversion_rate``: opinions whose outcome is a proposal, a 社情民意信息 or a referral to a
  department, over all opinions counted (open ones included); None when there are none.
- ``median_days_to_feedback``: the median of ``feedback_on − raised_on`` in days over the
  opinions fed back (state 已反馈 or 已办结; a reopened one is being handled again and
  does not count until it is fed back again); the mean of the middle two for an even count.
- ``overdue``: still 已登记 or 办理中 with a ``due_on`` before today (the asked tenant's
  time zone, for its counties too).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import Float, and_, case, cast, false, func, or_, select, tuple_

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound, PublicError
from liaison.models import Committee, Member, Opinion, OpinionCategory, Sector
from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.models.tenant import Tenant
from liaison.opinions import deadlines
from liaison.tenancy import access, clock, registry

S, K = OpinionState, OutcomeKind
CONVERTED = (K.proposal, K.social_info, K.referred)
FED_BACK = (S.fed_back, S.closed)

NONE_NAMES = {"committee": "委员联络办", "sector": "未分界别", "member": "未关联委员"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Count(NamedTuple):
    id: uuid.UUID | None
    name: str
    count: int


@dataclass
class OpinionSummary:
    tenant: Tenant
    year: int | None
    total: int = 0
    by_state: list[tuple[OpinionState, int]] = field(
        default_factory=lambda: [(s, 0) for s in S])
    by_category: list[Count] = field(default_factory=list)
    by_sector: list[Count] = field(default_factory=list)
    by_committee: list[Count] = field(default_factory=list)
    by_member: list[Count] = field(default_factory=list)
    converted: dict[OutcomeKind, int] = field(
        default_factory=lambda: dict.fromkeys(CONVERTED, 0))
    fed_back: int = 0
    median_days_to_feedback: float | None = None
    overdue: int = 0

    @property
    def conversion_rate(self) -> float | None:
        return round(sum(self.converted.values()) / self.total, 4) if self.total else None


def check_year(year: int | None) -> None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise PublicError("BAD_YEAR", f"年份须在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")


def _scope(ctx: ServiceContext, tenant: Tenant) -> policies.OpinionScope:
    """As ``list_opinions``: not-found for a tenant the caller cannot read, forbidden for a
    role that reads no opinions there."""
    scope = policies.opinion_scope(ctx.require_principal(), tenant, Act.read)
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if scope == policies.OpinionScope():
        raise Forbidden("没有权限查看意见建议")
    return scope


async def summary(ctx: ServiceContext, tenant: Tenant, year: int | None) -> OpinionSummary:
    """The tenant's opinions the caller may read: a member their own, a convenor their
    sector's, a committee those assigned to it, the office and leadership all."""
    check_year(year)
    scope = _scope(ctx, tenant)
    [result] = await _summaries(ctx, [tenant], {tenant.id: scope}, year,
                                clock.today_in(tenant.timezone))
    return result


async def across(ctx: ServiceContext, tenant: Tenant, year: int | None, *,
                 breakdown: bool = True) -> list[OpinionSummary]:
    """The tenant (as ``summary``) and then each tenant below it whose opinions the caller
    reads in full, by path: a city's counties side by side. Each entry is what ``summary``
    gives for that tenant; without ``breakdown`` the ``by_category`` … ``by_member`` lists
    stay empty (one statement less: the side-by-side page shows the figures only). A fixed
    number of statements, however many counties."""
    check_year(year)
    principal = ctx.require_principal()
    scopes = {tenant.id: _scope(ctx, tenant)}
    readable = set(access.readable_ids(ctx))
    below = [t for t in await registry.tenants_by_ids(
        ctx.session, [i for i in await registry.descendant_ids(ctx.session, tenant.path)
                      if i in readable])
        if policies.opinion_scope(principal, t, Act.read).everyone]
    tenants = [tenant, *sorted(below, key=lambda t: t.path)]
    scopes.update((t.id, policies.OpinionScope(everyone=True)) for t in below)
    return await _summaries(ctx, tenants, scopes, year, clock.today_in(tenant.timezone),
                            breakdown=breakdown)


def _where(scopes: dict[uuid.UUID, policies.OpinionScope], year: int | None) -> list:
    """The tenants' opinions in each one's scope. Each tenant condition is written once: a
    repeated ``tenant_id IN (…)`` makes the planner expect a single row (docs/benchmarks.md)."""
    where = [Opinion.tenant_id.in_(list(scopes))]
    if not all(s.everyone for s in scopes.values()):
        full = [t for t, s in scopes.items() if s.everyone]
        where.append(or_(false(), *[and_(Opinion.tenant_id == t, s.condition(Opinion))
                                    for t, s in scopes.items() if not s.everyone],
                         *([Opinion.tenant_id.in_(full)] if full else [])))
    if year is not None:
        where += [Opinion.raised_on >= date(year, 1, 1), Opinion.raised_on < date(year + 1, 1, 1)]
    return where


async def _summaries(ctx: ServiceContext, tenants: list[Tenant],
                     scopes: dict[uuid.UUID, policies.OpinionScope], year: int | None,
                     today: date, *, breakdown: bool = True) -> list[OpinionSummary]:
    where = _where(scopes, year)
    results = {t.id: OpinionSummary(t, year) for t in tenants}
    fed = Opinion.state.in_(FED_BACK)
    totals = await ctx.session.execute(select(
        Opinion.tenant_id, func.count().label("total"),
        *[func.count().filter(Opinion.state == s).label(f"s_{s.value}") for s in S],
        *[func.count().filter(Opinion.outcome_kind == k).label(f"k_{k.value}") for k in CONVERTED],
        func.count().filter(fed).label("fed"),
        cast(func.percentile_cont(0.5).within_group(
            case((fed, Opinion.feedback_on - Opinion.raised_on))), Float).label("median"),
        func.count().filter(deadlines.overdue_condition(
            deadlines.OverdueStep.handling, today, 0)).label("overdue"),
    ).where(*where).group_by(Opinion.tenant_id))
    for row in totals:
        r = results[row.tenant_id]
        r.total, r.fed_back, r.overdue = row.total, row.fed, row.overdue
        r.by_state = [(s, getattr(row, f"s_{s.value}")) for s in S]
        r.converted = {k: getattr(row, f"k_{k.value}") for k in CONVERTED}
        r.median_days_to_feedback = row.median
    if breakdown:
        await _breakdown(ctx, results, where)
    return [results[t.id] for t in tenants]


DIMENSIONS = {"category": (Opinion.category_id, OpinionCategory),
              "sector": (Opinion.sector_id, Sector),
              "committee": (Opinion.committee_id, Committee),
              "member": (Opinion.member_id, Member)}
# GROUPING(category, sector, committee, member) of each grouping set: the bit of the column
# grouped by is 0, the others' 1 (category 0111, sector 1011, committee 1101, member 1110).
GROUPS = {15 ^ (8 >> k): dimension for k, dimension in enumerate(DIMENSIONS)}


async def _breakdown(ctx: ServiceContext, results: dict[uuid.UUID, OpinionSummary],
                     where: list) -> None:
    """Counts by category, sector, committee and member, with their names, in one statement:
    one grouping set per dimension; each grouped row looks its one name up by primary key
    (joins let the planner, misled by the RLS filter's estimate, scan whole tables)."""
    columns = [column for column, _ in DIMENSIONS.values()]
    grouped = select(Opinion.tenant_id, *columns, func.grouping(*columns).label("g"),
                     func.count().label("n")).where(*where).group_by(func.grouping_sets(
                         *[tuple_(Opinion.tenant_id, c) for c in columns])).subquery()
    keys, names = [], []
    for g, dimension in GROUPS.items():
        column, model = DIMENSIONS[dimension]
        key = grouped.c[column.key]
        keys.append((grouped.c.g == g, key))
        names.append((grouped.c.g == g, select(model.name).where(
            model.tenant_id == grouped.c.tenant_id, model.id == key).scalar_subquery()))
    rows = await ctx.session.execute(select(grouped.c.tenant_id, grouped.c.g, case(*keys),
                                            case(*names), grouped.c.n))
    targets = {(t, g): getattr(r, f"by_{d}") for t, r in results.items()
               for g, d in GROUPS.items()}
    for tenant_id, g, key_id, name, n in rows:
        targets[(tenant_id, g)].append(
            Count(key_id, NONE_NAMES[GROUPS[g]] if key_id is None else name or "", n))
    for counts in targets.values():
        counts.sort(key=lambda c: (-c.count, c.name))
