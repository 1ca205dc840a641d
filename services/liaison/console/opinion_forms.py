"""Registering opinions: the office for any member (or none), a member their own
(/me/opinions/new), and from a logged contact (``?contact=<id>``: the contact's member, people
and date, its opinion text to split into one or more opinions). The office also turns every
contact's opinion text not yet registered into opinions in one step."""

import uuid
from dataclasses import dataclass, field

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.contacts import my_member
from liaison.console.forms import FORM, Form, attempt
from liaison.console.members import optional_id
from liaison.console.opinions import board_page, is_office, member_names
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.contacts import service as contacts
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound
from liaison.members import service as members
from liaison.models import Contact, Tenant
from liaison.models.opinions import URGENCY_LABELS, Urgency
from liaison.opinions import intake
from liaison.opinions import service as opinions
from liaison.pairings import service as pairings
from liaison.tenancy import clock
from liaison.validation import small_int

ITEMS = 3  # blocks on the form from a contact: one open, more to split the text into
# The services' field names (constituentIds already as forms.FIELD_INPUTS maps it) → the
# inputs of the form; anything else is shown above it.
INPUTS = {"title": "title", "content": "content", "categoryId": "category",
          "raisedOn": "raised_on", "constituents": "constituents",
          "unnamedCount": "unnamed_count"}


@dataclass
class Source:
    """The contact an opinion is registered from, as the form shows it."""

    contact: Contact
    member_name: str
    people: list[str] = field(default_factory=list)


async def source_of(ctx: ServiceContext, contact_id: str | None) -> Source | None:
    if not contact_id:
        return None
    contact = await contacts.access_contact(ctx, parse_id(contact_id, "联系记录"))
    member = await members.access_member(ctx, contact.member_id)
    people = (await contacts.constituent_names(ctx, [contact]))[contact.id]
    return Source(contact=contact, member_name=member.name, people=people)


async def people_of(ctx: ServiceContext, tenant: Tenant, member_id: uuid.UUID | None) -> list:
    """The chosen member's active pairings' people, to tick who raised it."""
    if member_id is None:
        return []
    try:
        member = await members.access_member(ctx, member_id, tenant=tenant)
    except NotFound:
        return []
    return [c for p, c in await pairings.member_pairings(ctx, tenant, member)
            if p.ended_on is None]


def on_form(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Problems per input; ``items[1].title`` is the second block's title (``item1-title``)."""
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        index, _, name = key.partition("].") if key.startswith("items[") else ("", "", key)
        name = INPUTS.get(name, FORM)
        if index and name != FORM:
            name = f"item{index.removeprefix('items[')}-{name}"
        shown.setdefault(name, []).extend(messages)
    return shown


async def form_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *, action: str,
                    back: str, source: Source | None, member_id: uuid.UUID | None,
                    form: Form | None = None, errors: dict | None = None,
                    status: int = 200) -> Template:
    mine = who.is_member
    categories = await opinions.categories(ctx, tenant)
    values = form.values if form else {}
    if source and not form:
        text = source.contact.opinions or ""
        values = {"title": intake.title_of(text), "content": text}
    return page("opinion_form.html", status=status, viewer=who, tenant=tenant, action=action,
                back=back, source=source, categories=categories, errors=errors or {},
                form=values, lists=form.lists if form else {}, items=range(ITEMS),
                members={} if mine or source else await member_names(ctx, tenant),
                member_id=str(member_id or ""), chosen=set(form.all("constituents"))
                if form else set(), people=await people_of(ctx, tenant, member_id),
                urgencies=URGENCY_LABELS, today=clock.today_in(tenant.timezone).isoformat(),
                member_page=mine)


def contact_items(form: Form) -> tuple[list[intake.ContactOpinion], list[int]]:
    """The filled blocks (a block with neither title nor content is left out) and the block
    each came from."""
    titles, texts, kinds = form.all("title"), form.all("content"), form.all("category")
    items, blocks = [], []
    for i, (title, text) in enumerate(zip(titles, texts, strict=False)):
        if not title.strip() and not text.strip() and blocks:
            continue
        kind = optional_id(kinds[i] if i < len(kinds) else None) or uuid.UUID(int=0)
        items.append(intake.ContactOpinion(title=title, content=text, category_id=kind))
        blocks.append(i)
    return items, blocks


