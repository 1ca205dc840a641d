"""Opinion fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.opinions.types import Opinion, OpinionCategory, OpinionState
from liaison.api.pagination import Connection, connection
from liaison.models.opinions import OpinionState as StateValue
from liaison.opinions import service as opinions


async def opinions_of(info: Info, tenant: models.Tenant, state: OpinionState | None,
                      first: int, after: str | None) -> Connection[Opinion]:
    page = await opinions.list_opinions(info.context.service, tenant,
                                        StateValue(state.value) if state else None,
                                        first=first, after=after)
    return connection(page, Opinion.from_model)


async def opinion_categories(info: Info, tenant: models.Tenant) -> list[OpinionCategory]:
    rows = await opinions.categories(info.context.service, tenant)
    return [OpinionCategory.from_model(r) for r in rows]
