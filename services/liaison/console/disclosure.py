"""公开 in the console, for the office of a tenant: choose a year and a quarter, preview
exactly what the public supervision page would show (the same partial, ``_disclosure.html``),
publish it (withdrawing the previous snapshot) and withdraw it. Other roles are forbidden,
another tenant's page is not found, even for a city."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz.objects import Act
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.disclosure import service as disclosure
from liaison.errors import NotFound
from liaison.models import Tenant
from liaison.tenancy.clock import today_in


async def own_disclosure(ctx: ServiceContext, code: str) -> tuple[Viewer, Tenant]:
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    disclosure.check(ctx, tenant, Act.manage)
    return who, tenant


def chosen(tenant: Tenant, values: dict) -> tuple[int, int] | None:
    """The year and quarter of the form or query; None when malformed."""
    today = today_in(tenant.timezone)
    try:
        return (int(values.get("year") or today.year),
                int(values.get("quarter") or (today.month + 2) // 3))
    except ValueError:
        return None


async def disclosure_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, year: int,
                          quarter: int, *, errors: dict | None = None,
                          status: int = 200) -> Template:
    errors = dict(errors or {})
    preview = None
    if not errors:
        preview, errors = await attempt(ctx, lambda: disclosure.preview(ctx, year, quarter))
    current = await disclosure.current(ctx, tenant)
    this_year = today_in(tenant.timezone).year
    return page("disclosure.html", status=status if not errors else 400, viewer=who,
                tenant=tenant, year=year, quarter=quarter, preview=preview,
                empty=preview is not None and disclosure.is_empty(preview), current=current,
                years=list(range(this_year, this_year - 5, -1)),
                errors={("quarter" if k == FORM else k): v for k, v in errors.items()})


@get("/t/{code:str}/disclosure")
async def disclosure_home(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await own_disclosure(ctx, code)
        picked = chosen(tenant, dict(request.query_params))
        if picked is None:
            today = today_in(tenant.timezone)
            return await disclosure_page(ctx, who, tenant, today.year, 1,
                                         errors={"year": ["请选择年度和季度"]})
        return await disclosure_page(ctx, who, tenant, *picked)


@post("/t/{code:str}/disclosure/publish")
async def publish(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_disclosure(ctx, code)
        picked = chosen(tenant, form.values)
        if picked is None:
            today = today_in(tenant.timezone)
            return await disclosure_page(ctx, who, tenant, today.year, 1,
                                         errors={"year": ["请选择年度和季度"]})
        _, errors = await attempt(ctx, lambda: disclosure.publish(ctx, *picked))
        if errors:
            return await disclosure_page(ctx, who, tenant, *picked, errors=errors)
    return see_other(f"/t/{tenant.code}/disclosure?year={picked[0]}&quarter={picked[1]}")


@post("/t/{code:str}/disclosure/unpublish")
async def unpublish(request: Request, code: str) -> Response:
    async with console_context(request) as ctx:
        _, tenant = await own_disclosure(ctx, code)
        if await disclosure.current(ctx, tenant) is not None:
            await disclosure.unpublish(ctx)
    return see_other(f"/t/{tenant.code}/disclosure")
