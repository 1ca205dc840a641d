"""群众评议 in the console, for the office, the chair and the leadership group of a tenant:
the rounds (the office opens one and gets its slips at once), a round's page with every
member's results and comments, reissuing lost slips (office) and recording the standing
committee's review that closes the round (chair, leadership group; evaluation_review.py).

The slips come back as the answer to the post that made them — a .docx download or a page
to print (or save as PDF) — because the codes exist nowhere else; a lost slip is reissued.
Another tenant's evaluation is not found, even for a city."""

import asyncio

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz.objects import Act
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, readable_tenant, viewer
from liaison.context import ServiceContext
from liaison.documents.evaluation_slips import slips_docx, views
from liaison.errors import NotFound
from liaison.evaluation import results
from liaison.evaluation import service as evaluation
from liaison.models import Tenant
from liaison.models.guidance import RATING_LABELS, ROUND_STATE_LABELS, RoundState
from liaison.tenancy.clock import today_in
from liaison.web.files import DOCX, attachment

FORMATS = {"docx": "Word 文档（.docx）", "print": "打印页（可另存为 PDF）"}
NO_STORE = {"cache-control": "no-store"}


async def own_evaluation(ctx: ServiceContext, code: str) -> tuple[Viewer, Tenant]:
    """The viewer and the page's tenant: one's own, as the evaluation is never read across
    tenants (another tenant's pages are not found)."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    evaluation.check(ctx, tenant, Act.read)
    return who, tenant


def slips_answer(request: Request, tenant: Tenant, issued: evaluation.Issued,
                 data: bytes | None) -> Response:
    """The slips as the post's answer: the .docx (built in the request's transaction, so a
    failure opens nothing), or the print page."""
    year = issued.round.year
    if data is not None:
        answer = attachment(data, f"{tenant.short_name}{year}年度群众评议评议单.docx", DOCX)
        answer.headers.update(NO_STORE)
        answer.status_code = 200  # a post's answer, not a 201: nothing to locate
        return answer
    shown = views(issued.slips, base=str(request.base_url), tenant_code=tenant.code,
                  tenant_name=tenant.name)
    return Template(template_name="evaluation_slips.html", headers=NO_STORE,
                    context={"tenant": tenant, "year": year, "slips": shown,
                             "back": f"/t/{tenant.code}/evaluation/{year}"})


async def make_slips(request: Request, tenant: Tenant, issued: evaluation.Issued,
                     fmt: str) -> bytes | None:
    if fmt != "docx":
        return None
    shown = views(issued.slips, base=str(request.base_url), tenant_code=tenant.code,
                  tenant_name=tenant.name)
    return await asyncio.to_thread(slips_docx, shown)


def chosen_format(form: Form) -> str:
    return form.values.get("format") if form.values.get("format") in FORMATS else "docx"


async def rounds_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *,
                      form: dict | None = None, errors: dict | None = None,
                      status: int = 200) -> Template:
    rounds = await evaluation.list_rounds(ctx, tenant)
    totals = {r.id: await evaluation.totals(ctx, r) for r in rounds}
    this_year = today_in(tenant.timezone).year
    return page("evaluation.html", status=status, viewer=who, tenant=tenant, rounds=rounds,
                totals=totals, states=ROUND_STATE_LABELS, formats=FORMATS,
                can_open=evaluation.may(ctx, tenant, Act.manage),
                open_years=[y for y in (this_year, this_year - 1)
                            if y not in {r.year for r in rounds}],
                form=form or {}, errors=errors or {})


@get("/t/{code:str}/evaluation")
async def evaluation_rounds(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await own_evaluation(ctx, code)
        return await rounds_page(ctx, who, tenant)


@post("/t/{code:str}/evaluation")
async def open_round(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_evaluation(ctx, code)
        errors: dict[str, list[str]] = {}
        try:
            year = int(form.values.get("year", ""))
        except ValueError:
            year = None
            errors["year"] = ["请选择评议年度"]
        fmt = chosen_format(form)
        if not errors:
            issued, errors = await attempt(ctx, lambda: evaluation.open_round(ctx, year))
        if errors:
            return await rounds_page(ctx, who, tenant, form=form.values,
                                     errors={("year" if k == FORM else k): v
                                             for k, v in errors.items()}, status=400)
        data = await make_slips(request, tenant, issued, fmt)
    return slips_answer(request, tenant, issued, data)


async def round_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, year: int, *,
                     form: dict | None = None, errors: dict | None = None,
                     status: int = 200) -> Template:
    rnd = await evaluation.round_of_year(ctx, tenant, year)
    rows = await results.member_results(ctx, rnd)
    codes, answers = await evaluation.totals(ctx, rnd)
    is_open = rnd.state == RoundState.open
    return page("evaluation_round.html", status=status, viewer=who, tenant=tenant, round=rnd,
                rows=rows, codes=codes, answers=answers, states=ROUND_STATE_LABELS,
                ratings=RATING_LABELS, formats=FORMATS,
                names=await evaluation.names_of(ctx, rnd),
                can_reissue=is_open and evaluation.may(ctx, tenant, Act.manage),
                can_review=is_open and evaluation.may(ctx, tenant, Act.review),
                today=today_in(tenant.timezone).isoformat(), form=form or {},
                errors=errors or {})


@get("/t/{code:str}/evaluation/{year:int}")
async def evaluation_round(request: Request, code: str, year: int) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await own_evaluation(ctx, code)
        return await round_page(ctx, who, tenant, year)
