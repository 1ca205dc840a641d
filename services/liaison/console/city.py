"""The city overview: the quarter's contact rate of each county side by side (a chart and the
table beneath it, the city's own row first); each county opens read-only."""

from litestar import Request, get
from litestar.response import Template

from liaison.compliance import service as compliance
from liaison.console.session import console_context
from liaison.console.views import chart, page, viewer
from liaison.tenancy.access import own_tenant


@get("/city")
async def city_overview(request: Request) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        city = await own_tenant(ctx)
        quarter = compliance.quarter_for(city, None, None)
        total, rows = await compliance.city_compliance(ctx, city, quarter)
    counties = [(t, c) for t, c in rows if t.id != city.id]
    return page("city.html", viewer=who, city=city, quarter=quarter, total=total, rows=rows,
                counties=counties, county_chart=chart(
                    [t.short_name for t, _ in counties],
                    [round(c.rate * 100, 1) if c.rate is not None else 0 for _, c in counties],
                    name="联系率"))
