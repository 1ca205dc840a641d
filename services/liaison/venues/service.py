"""Venues (阵地): the office's liaison stations (委员联络站: a township, street or community) and
sector studios (界别委员工作室: one or more sectors, a host unit), each active or closed, with a
short public description. The office of the tenant manages them; venue staff read their own;
every role of the tenant reads them, a city's office and leadership its counties' (read-only).
Every change is audited; bad input changes nothing."""

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import VENUE, Partial, clean_texts
from liaison.models import Sector, Tenant, Venue, VenueSector
from liaison.models.venues import VenueKind
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.validation import normalize_phone
from liaison.venues import access as venue_access


@dataclass
class VenueInput(Partial):
    """A new venue (``kind`` and ``name`` required) or the changes to one (``...``: not
    given). ``sector_ids``: a studio's sectors (one or more); a station has none."""

    kind: VenueKind = ...  # type: ignore[assignment]
    name: str = ...  # type: ignore[assignment]
    area: str | None = ...  # type: ignore[assignment]
    address: str | None = ...  # type: ignore[assignment]
    opening_hours: str | None = ...  # type: ignore[assignment]
    phone: str | None = ...  # type: ignore[assignment]
    host_unit: str | None = ...  # type: ignore[assignment]
    description: str | None = ...  # type: ignore[assignment]
    sector_ids: list[uuid.UUID] = ...  # type: ignore[assignment]


async def list_venues(ctx: ServiceContext, tenant: Tenant) -> list[Venue]:
    """The venues of ``tenant`` the caller reaches: open ones first, stations before studios,
    by name."""
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    reach = venue_access.scope(ctx, tenant)
    rows = await ctx.session.scalars(
        select(Venue).where(Venue.tenant_id == tenant.id, reach.condition(Venue.id))
        .order_by(Venue.is_active.desc(), Venue.kind, Venue.name))
    return list(rows)


async def sector_ids_of(ctx: ServiceContext, venue: Venue) -> list[uuid.UUID]:
    """A studio's sectors (a venue the caller has already reached)."""
    rows = await ctx.session.scalars(select(VenueSector.sector_id).where(
        VenueSector.tenant_id == venue.tenant_id, VenueSector.venue_id == venue.id)
        .order_by(VenueSector.sector_id))
    return list(rows)


def _require_office(ctx: ServiceContext, tenant: Tenant) -> None:
    if not policies.venue_scope(ctx.require_principal(), tenant, Act.manage).everyone:
        raise Forbidden("只有委员联络办可以管理联络站和工作室")


async def _managed(ctx: ServiceContext, venue_id: uuid.UUID) -> Venue:
    venue = await venue_access.access_venue(ctx, venue_id, Act.manage)
    _require_office(ctx, await own_tenant(ctx))
    return venue


async def _check(ctx: ServiceContext, tenant: Tenant, values: dict, venue: Venue | None
                 ) -> tuple[dict, list[uuid.UUID] | None]:
    """The cleaned values and the sectors to set (None: leave them), or ValidationFailed."""
    cleaned, problems = clean_texts(values, VENUE)
    if cleaned.get("kind") is None:
        cleaned.pop("kind", None)
    if venue is None or "name" in cleaned:
        problems = [p for p in problems if p.field != "name"]
        missing = VENUE["name"].required_problem(cleaned.get("name"))
        problems[:0] = [missing] if missing else []
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"])
        if cleaned["phone"] is None:
            problems.append(FieldProblem("phone", "联系电话格式不正确（手机号或 0774-5123911）"))
    kind = cleaned.get("kind") or (venue.kind if venue else None)
    if kind is None:
        problems.append(FieldProblem("kind", "请选择类型：委员联络站或界别委员工作室"))
    given = cleaned.pop("sector_ids", None)
    sectors = list(dict.fromkeys(given)) if given is not None else None
    if kind is VenueKind.station:
        if sectors:
            problems.append(FieldProblem("sectorIds", "委员联络站不设界别"))
        if cleaned.get("host_unit"):
            problems.append(FieldProblem("hostUnit", "只有界别委员工作室填写依托单位"))
        cleaned["host_unit"], sectors = None, []
    elif kind is VenueKind.studio:
        if sectors is None and (venue is None or venue.kind is not VenueKind.studio):
            sectors = []
        for sector_id in sectors or ():
            if await ctx.session.get(Sector, (tenant.id, sector_id)) is None:
                problems.append(FieldProblem("sectorIds", f"本单位没有该界别：{sector_id}"))
        if sectors == []:
            problems.append(FieldProblem("sectorIds", "界别委员工作室须指定至少一个界别"))
    if cleaned.get("name") and not problems:
        query = select(Venue.id).where(Venue.tenant_id == tenant.id,
                                       Venue.name == cleaned["name"])
        if venue is not None:
            query = query.where(Venue.id != venue.id)
        if await ctx.session.scalar(query) is not None:
            problems.append(FieldProblem("name", f"已有同名的联络站或工作室：{cleaned['name']}"))
    if problems:
        raise ValidationFailed(problems)
    return cleaned, sectors


async def _set_sectors(ctx: ServiceContext, venue: Venue, wanted: list[uuid.UUID]) -> bool:
    current = await sector_ids_of(ctx, venue)
    if set(current) == set(wanted):
        return False
    await ctx.session.execute(delete(VenueSector).where(
        VenueSector.tenant_id == venue.tenant_id, VenueSector.venue_id == venue.id,
        VenueSector.sector_id.not_in(wanted)))
    ctx.session.add_all([VenueSector(tenant_id=venue.tenant_id, venue_id=venue.id,
                                     sector_id=s) for s in wanted if s not in current])
    await ctx.session.flush()
    return True


async def create_venue(ctx: ServiceContext, new: VenueInput) -> Venue:
    tenant = await own_tenant(ctx)
    _require_office(ctx, tenant)
    values, sectors = await _check(ctx, tenant, new.given(), None)
    venue = Venue(tenant_id=tenant.id, id=uuid.uuid4(), is_active=True, **values)
    ctx.session.add(venue)
    await ctx.session.flush()
    await _set_sectors(ctx, venue, sectors or [])
    await audit.record_change(ctx, "venue_created", venue, None,
                              extra_after={"sector_ids": [str(s) for s in sectors or []]})
    return venue


async def update_venue(ctx: ServiceContext, venue_id: uuid.UUID, changes: VenueInput) -> Venue:
    venue = await _managed(ctx, venue_id)
    tenant = await own_tenant(ctx)
    values, sectors = await _check(ctx, tenant, changes.given(), venue)
    before = snapshot(venue)
    for key, value in values.items():
        setattr(venue, key, value)
    moved = sectors is not None and await _set_sectors(ctx, venue, sectors)
    await audit.record_change(ctx, "venue_updated", venue, before, only_if_changed=not moved,
                              extra_after={"sector_ids": [str(s) for s in sectors]}
                              if moved else None)
    return venue


async def set_active(ctx: ServiceContext, venue_id: uuid.UUID, active: bool) -> Venue:
    """Close (``active=False``) or reopen a venue; already so: nothing changes. A closed
    venue keeps its sessions and records but takes no new sessions."""
    venue = await _managed(ctx, venue_id)
    if venue.is_active is active:
        return venue
    before = snapshot(venue)
    venue.is_active = active
    await audit.record_change(ctx, "venue_reopened" if active else "venue_closed", venue,
                              before)
    return venue
