"""Integration key fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.accounts import api_keys
from liaison.api.api_keys.types import ApiKey
from liaison.api.context import Info
from liaison.api.pagination import Connection, connection


async def api_keys_of(info: Info, tenant: models.Tenant, first: int,
                      after: str | None) -> Connection[ApiKey]:
    page = await api_keys.list_keys(info.context.service, tenant, first=first, after=after)
    return connection(page, ApiKey.from_model)
