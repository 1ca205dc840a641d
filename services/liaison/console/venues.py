"""阵地 in the console: the office's list of its 委员联络站 and 界别委员工作室 with this
quarter's figures, and each venue's month calendar of the reception-day rota (接待日月历;
on a phone a list of the days with sessions). Venue staff land on their venue's calendar
(/venue). A parent city reads a county's without controls. The forms are in venue_forms.py
(venues), session_forms.py (sessions and patterns) and venue_moves.py (a session's page); the
services decide again on every post."""

import uuid

from litestar import Request, Response, get
from litestar.response import Template

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.compliance.service import quarter_for
from liaison.console.session import console_context
from liaison.console.venues_city import parse_quarter, quarter_choices
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.members import service as members
from liaison.members.service import MemberFilter, MemberSort
from liaison.models import Tenant, Venue
from liaison.models.members import MemberStatus
from liaison.models.venues import (
    DUTY_STATUS_LABELS,
    HOLIDAY_POLICY_LABELS,
    SESSION_STATUS_LABELS,
    VENUE_KIND_LABELS,
)
from liaison.tenancy.access import own_tenant
from liaison.venues import access as venue_access
from liaison.venues import calendar, rollup
from liaison.venues import service as venue_service

ALL = 100  # the member select is read a service page at a time
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def manages(ctx: ServiceContext, tenant: Tenant, venue: Venue) -> bool:
    """Whether the caller keeps this venue's rota (its office or its staff, own tenant)."""
    principal = ctx.require_principal()
    return tenant.id == principal.tenant_id and policies.venue_scope(
        principal, tenant, Act.manage).allows(venue.id)


def is_office(ctx: ServiceContext, tenant: Tenant) -> bool:
    """Whether the caller keeps every venue of ``tenant`` (its own office)."""
    principal = ctx.require_principal()
    return tenant.id == principal.tenant_id and policies.venue_scope(
        principal, tenant, Act.manage).everyone


async def serving_members(ctx: ServiceContext, tenant: Tenant) -> dict[uuid.UUID, str]:
    """The serving members of ``tenant`` the caller reads, by name (for the duty selects)."""
    found, after = {}, None
    while True:
        chunk = await members.list_members(ctx, tenant, MemberFilter(
            status=MemberStatus.serving), MemberSort.name, first=ALL, after=after)
        found.update({m.id: m.name for m in chunk.items})
        if not chunk.has_next:
            return found
        after = chunk.cursors[-1]


def labels() -> dict:
    """The Chinese words every venue page reads."""
    return {"kinds": VENUE_KIND_LABELS, "statuses": SESSION_STATUS_LABELS,
            "duty_labels": DUTY_STATUS_LABELS, "policies": HOLIDAY_POLICY_LABELS,
            "weekdays": WEEKDAYS}


async def venue_in(ctx: ServiceContext, code: str, venue_id: str
                   ) -> tuple[Viewer, Tenant, Venue]:
    """The viewer, the page's tenant and the venue it names (not found unless readable)."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    venue = await venue_access.access_venue(ctx, parse_id(venue_id, "联络站或工作室"),
                                            tenant=tenant)
    return who, tenant, venue


def calendar_path(tenant: Tenant, venue_id: uuid.UUID, month: str | None = None) -> str:
    path = f"/t/{tenant.code}/venues/{venue_id}/calendar"
    return f"{path}?month={month}" if month else path


@get("/venue")
async def venue_home(request: Request) -> Response:
    """Venue staff's home: their venue's calendar (a list when they work at several)."""
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await own_tenant(ctx)
        mine = policies.venue_scope(ctx.require_principal(), tenant, Act.manage)
        venues = [await venue_access.access_venue(ctx, v, tenant=tenant)
                  for v in sorted(mine.venue_ids)] if not mine.everyone else []
        if mine.everyone:
            return see_other(f"/t/{tenant.code}/venues")
    if len(venues) == 1:
        return see_other(calendar_path(tenant, venues[0].id))
    return page("venue.html", viewer=who, tenant=tenant,
                venues=sorted(venues, key=lambda v: v.name), **labels())


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, quarter: str | None, *,
                    notice: str | None = None) -> Template:
    year, number = parse_quarter(quarter)
    venues = await venue_service.list_venues(ctx, tenant)
    summary = await rollup.summary(ctx, tenant, year, number)
    figures = {row.venue_id: row.figures for row in summary.rows}
    return page("venues.html", viewer=who, tenant=tenant, own=tenant.id == who.tenant.id,
                venues=venues, figures=figures, totals=summary.totals,
                quarter=summary.quarter, choices=quarter_choices(
                    quarter_for(tenant, None, None)), office=is_office(ctx, tenant),
                notice=notice, **labels())


@get("/t/{code:str}/venues")
async def venue_list(request: Request, code: str, quarter: str | None = None,
                     done: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await list_page(ctx, who, tenant, quarter, notice=LIST_NOTICES.get(done or ""))


LIST_NOTICES = {"created": "已新增联络站（工作室）。", "closed": "已关闭该联络站（工作室）。",
                "reopened": "已重新开放该联络站（工作室）。"}


@get("/t/{code:str}/venues/{venue_id:str}/calendar")
async def venue_calendar(request: Request, code: str, venue_id: str,
                         month: str | None = None, done: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who, tenant, venue = await venue_in(ctx, code, venue_id)
        year, number = calendar.parse_month(month, tenant.timezone)
        _, shown = await calendar.venue_month(ctx, venue.id, year, number, tenant=tenant)
        return page("venue_calendar.html", viewer=who, tenant=tenant,
                    own=tenant.id == who.tenant.id, venue=venue, month=shown,
                    manage=manages(ctx, tenant, venue) and venue.is_active,
                    office=is_office(ctx, tenant), notice=notice_of(done), **labels())


def notice_of(done: str | None) -> str | None:
    """``created``, ``series-12`` (sessions made), ``cancelled``: what the last post did."""
    head, _, count = (done or "").partition("-")
    if head == "series" and count.isascii() and count.isdecimal() and len(count) < 4:
        return f"已按规律排好 {int(count)} 次接待日。"
    return {"created": "已新增接待日。", "cancelled": "已取消接待日。"}.get(head)
