"""The overview side by side (全市概览 · 各项工作): the city (or any tenant with tenants below
it) and every tenant below it it reads, at any depth — the quarter's contact rate, the year's
plans and reports, opinions and the quarter's reception days (tenancy.overview)."""

from litestar import Request, get
from litestar.response import Template

from liaison.compliance.service import quarter_for
from liaison.console.session import console_context
from liaison.console.venues_city import parse_quarter, quarter_choices
from liaison.console.views import page, viewer
from liaison.models.opinions import OpinionState
from liaison.tenancy import overview as service
from liaison.tenancy.access import own_tenant

STATES = tuple(OpinionState)


@get("/city/overview")
async def city_work_overview(request: Request, quarter: str | None = None) -> Template:
    year, number = parse_quarter(quarter)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        own = await own_tenant(ctx)
        rows = await service.overview(ctx, own, year, number)
    return page("overview.html", viewer=who, own=own, rows=rows, quarter=rows[0].quarter,
                choices=quarter_choices(quarter_for(own, None, None)), states=STATES)
