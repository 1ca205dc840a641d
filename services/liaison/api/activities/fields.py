"""Sector-activity fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.activities import details
from liaison.activities import service as activities
from liaison.api.activities.types import SectorActivity
from liaison.api.context import Info
from liaison.api.mutation import parse_id
from liaison.api.pagination import Connection, connection


async def sector_activities(info: Info, tenant: models.Tenant, year: int | None,
                            sector_id, first: int, after: str | None
                            ) -> Connection[SectorActivity]:
    ctx = info.context.service
    page = await activities.list_activities(
        ctx, tenant, year=year, sector_id=parse_id(sector_id, "界别") if sector_id else None,
        first=first, after=after)
    found = await details.details(ctx, tenant, page.items)
    return connection(page, lambda row: SectorActivity.from_model(row, found[row.id]))
