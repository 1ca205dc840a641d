"""Organisation fields of Tenant (units, terms, liaison settings), resolved here and declared
there; and the tenant lookups the member and pairing types share."""

from liaison import models
from liaison.api.context import Info
from liaison.api.organisation.types import (
    ActivityGroup,
    Committee,
    LiaisonSettings,
    Sector,
    Term,
)
from liaison.organisation import service as organisation


def _require(info: Info, tenant: models.Tenant) -> None:
    organisation.check_readable(info.context.service, tenant)


async def _organisation(info: Info, tenant: models.Tenant, loader, cls) -> list:
    _require(info, tenant)
    return [cls.from_model(r) for r in await loader.load(tenant.id)]


async def sectors(info: Info, tenant: models.Tenant) -> list[Sector]:
    return await _organisation(info, tenant, info.context.loaders.sectors_of_tenant, Sector)


async def committees(info: Info, tenant: models.Tenant) -> list[Committee]:
    return await _organisation(info, tenant, info.context.loaders.committees_of_tenant,
                               Committee)


async def activity_groups(info: Info, tenant: models.Tenant) -> list[ActivityGroup]:
    return await _organisation(info, tenant, info.context.loaders.groups_of_tenant,
                               ActivityGroup)


async def terms(info: Info, tenant: models.Tenant) -> list[Term]:
    _require(info, tenant)
    rows = await organisation.list_terms(info.context.service, tenant.id)
    return [Term.from_model(t) for t in rows]


async def liaison_settings(info: Info, tenant: models.Tenant) -> LiaisonSettings:
    _require(info, tenant)
    return await tenant_settings(info, tenant.id)


async def tenant_settings(info: Info, tenant_id) -> LiaisonSettings:
    return LiaisonSettings.of(await info.context.loaders.settings_of_tenant.load(tenant_id))


async def tenant_path(info: Info, tenant_id) -> str:
    return (await info.context.loaders.tenant.load(tenant_id)).path
