"""The member list (search, filters, pages) and a member's page: profile, pairings with
their history, contacts and filings; in one's own tenant, the controls one's role allows."""

import uuid
from dataclasses import dataclass, field

from litestar import Request, get
from litestar.response import Template

from liaison.authz import policies
from liaison.authz.objects import Obj
from liaison.console.session import console_context
from liaison.console.views import Viewer, member_page, page, readable_tenant, viewer
from liaison.contacts import service as contacts
from liaison.context import ServiceContext
from liaison.errors import Forbidden
from liaison.filings import service as filings
from liaison.members import phones
from liaison.members import service as members
from liaison.members.service import MemberFilter, MemberSort, PairingStatus
from liaison.models import Member, Tenant
from liaison.models.contacts import METHOD_LABELS
from liaison.models.members import CATEGORY_LABELS, STATUS_LABELS, MemberStatus
from liaison.organisation import service as organisation
from liaison.organisation.service import UnitKind
from liaison.pairings import service as pairings
from liaison.tenancy import clock

PAGE = 20
FILING_KINDS = {"plan": "年度计划", "report": "年度报告"}
FILING_STATES = {"draft": "草稿", "submitted": "已提交", "returned": "已退回",
                 "accepted": "已采纳"}


def optional_id(value: str | None) -> uuid.UUID | None:
    """A filter's id; one that is not an id filters nothing."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


async def units(ctx: ServiceContext, tenant: Tenant) -> dict[str, dict[uuid.UUID, str]]:
    return {kind.value: {u.id: u.name for u in await organisation.list_units(ctx, tenant, kind)}
            for kind in UnitKind}


@get("/t/{code:str}/members")
async def member_list(request: Request, code: str, name: str | None = None,
                      sector: str | None = None, committee: str | None = None,
                      group: str | None = None, status: str | None = None,
                      pairing: str | None = None, after: str | None = None) -> Template:
    flt = MemberFilter(
        name=(name or "").strip()[:40] or None, sector_id=optional_id(sector),
        committee_id=optional_id(committee), activity_group_id=optional_id(group),
        status=MemberStatus(status) if status in set(MemberStatus) else None,
        pairing_status=PairingStatus.incomplete if pairing == "incomplete" else None)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        found = await members.list_members(ctx, tenant, flt, MemberSort.name, first=PAGE,
                                           after=after or None)
        total = await members.count_members(ctx, tenant, flt)
        names = await units(ctx, tenant)
        view = phones.view(ctx, tenant.path)
        rows = [(m, view.member(m.id, m.phone)) for m in found.items]
    query = {k: v for k, v in (("name", flt.name), ("sector", sector), ("committee", committee),
                               ("group", group), ("status", status), ("pairing", pairing))
             if v}
    return page("members.html", viewer=who, tenant=tenant, own=tenant.id == who.tenant.id,
                rows=rows, total=total, units=names, query=query, statuses=STATUS_LABELS,
                next_cursor=found.cursors[-1] if found.has_next else None,
                can_create=tenant.id == who.tenant.id and not policies.manageable_members(
                    ctx.principal, tenant).self_only and who.may("member:manage"))


@dataclass
class Controls:
    """What the page offers; the services decide again on every post."""

    edit: bool = False
    leave: bool = False
    pair: bool = False
    contact: bool = False


def controls(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member) -> Controls:
    if tenant.id != who.tenant.id:
        return Controls()
    principal = ctx.require_principal()

    def may(obj: Obj) -> bool:
        return policies.manageable_members(principal, tenant, obj).allows(member.id,
                                                                          member.sector_id)

    serving = member.status is MemberStatus.serving
    scope = policies.manageable_members(principal, tenant)
    return Controls(edit=may(Obj.member), leave=serving and may(Obj.member)
                    and not scope.self_only, pair=serving and may(Obj.pairing),
                    contact=may(Obj.contact))


@dataclass
class Detail:
    member: Member
    phone: str | None
    units: dict
    pairings: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    contacts_next: str | None = None
    reached: dict = field(default_factory=dict)
    filings: list | None = None
    candidates: list = field(default_factory=list)  # existing constituents to pair with


async def load_detail(ctx: ServiceContext, tenant: Tenant, member: Member,
                      contacts_after: str | None = None) -> Detail:
    view = phones.view(ctx, tenant.path)
    detail = Detail(member=member, phone=view.member(member.id, member.phone),
                    units=await units(ctx, tenant))
    try:
        detail.pairings = [(p, c, view.constituent(c.phone, [member.id] if p.ended_on is None
                                                    else []))
                           for p, c in await pairings.member_pairings(ctx, tenant, member)]
    except Forbidden:
        detail.pairings = None
    try:
        found = await contacts.member_contacts(ctx, tenant, member, first=PAGE,
                                               after=contacts_after)
        detail.contacts = found.items
        detail.contacts_next = found.cursors[-1] if found.has_next else None
        detail.reached = await contacts.constituent_names(ctx, found.items)
    except Forbidden:
        detail.contacts = None
    try:
        detail.filings = await filings.member_filings(ctx, tenant, member)
    except Forbidden:
        detail.filings = None
    return detail


async def detail_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member, *,
                      errors: dict | None = None, form: dict | None = None,
                      status: int = 200, contacts_after: str | None = None,
                      offer: uuid.UUID | None = None) -> Template:
    detail = await load_detail(ctx, tenant, member, contacts_after)
    can = controls(ctx, who, tenant, member)
    if can.pair:
        detail.candidates = await pairings.pairable_constituents(ctx, tenant, member)
    return page("member.html", status=status, viewer=who, tenant=tenant,
                own=tenant.id == who.tenant.id, d=detail,
                can=can, errors=errors or {}, form=form or {},
                statuses=STATUS_LABELS, categories=CATEGORY_LABELS, methods=METHOD_LABELS,
                filing_kinds=FILING_KINDS, filing_states=FILING_STATES,
                offer=offer if who.may("opinion:manage") else None,
                today=clock.today_in(tenant.timezone).isoformat())


@get("/t/{code:str}/members/{member_id:str}")
async def member_detail(request: Request, code: str, member_id: str,
                        contacts_after: str | None = None,
                        offer: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        return await detail_page(ctx, who, tenant, member, contacts_after=contacts_after,
                                 offer=optional_id(offer))
