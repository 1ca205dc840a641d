"""A member's own plan and report for this year, phone first: start one (a report draft comes
filled from the year's contacts), edit it, submit it; a returned one shows why."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.api.guards import control_problem
from liaison.console.contacts import my_member
from liaison.console.filings import local_errors
from liaison.console.forms import FORM, Form, attempt
from liaison.console.members import FILING_KINDS, FILING_STATES
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound, PublicError
from liaison.filings import service as filings
from liaison.filings.service import EDITABLE, TEXT_LIMIT
from liaison.models import AnnualFiling, Member, Tenant
from liaison.models.contacts import FilingKind
from liaison.tenancy.clock import today_in

TEXTS = {FilingKind.plan: ("body",), FilingKind.report: ("main_practices", "opinions", "body")}
# Three texts of up to TEXT_LIMIT characters, each up to 9 bytes percent-encoded.
MAX_EDIT_BODY = 3 * (TEXT_LIMIT + 1) * 9 + 16 * 1024


async def my_filing(ctx: ServiceContext, member: Member, filing_id: str) -> AnnualFiling:
    """One of the signed-in member's own filings; anyone else's is not found here."""
    filing = await filings.access_filing(ctx, parse_id(filing_id, "计划或报告"))
    if filing.member_id != member.id:
        raise NotFound("计划或报告", filing_id)
    return filing


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member, *,
                    errors: dict | None = None, status: int = 200,
                    notice: str | None = None) -> Template:
    year = today_in(tenant.timezone).year
    mine = {f.kind: f for f in await filings.member_filings(ctx, tenant, member)
            if f.year == year}
    due = {k: await filings.deadline(ctx.session, tenant.id, k, year) for k in FilingKind}
    return page("my_filings.html", status=status, viewer=who, tenant=tenant, member=member,
                year=year, mine=mine, due=due, kinds=FILING_KINDS, states=FILING_STATES,
                errors=errors or {}, notice=notice, editable=EDITABLE, member_page=True)


@get("/me/filings")
async def my_filings(request: Request, done: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        return await list_page(ctx, who, tenant, member,
                               notice="已提交，等待委员联络办审核。" if done else None)


@post("/me/filings/start")
async def start_filing(request: Request) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        kind = form.text("kind")
        if kind not in set(FilingKind):
            return await list_page(ctx, who, tenant, member, status=400,
                                   errors={FORM: ["请选择年度计划或年度报告"]})
        year = today_in(tenant.timezone).year
        started, errors = await attempt(ctx, lambda: filings.start(
            ctx, member.id, FilingKind(kind), year))
        if errors:
            return await list_page(ctx, who, tenant, member, status=400,
                                   errors=local_errors(errors))
    return see_other(f"/me/filings/{started.id}/edit")


async def edit_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, filing: AnnualFiling,
                    *, values: dict | None = None, errors: dict | None = None,
                    status: int = 200, saved: bool = False) -> Template:
    if values is None:
        values = {key: getattr(filing, key) or "" for key in TEXTS[filing.kind]}
    return page("my_filing.html", status=status, viewer=who, tenant=tenant, filing=filing,
                form=values, errors=errors or {}, saved=saved, kinds=FILING_KINDS,
                states=FILING_STATES, editable=filing.status in EDITABLE, member_page=True)


@get("/me/filings/{filing_id:str}/edit")
async def edit_form(request: Request, filing_id: str, saved: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        filing = await my_filing(ctx, member, filing_id)
        return await edit_page(ctx, who, tenant, filing, saved=bool(saved))


@post("/me/filings/{filing_id:str}/edit", request_max_body_size=MAX_EDIT_BODY)
async def edit_save(request: Request, filing_id: str) -> Response:
    data = await request.form()  # not Form.read: a report is longer than its MAX_TEXT
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        filing = await my_filing(ctx, member, filing_id)
        texts = {key: str(data.get(key) or "")[:TEXT_LIMIT + 1] for key in TEXTS[filing.kind]}
        for key, value in texts.items():  # as Form.read: control characters refuse the post
            if problem := control_problem(key, value):
                raise PublicError("INVALID_INPUT", problem)
        _, errors = await attempt(ctx, lambda: filings.edit(
            ctx, filing.id, main_practices=texts.get("main_practices"),
            opinions=texts.get("opinions"), body=texts.get("body")))
        if errors:
            await ctx.session.refresh(filing)
            return await edit_page(ctx, who, tenant, filing, values=texts, status=400,
                                   errors=local_errors(errors))
    return see_other(f"/me/filings/{filing.id}/edit?saved=1")


@post("/me/filings/{filing_id:str}/submit")
async def submit_filing(request: Request, filing_id: str) -> Response:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        filing = await my_filing(ctx, member, filing_id)
        _, errors = await attempt(ctx, lambda: filings.submit(ctx, filing.id))
        if errors:
            await ctx.session.refresh(filing)
            return await edit_page(ctx, who, tenant, filing, status=400,
                                   errors=local_errors(errors))
    return see_other("/me/filings?done=1")
