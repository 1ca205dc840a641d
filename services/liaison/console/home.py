"""A tenant's home page (首页): this quarter's contacts, who is behind, the plans and reports
not yet in, and the rate by sector. A parent city reads a county's page without controls."""

from litestar import Request, get
from litestar.response import Template

from liaison.compliance import service as compliance
from liaison.console.session import console_context
from liaison.console.views import chart, page, readable_tenant, viewer
from liaison.errors import Forbidden
from liaison.filings import service as filings
from liaison.models.contacts import FilingKind, FilingStatus
from liaison.tenancy.clock import today_in

PAGE = 20
OUTSTANDING = {None, FilingStatus.draft, FilingStatus.returned}


@get("/t/{code:str}")
async def tenant_home(request: Request, code: str, after: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        quarter = compliance.quarter_for(tenant, None, None)
        total, groups = await compliance.tenant_compliance(ctx, tenant, quarter)
        behind, result = await compliance.behind_named(ctx, tenant, quarter, first=PAGE,
                                                       after=after)
        year = today_in(tenant.timezone).year
        outstanding = {}
        for kind in FilingKind:
            try:
                rows = await filings.overview(ctx, tenant, kind, year)
            except Forbidden:
                continue  # a role that does not read plans and reports sees no counts
            outstanding[kind.value] = sum(1 for _, f in rows
                                          if (f.status if f else None) in OUTSTANDING)
    sectors = groups["sector"]
    return page(
        "home.html", viewer=who, tenant=tenant, own=tenant.id == who.tenant.id,
        quarter=quarter, total=total, behind=behind, next_cursor=result.end_cursor
        if result.has_next else None, year=year, outstanding=outstanding,
        sectors=sectors, sector_chart=chart(
            [s.name for s in sectors],
            [round(s.counts.rate * 100, 1) if s.counts.rate is not None else 0
             for s in sectors], name="联系率"))