def count_of(form: Form, errors: dict) -> int | None:
    value = form.text("unnamed_count")
    if value is None:
        return None
    count = small_int(value, 5)
    if count is None:
        errors.setdefault("unnamed_count", []).append("人数须为 1 到 10000 之间的整数")
    return count


async def save(ctx: ServiceContext, tenant: Tenant, who: Viewer, form: Form,
               source: Source | None) -> tuple[list, dict[str, list[str]]]:
    """Register; the opinions made, or the refusal per input (nothing written)."""
    if source is not None:
        items, blocks = contact_items(form)
        made, errors = await attempt(ctx, lambda: intake.register_from_contact(
            ctx, source.contact.id, items))
        shown = {}
        for key, messages in on_form(errors).items():
            head, _, name = key.partition("-")
            index = small_int(head[4:], 3) if head.startswith("item") else None
            if name and index is not None and index < len(blocks):
                key = f"item{blocks[index]}-{name}"
            shown[key] = messages
        return made or [], shown
    errors: dict[str, list[str]] = {}
    raised_on = form.date("raised_on", errors, "提出日期")
    unnamed = count_of(form, errors)
    urgency = form.text("urgency")
    if errors:
        return [], errors
    new = opinions.NewOpinion(
        title=form.values.get("title", ""), content=form.values.get("content", ""),
        category_id=form.uuid("category") or uuid.UUID(int=0), raised_on=raised_on,
        urgency=Urgency(urgency) if urgency in set(Urgency) else Urgency.normal,
        member_id=None if who.is_member else form.uuid("member"),
        constituent_ids=[parse_id(v, "联系对象") for v in form.all("constituents")],
        unnamed_count=unnamed)
    made, errors = await attempt(ctx, lambda: opinions.register(ctx, new))
    return [made] if made else [], on_form(errors)


async def own_tenant_page(ctx: ServiceContext, code: str) -> tuple[Viewer, Tenant]:
    """The office's pages: in one's own tenant only (others not found), the office only."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    if not is_office(ctx, tenant):
        raise Forbidden("只有委员联络办可以登记意见建议")
    return who, tenant


@get("/t/{code:str}/opinions/new")
async def new_opinion_form(request: Request, code: str, contact: str | None = None,
                           member: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await own_tenant_page(ctx, code)
        back = f"/t/{tenant.code}/opinions"
        return await form_page(ctx, who, tenant, action=f"{back}/new", back=back,
                               source=await source_of(ctx, contact),
                               member_id=optional_id(member))


@post("/t/{code:str}/opinions/new")
async def new_opinion_save(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_tenant_page(ctx, code)
        back = f"/t/{tenant.code}/opinions"
        source = await source_of(ctx, form.text("contact"))
        made, errors = await save(ctx, tenant, who, form, source)
        if errors:
            return await form_page(ctx, who, tenant, action=f"{back}/new", back=back,
                                   source=source, member_id=form.uuid("member"), form=form,
                                   errors=errors, status=400)
    return see_other(f"{back}/{made[0].id}" if len(made) == 1 else f"{back}?state=registered")


@get("/me/opinions/new")
async def my_opinion_form(request: Request, contact: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, me = await my_member(ctx)
        return await form_page(ctx, who, tenant, action="/me/opinions/new",
                               back="/me/opinions", source=await source_of(ctx, contact),
                               member_id=me.id)


@post("/me/opinions/new")
async def my_opinion_save(request: Request) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, me = await my_member(ctx)
        source = await source_of(ctx, form.text("contact"))
        made, errors = await save(ctx, tenant, who, form, source)
        if errors:
            return await form_page(ctx, who, tenant, action="/me/opinions/new",
                                   back="/me/opinions", source=source, member_id=me.id,
                                   form=form, errors=errors, status=400)
    return see_other(f"/me/opinions?saved={len(made)}")


@post("/t/{code:str}/opinions/convert")
async def convert_contacts(request: Request, code: str) -> Response:
    """The office: every contact's opinion text not yet registered, as opinions."""
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_tenant_page(ctx, code)
        category = form.uuid("category") or uuid.UUID(int=0)
        count, errors = await attempt(ctx, lambda: intake.convert_contacts(ctx, category))
        if errors:
            shown = {FORM: [m for ms in errors.values() for m in ms]}
            return await board_page(ctx, who, tenant, {}, errors=shown, status=400)
    return see_other(f"/t/{tenant.code}/opinions?state=registered&converted={count}")
