"""Major decisions (重大决策): the list, newest first, one added by the tenant's own office,
and a decision's page with how each leading-cadre member explained it before and after it
was taken."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz import policies
from liaison.console.forms import Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.decisions import service as decisions
from liaison.errors import Forbidden, NotFound
from liaison.models import Tenant
from liaison.tenancy.clock import today_in


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *,
                    form: dict | None = None, errors: dict | None = None,
                    status: int = 200) -> Template:
    rows = await decisions.list_decisions(ctx, tenant)
    return page("decisions.html", status=status, viewer=who, tenant=tenant, rows=rows,
                own=tenant.id == who.tenant.id,
                can_create=policies.can_manage_decisions(ctx.require_principal(), tenant),
                form=form or {}, errors=errors or {},
                today=today_in(tenant.timezone).isoformat())


@get("/t/{code:str}/decisions")
async def decision_list(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await list_page(ctx, who, tenant)


@post("/t/{code:str}/decisions")
async def decision_create(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)  # decisions are added in one's own tenant
        errors: dict[str, list[str]] = {}
        decided_on = form.date("decided_on", errors, "决策日期")
        if not errors:
            created, errors = await attempt(ctx, lambda: decisions.create_decision(
                ctx, form.values.get("title", ""), decided_on))
        if errors:
            return await list_page(ctx, who, tenant, form=form.values, errors=errors,
                                   status=400)
    return see_other(f"/t/{tenant.code}/decisions/{created.id}")


@get("/t/{code:str}/decisions/{decision_id:str}")
async def decision_detail(request: Request, code: str, decision_id: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        decision = await decisions.access_decision(ctx, parse_id(decision_id, "重大决策"),
                                                   tenant=tenant)
        try:
            rows = await decisions.outreach(ctx, tenant, decision)
        except Forbidden:
            rows = None  # a role that reads no contacts sees the decision only
    return page("decision.html", viewer=who, tenant=tenant, decision=decision, rows=rows,
                own=tenant.id == who.tenant.id)
