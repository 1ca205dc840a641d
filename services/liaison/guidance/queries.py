"""The SQL of guidance items: the tenants below an issuer, the copies of some items in the
counties the caller reads, and the two lists."""

import uuid
from collections import defaultdict

from sqlalchemy import Select, select

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.models import GuidanceItem, GuidanceTarget, Tenant
from liaison.models.guidance import TargetState
from liaison.tenancy import access, registry


async def below(ctx: ServiceContext, tenant: Tenant) -> list[Tenant]:
    """The tenants below ``tenant`` that the caller reads, by path."""
    ids = set(await registry.descendant_ids(ctx.session, tenant.path))
    ids &= set(access.readable_ids(ctx))
    return sorted(await registry.tenants_by_ids(ctx.session, list(ids)), key=lambda t: t.path)


async def guidance_tenants(ctx: ServiceContext) -> dict[uuid.UUID, Tenant]:
    """The readable tenants whose guidance the caller may read, by id."""
    principal = ctx.require_principal()
    rows = await registry.tenants_by_ids(ctx.session, list(access.readable_ids(ctx)))
    return {t.id: t for t in rows
            if policies.has_permission(principal, t.path, Obj.guidance, Act.read)}


async def targets_of(ctx: ServiceContext, items: list[GuidanceItem]
                     ) -> dict[uuid.UUID, list[GuidanceTarget]]:
    """Each item's copies in the counties whose guidance the caller reads, by county path."""
    if not items:
        return {}
    tenants = await guidance_tenants(ctx)
    rows = await ctx.session.scalars(select(GuidanceTarget).where(
        GuidanceTarget.tenant_id.in_(list(tenants)),
        GuidanceTarget.issuer_tenant_id.in_({i.tenant_id for i in items}),
        GuidanceTarget.item_id.in_([i.id for i in items])))
    found: dict[uuid.UUID, list[GuidanceTarget]] = defaultdict(list)
    for row in sorted(rows, key=lambda t: (tenants[t.tenant_id].path, t.id)):
        found[row.item_id].append(row)
    return {i.id: found.get(i.id, []) for i in items}


def items_statement(tenant: Tenant) -> Select:
    return select(GuidanceItem).where(GuidanceItem.tenant_id == tenant.id)


def inbox_statement(tenant: Tenant, state: TargetState | None) -> Select:
    stmt = select(GuidanceTarget).where(GuidanceTarget.tenant_id == tenant.id)
    return stmt if state is None else stmt.where(GuidanceTarget.state == state)
