"""Annual plans and reports for the office: who has not submitted, who was late, each filing
readable, and a submitted one returned with a reason or accepted. A parent city reads a
county's filings without controls; the service refuses a forged post all the same."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz import policies
from liaison.console.forms import FORM, Form, attempt
from liaison.console.members import FILING_KINDS, FILING_STATES
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.filings import service as filings
from liaison.members import service as members
from liaison.models import AnnualFiling, Tenant
from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS, FilingKind, FilingStatus
from liaison.tenancy.clock import today_in

OUTSTANDING = {None, FilingStatus.draft, FilingStatus.returned}
# The services' field names that have no input of their own on these forms.
MOVED = {"id": FORM, "year": FORM}


def local_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    moved: dict[str, list[str]] = {}
    for key, messages in errors.items():
        moved.setdefault(MOVED.get(key, key), []).extend(messages)
    return moved


def parse_year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@get("/t/{code:str}/filings")
async def filing_overview(request: Request, code: str, kind: str | None = None,
                          year: str | None = None) -> Template:
    chosen = FilingKind(kind) if kind in set(FilingKind) else FilingKind.plan
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        this_year = today_in(tenant.timezone).year
        shown = parse_year(year, this_year)
        rows = await filings.overview(ctx, tenant, chosen, shown)
        due = await filings.deadline(ctx.session, tenant.id, chosen, shown)
    outstanding = sum(1 for _, f in rows if (f.status if f else None) in OUTSTANDING)
    late = sum(1 for _, f in rows if f is not None and f.late)
    return page("filings.html", viewer=who, tenant=tenant, own=tenant.id == who.tenant.id,
                rows=rows, kind=chosen.value, year=shown, years=range(this_year, 2019, -1),
                due=due, outstanding=outstanding, late=late, kinds=FILING_KINDS,
                states=FILING_STATES)


async def filing_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, filing: AnnualFiling,
                      *, errors: dict | None = None, form: dict | None = None,
                      status: int = 200) -> Template:
    member = await members.access_member(ctx, filing.member_id, tenant=tenant)
    can_review = policies.can_review_filings(ctx.require_principal(), tenant) \
        and filing.status is FilingStatus.submitted
    return page("filing.html", status=status, viewer=who, tenant=tenant, filing=filing,
                member=member, own=tenant.id == who.tenant.id, can_review=can_review,
                kinds=FILING_KINDS, states=FILING_STATES, methods=METHOD_LABELS,
                services=SERVICE_LABELS, errors=errors or {}, form=form or {})


@get("/t/{code:str}/filings/{filing_id:str}")
async def filing_detail(request: Request, code: str, filing_id: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        filing = await filings.access_filing(ctx, parse_id(filing_id, "计划或报告"),
                                             tenant=tenant)
        return await filing_page(ctx, who, tenant, filing)


async def _review(request: Request, code: str, filing_id: str, accept: bool) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("计划或报告", filing_id)  # reviewed in the own tenant only
        filing = await filings.access_filing(ctx, parse_id(filing_id, "计划或报告"),
                                             tenant=tenant)
        _, errors = await attempt(ctx, lambda: filings.review(
            ctx, filing.id, accept, form.text("reason")))
        if errors:
            return await filing_page(ctx, who, tenant, filing, errors=local_errors(errors),
                                     form=form.values, status=400)
    return see_other(f"/t/{tenant.code}/filings/{filing.id}")


@post("/t/{code:str}/filings/{filing_id:str}/return")
async def return_filing(request: Request, code: str, filing_id: str) -> Response:
    return await _review(request, code, filing_id, accept=False)


@post("/t/{code:str}/filings/{filing_id:str}/accept")
async def accept_filing(request: Request, code: str, filing_id: str) -> Response:
    return await _review(request, code, filing_id, accept=True)
