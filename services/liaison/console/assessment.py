"""考核 in the console: the year's table for the office, the chair and the leadership group
(a convenor sees their sector's members, ranks still within the whole tenant and sector),
the office's 优秀候选 marks, the .xlsx for the standing committee, and a member's own
breakdown on /me/assessment. Another tenant's assessment is not found, even for a city."""

import asyncio

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from liaison.assessment import rules
from liaison.assessment import service as assessment
from liaison.console.contacts import my_member
from liaison.console.forms import Form, attempt
from liaison.console.session import console_context
from liaison.console.views import page, parse_id, readable_tenant, see_other, viewer
from liaison.documents.assessment_xlsx import assessment_xlsx
from liaison.errors import NotFound
from liaison.tenancy.clock import today_in
from liaison.validation import small_int
from liaison.web.files import XLSX, attachment


def year_of(tenant, year: str | None) -> int:
    """The asked year, or last year until the end of March, else this year."""
    today = today_in(tenant.timezone)
    default = today.year - 1 if today.month <= 3 else today.year
    return small_int(year, 4) or default


async def table_page(ctx, tenant, year: int, *, errors: dict | None = None,
                     status: int = 200) -> Template:
    who = await viewer(ctx)
    rows = await assessment.scores(ctx, tenant, year)
    weights = await assessment.get_weights(ctx, tenant)
    return page("assessment.html", status=status, viewer=who, tenant=tenant, year=year,
                rows=rows, weights=weights, labels=rules.LABELS, facts=rules.fact_texts,
                can_mark=who.may("assessment:manage"), errors=errors or {})


@get("/t/{code:str}/assessment")
async def assessment_table(request: Request, code: str, year: str | None = None) -> Template:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        return await table_page(ctx, tenant, year_of(tenant, year))


@get("/t/{code:str}/assessment/export.xlsx")
async def assessment_export(request: Request, code: str, year: str | None = None) -> Response:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        year = year_of(tenant, year)
        rows = await assessment.scores(ctx, tenant, year)
    data = await asyncio.to_thread(assessment_xlsx, tenant.name, year, rows)
    return attachment(data, f"{tenant.short_name}{year}年度委员履职考核.xlsx", XLSX)


@post("/t/{code:str}/assessment/{year:int}/marks/{member_id:str}")
async def mark(request: Request, code: str, year: int, member_id: str) -> Redirect | Template:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        if tenant.id != ctx.require_principal().tenant_id:
            raise NotFound("单位", code)
        wanted = parse_id(member_id, "委员")
        _, errors = await attempt(ctx, lambda: assessment.mark_excellent(
            ctx, year, wanted, form.values.get("excellent") == "1",
            form.values.get("note")))
        if errors:
            return await table_page(ctx, tenant, year, errors=errors, status=400)
    return see_other(f"/t/{tenant.code}/assessment?year={year}")


@get("/me/assessment")
async def my_assessment(request: Request, year: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        wanted = year_of(tenant, year)
        row = await assessment.member_assessment(ctx, tenant, wanted, member.id)
    return page("my_assessment.html", viewer=who, member=member, year=wanted, row=row,
                facts=rules.fact_texts(row.facts), member_page=True)
