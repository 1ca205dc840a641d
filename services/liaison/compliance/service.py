"""Compliance as the caller may see it: their tenant (scoped to a convenor's sector or a
member's own pairings), or a city with its counties side by side."""

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.compliance import queries as compliance
from liaison.compliance.quarters import Quarter
from liaison.context import ServiceContext
from liaison.db.pagination import check_first, decode_offset, encode_offset
from liaison.errors import Forbidden, PublicError
from liaison.models import ActivityGroup, Committee, Constituent, Member, Sector
from liaison.models.tenant import Tenant
from liaison.tenancy import access, registry
from liaison.tenancy.clock import today_in


def _scope(ctx: ServiceContext, tenant: Tenant) -> policies.MemberScope:
    scope = policies.member_scope(ctx.require_principal(), tenant, Obj.compliance, Act.read)
    if scope.empty:
        raise Forbidden("没有权限查看该单位的联系情况")
    return scope


def quarter_for(tenant: Tenant, year: int | None, number: int | None) -> Quarter:
    today = today_in(tenant.timezone)
    if year is None and number is None:
        return Quarter.of(today)
    if year is None or number is None or not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise PublicError("BAD_QUARTER", "请同时给出年份（2000–2100）和季度（1–4）")
    return Quarter(year, number)


@dataclass
class Named:
    id: uuid.UUID
    name: str
    counts: compliance.Counts


async def _names(ctx: ServiceContext, model, tenant_id: uuid.UUID) -> list[tuple]:
    rows = await ctx.session.execute(select(model.id, model.name).where(
        model.tenant_id == tenant_id).order_by(model.sort_order, model.name))
    return rows.all()


async def tenant_compliance(ctx: ServiceContext, tenant: Tenant, quarter: Quarter):
    scope = _scope(ctx, tenant)
    result = await compliance.rollup(ctx.session, [tenant.id], quarter,
                                     today_in(tenant.timezone), scope)
    groups = {}
    for key, model, counts in (("sector", Sector, result.by_sector),
                               ("committee", Committee, result.by_committee),
                               ("group", ActivityGroup, result.by_group)):
        groups[key] = [Named(i, n, counts[i]) for i, n in await _names(ctx, model, tenant.id)
                       if i in counts]
    return result.by_tenant.get(tenant.id, compliance.Counts()), groups


async def city_compliance(ctx: ServiceContext, tenant: Tenant, quarter: Quarter
                          ) -> tuple[compliance.Counts, list[tuple[Tenant, compliance.Counts]]]:
    """The tenant and every tenant below it the caller may read in full, side by side."""
    principal = ctx.require_principal()
    _scope(ctx, tenant)
    below = [t for t in await registry.tenants_by_ids(
        ctx.session, await registry.descendant_ids(ctx.session, tenant.path))
        if t.id in access.readable_ids(ctx)
        and policies.member_scope(principal, t, Obj.compliance, Act.read).everyone]
    tenants = [tenant, *sorted(below, key=lambda t: t.path)]
    own_scope = policies.member_scope(principal, tenant, Obj.compliance, Act.read)
    if not own_scope.everyone:  # a convenor or member sees only their own part
        tenants = [tenant]
    result = await compliance.rollup(ctx.session, [t.id for t in tenants], quarter,
                                     today_in(tenant.timezone),
                                     None if own_scope.everyone else own_scope,
                                     breakdown=False)
    rows = [(t, result.by_tenant.get(t.id, compliance.Counts())) for t in tenants]
    return result.total, rows


@dataclass
class BehindResult:
    items: list[compliance.Behind]
    has_next: bool
    end_cursor: str | None


async def behind(ctx: ServiceContext, tenant: Tenant, quarter: Quarter, *, first: int,
                 after: str | None) -> BehindResult:
    scope = _scope(ctx, tenant)
    first = check_first(first)
    offset = decode_offset(after)
    items, more = await compliance.behind(ctx.session, [tenant.id], quarter,
                                          today_in(tenant.timezone), scope,
                                          offset=offset, limit=first)
    return BehindResult(items, more, encode_offset(offset + len(items)) if items else None)


@dataclass
class BehindRow:
    """One pairing behind this quarter, named for a screen."""

    member_id: uuid.UUID
    member_name: str
    constituent_name: str
    state: compliance.PairingState
    days_left: int | None


async def behind_named(ctx: ServiceContext, tenant: Tenant, quarter: Quarter, *, first: int,
                       after: str | None) -> tuple[list[BehindRow], BehindResult]:
    """``behind`` with the member's and the constituent's names."""
    result = await behind(ctx, tenant, quarter, first=first, after=after)
    member_ids = {b.member_id for b in result.items}
    constituent_ids = {b.constituent_id for b in result.items}
    members = dict((await ctx.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == tenant.id, Member.id.in_(member_ids)))).all())
    people = dict((await ctx.session.execute(select(Constituent.id, Constituent.name).where(
        Constituent.tenant_id == tenant.id, Constituent.id.in_(constituent_ids)))).all())
    rows = [BehindRow(b.member_id, members.get(b.member_id, ""),
                      people.get(b.constituent_id, ""), b.state, b.days_left)
            for b in result.items]
    return rows, result
