"""The office keeps its venues: a new 委员联络站 or 界别委员工作室 (a studio names its sectors
and host unit), changes to one, closing it (it keeps its sessions and records but takes no
new ones) and reopening it. The office of the tenant only; a refusal changes nothing and
comes back next to the fields it names."""

import uuid

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.venues import is_office, labels
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound
from liaison.models import Tenant, Venue
from liaison.models.venues import VenueKind
from liaison.organisation import service as organisation
from liaison.organisation.service import UnitKind
from liaison.venues import access as venue_access
from liaison.venues import service as venue_service

TEXTS = ("name", "area", "address", "opening_hours", "phone", "host_unit", "description")
# The service's field names (as GraphQL's) → the inputs of the form.
SERVICE_FIELDS = {"openingHours": "opening_hours", "hostUnit": "host_unit",
                  "sectorIds": "sectors"}
INPUTS = {*TEXTS, "kind", "sectors"}


def on_form(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = SERVICE_FIELDS.get(key, key)
        shown.setdefault(name if name in INPUTS else FORM, []).extend(messages)
    return shown


async def office_page(ctx: ServiceContext, code: str) -> tuple[Viewer, Tenant]:
    """The office's pages: in one's own tenant only (others not found), the office only."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    if not is_office(ctx, tenant):
        raise Forbidden("只有委员联络办可以管理联络站和工作室")
    return who, tenant


def values_of(venue: Venue, sectors: list[uuid.UUID]) -> tuple[dict, dict]:
    values = {k: getattr(venue, k) or "" for k in TEXTS}
    values["kind"] = venue.kind.value
    return values, {"sectors": [str(s) for s in sectors]}


async def form_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *, action: str,
                    venue: Venue | None = None, form: dict | None = None,
                    lists: dict | None = None, errors: dict | None = None,
                    status: int = 200) -> Template:
    sectors = await organisation.list_units(ctx, tenant, UnitKind.sector)
    return page("venue_form.html", status=status, viewer=who, tenant=tenant, venue=venue,
                action=action, form=form or {"kind": VenueKind.station.value},
                chosen=set((lists or {}).get("sectors", [])), sectors=sectors,
                errors=errors or {}, **labels())


def venue_input(form: Form) -> venue_service.VenueInput:
    kind = form.text("kind")
    return venue_service.VenueInput(
        kind=VenueKind(kind) if kind in set(VenueKind) else None,
        **{k: form.text(k) for k in TEXTS},
        sector_ids=[parse_id(v, "界别") for v in form.all("sectors")])


@get("/t/{code:str}/venues/new")
async def new_venue_form(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await office_page(ctx, code)
        return await form_page(ctx, who, tenant, action=f"/t/{tenant.code}/venues/new")


@post("/t/{code:str}/venues/new")
async def new_venue_save(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await office_page(ctx, code)
        made, errors = await attempt(ctx, lambda: venue_service.create_venue(
            ctx, venue_input(form)))
        if errors:
            return await form_page(ctx, who, tenant, action=f"/t/{tenant.code}/venues/new",
                                   form=form.values, lists=form.lists,
                                   errors=on_form(errors), status=400)
    return see_other(f"/t/{tenant.code}/venues?done=created")


async def office_venue(ctx: ServiceContext, code: str, venue_id: str
                       ) -> tuple[Viewer, Tenant, Venue]:
    who, tenant = await office_page(ctx, code)
    venue = await venue_access.access_venue(ctx, parse_id(venue_id, "联络站或工作室"),
                                            tenant=tenant)
    return who, tenant, venue


@get("/t/{code:str}/venues/{venue_id:str}/edit")
async def edit_venue_form(request: Request, code: str, venue_id: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant, venue = await office_venue(ctx, code, venue_id)
        values, lists = values_of(venue, await venue_service.sector_ids_of(ctx, venue))
        return await form_page(ctx, who, tenant, venue=venue, form=values, lists=lists,
                               action=f"/t/{tenant.code}/venues/{venue.id}/edit")


@post("/t/{code:str}/venues/{venue_id:str}/edit")
async def edit_venue_save(request: Request, code: str, venue_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, venue = await office_venue(ctx, code, venue_id)
        _, errors = await attempt(ctx, lambda: venue_service.update_venue(
            ctx, venue.id, venue_input(form)))
        if errors:
            await ctx.session.refresh(venue)
            return await form_page(ctx, who, tenant, venue=venue, form=form.values,
                                   lists=form.lists, errors=on_form(errors), status=400,
                                   action=f"/t/{tenant.code}/venues/{venue.id}/edit")
    return see_other(f"/t/{tenant.code}/venues/{venue.id}/calendar")


@post("/t/{code:str}/venues/{venue_id:str}/{move:str}")
async def venue_open_close(request: Request, code: str, venue_id: str, move: str) -> Response:
    """``close`` or ``reopen``."""
    if move not in ("close", "reopen"):
        raise NotFound("页面", move)
    await Form.read(request)
    async with console_context(request) as ctx:
        _, tenant, venue = await office_venue(ctx, code, venue_id)
        await venue_service.set_active(ctx, venue.id, move == "reopen")
    return see_other(f"/t/{tenant.code}/venues?done={'reopened' if move == 'reopen' else 'closed'}")
