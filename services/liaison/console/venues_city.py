"""The city's 阵地 side by side (rollup.across): for the city and each county it reads, this
quarter's reception days planned, held and cancelled, the people who came, the opinions they
raised and the members who served; each county's venue list opens read-only."""

import re

from litestar import Request, get
from litestar.response import Template

from liaison.compliance.service import quarter_for
from liaison.console.session import console_context
from liaison.console.views import chart, page, viewer
from liaison.errors import NotFound, PublicError
from liaison.models.tenant import TenantLevel
from liaison.tenancy.access import own_tenant
from liaison.venues import rollup

QUARTER = re.compile(r"([0-9]{4})-([1-4])")
QUARTER_FORMAT = "季度格式应为 2025-4（年份-季度）"


def parse_quarter(value: str | None) -> tuple[int | None, int | None]:
    """``2025-4`` → (2025, 4); none given: (None, None), the current quarter."""
    if not value:
        return None, None
    match = QUARTER.fullmatch(value)
    if match is None:
        raise PublicError("BAD_QUARTER", QUARTER_FORMAT)
    return int(match[1]), int(match[2])


def quarter_choices(current) -> list:
    """The current quarter and the seven before it, for the select."""
    found, year, number = [], current.year, current.number
    for _ in range(8):
        found.append((f"{year}-{number}", f"{year}年第{'一二三四'[number - 1]}季度"))
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return found


@get("/city/venues")
async def city_venues(request: Request, quarter: str | None = None) -> Template:
    year, number = parse_quarter(quarter)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        city = await own_tenant(ctx)
        if city.level is not TenantLevel.city:
            raise NotFound("页面", "/city/venues")  # a county has no counties to compare
        rows = await rollup.across(ctx, city, year, number)
    current = quarter_for(city, None, None)
    counties = [s for s in rows if s.tenant.id != city.id]
    return page("venues_city.html", viewer=who, city=city, rows=rows, quarter=rows[0].quarter,
                choices=quarter_choices(current), county_chart=chart(
                    [s.tenant.short_name for s in counties],
                    [s.totals.held for s in counties], name="已举行接待日", unit="次",
                    maximum=None))
