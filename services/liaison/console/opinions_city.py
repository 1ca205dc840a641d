"""The city's 意见建议 side by side: the city and each county it reads (rollup.across) — how
many, in which state, how many became a proposal, 社情民意信息 or referral, how soon the people
heard back and how many are overdue; each county's board opens read-only (a guidance note
is added on a county's opinion page, opinion_moves.py)."""

from litestar import Request, get
from litestar.response import Template

from liaison.console.filings import parse_year
from liaison.console.session import console_context
from liaison.console.views import chart, page, viewer
from liaison.errors import NotFound
from liaison.models.opinions import STATE_LABELS
from liaison.models.tenant import TenantLevel
from liaison.opinions import rollup
from liaison.tenancy.access import own_tenant
from liaison.tenancy.clock import today_in


@get("/city/opinions")
async def city_opinions(request: Request, year: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        city = await own_tenant(ctx)
        if city.level is not TenantLevel.city:
            raise NotFound("页面", "/city/opinions")  # a county has no counties to compare
        this_year = today_in(city.timezone).year
        shown = parse_year(year, this_year)
        rows = await rollup.across(ctx, city, shown)
    counties = [s for s in rows if s.tenant.id != city.id]
    return page("opinions_city.html", viewer=who, city=city, rows=rows, year=shown,
                years=range(this_year, 2019, -1), states=STATE_LABELS, total=sum(
                    s.total for s in rows), county_chart=chart(
                    [s.tenant.short_name for s in counties], [s.total for s in counties],
                    name="意见建议", unit="件", maximum=None))
