"""The disclosure field of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.disclosure.types import Disclosure
from liaison.authz.objects import Act
from liaison.disclosure import service as disclosure


async def disclosure_of(info: Info, tenant: models.Tenant) -> Disclosure:
    disclosure.check(info.context.service, tenant, Act.read)
    return Disclosure(tenant=tenant)
