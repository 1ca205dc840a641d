"""Logging a contact: the member on their phone (/me/contacts/new) or the office on a
member's behalf (/t/{code}/members/{id}/contacts/new), one form, one service call."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.forms import Form, attempt
from liaison.console.session import console_context
from liaison.console.views import (
    Viewer,
    member_page,
    page,
    parse_id,
    see_other,
    viewer,
)
from liaison.contacts import service as contacts
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.members import phones
from liaison.members import service as members
from liaison.models import Contact, Member, Tenant
from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS, Method, ServiceKind
from liaison.pairings import service as pairings
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant

# The methods a member uses most, first.
METHODS = [Method.visit, Method.phone, Method.wechat, Method.sms, *[
    m for m in Method if m not in (Method.visit, Method.phone, Method.wechat, Method.sms)]]


async def active_people(ctx: ServiceContext, tenant: Tenant, member: Member) -> list:
    """The member's current pairings as (pairing, constituent, phone as the caller sees it)."""
    view = phones.view(ctx, tenant.path)
    return [(p, c, view.constituent(c.phone, [member.id]))
            for p, c in await pairings.member_pairings(ctx, tenant, member)
            if p.ended_on is None]


async def form_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member, *,
                    action: str, back: str, errors: dict | None = None,
                    form: Form | None = None, status: int = 200) -> Template:
    today = clock.today_in(tenant.timezone).isoformat()
    values = form.values if form else {}
    chosen = set(form.all("constituents")) if form else None
    return page("contact_form.html", status=status, viewer=who, tenant=tenant, member=member,
                people=await active_people(ctx, tenant, member), action=action, back=back,
                errors=errors or {}, form=values, chosen=chosen, today=today,
                kinds_chosen=set(form.all("kinds")) if form else set(),
                methods=[(m.value, METHOD_LABELS[m]) for m in METHODS],
                kinds=[(k.value, SERVICE_LABELS[k]) for k in ServiceKind],
                member_page=who.is_member)


def occurred_at(day: date, tenant: Tenant) -> datetime:
    """Today's contact is logged at the current time (never in the future); an earlier
    day's at noon, tenant-local."""
    zone = ZoneInfo(tenant.timezone)
    now = clock.now().astimezone(zone)
    if day == now.date():
        return now
    return datetime.combine(day, time(12, 0), tzinfo=zone)


async def save(ctx: ServiceContext, tenant: Tenant, member: Member, form: Form
               ) -> tuple[Contact | None, dict[str, list[str]]]:
    """Log the contact; the refusal as field errors (nothing written)."""
    errors: dict[str, list[str]] = {}
    day = form.date("occurred_on", errors, "联系日期")
    method = form.text("method")
    if method not in set(Method):
        errors.setdefault("method", []).append("请选择联系方式")
    kinds = [ServiceKind(k) for k in form.all("kinds") if k in set(ServiceKind)]
    people = [parse_id(v, "联系对象") for v in form.all("constituents")]
    if errors:
        return None, errors
    data = contacts.ContactInput(
        member_id=member.id, constituent_ids=people, occurred_at=occurred_at(day, tenant),
        method=Method(method), service_kinds=kinds, place=form.text("place"),
        content=form.text("content"), opinions=form.text("opinions"))
    return await attempt(ctx, lambda: contacts.log_contact(ctx, data))


def offer(contact: Contact | None) -> str:
    """After a contact with opinion text: the query that offers to register them."""
    return f"offer={contact.id}" if contact is not None and contact.opinions else ""


@get("/t/{code:str}/members/{member_id:str}/contacts/new")
async def office_contact_form(request: Request, code: str, member_id: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        back = f"/t/{tenant.code}/members/{member.id}"
        return await form_page(ctx, who, tenant, member, action=f"{back}/contacts/new",
                               back=back)


@post("/t/{code:str}/members/{member_id:str}/contacts/new")
async def office_contact_save(request: Request, code: str, member_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        back = f"/t/{tenant.code}/members/{member.id}"
        contact, errors = await save(ctx, tenant, member, form)
        if errors:
            return await form_page(ctx, who, tenant, member, action=f"{back}/contacts/new",
                                   back=back, errors=errors, form=form, status=400)
    return see_other(f"{back}?{offer(contact)}" if offer(contact) else back)


async def my_member(ctx: ServiceContext) -> tuple[Tenant, Member]:
    """The signed-in member's own record (not found for an account that is no member's)."""
    principal = ctx.require_principal()
    if principal.member_id is None:
        raise NotFound("委员", "本账号未关联委员")
    member = await members.access_member(ctx, principal.member_id)
    return await own_tenant(ctx), member


@get("/me/contacts/new")
async def my_contact_form(request: Request) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        return await form_page(ctx, who, tenant, member, action="/me/contacts/new",
                               back="/me")


@post("/me/contacts/new")
async def my_contact_save(request: Request) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        contact, errors = await save(ctx, tenant, member, form)
        if errors:
            return await form_page(ctx, who, tenant, member, action="/me/contacts/new",
                                   back="/me", errors=errors, form=form, status=400)
    return see_other("/me/contacts?saved=1" + (f"&{offer(contact)}" if offer(contact) else ""))

