"""Account fields of Tenant (its accounts and role assignments), resolved here and declared
there."""

from liaison import models
from liaison.accounts import service
from liaison.api.accounts.types import Account, RoleAssignment
from liaison.api.context import Info
from liaison.api.pagination import Connection, connection


async def accounts(info: Info, tenant: models.Tenant, first: int,
                   after: str | None) -> Connection[Account]:
    page = await service.list_accounts(info.context.service, tenant, first=first, after=after)
    return connection(page, Account.from_model)


async def role_assignments(info: Info, tenant: models.Tenant, first: int,
                           after: str | None) -> Connection[RoleAssignment]:
    page = await service.list_role_assignments(info.context.service, tenant, first=first,
                                               after=after)
    return connection(page, RoleAssignment.from_model)
