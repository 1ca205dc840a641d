"""Reading the tenant directory as a caller: which committees they may see."""

from sqlalchemy import select

from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.models import Tenant
from liaison.tenancy import access, directory


def visible(ctx: ServiceContext, tenant: Tenant | None) -> bool:
    principal = ctx.principal
    return tenant is not None and principal is not None and policies.can_see_tenant(
        principal, tenant)


async def list_tenants(ctx: ServiceContext, *, first: int, after: str | None) -> Page[Tenant]:
    """The tenants the caller may read, ordered by path (a city, then its counties)."""
    stmt = select(Tenant).where(Tenant.id.in_(access.readable_ids(ctx)))
    return await paginate(ctx.session, stmt, [Tenant.path], first=first, after=after)


async def find_tenant(ctx: ServiceContext, code: str) -> Tenant | None:
    """A tenant by code if the caller may see it; None (as if it did not exist) otherwise."""
    principal = ctx.require_principal()
    row = await directory.by_code(ctx.session, code, principal.directory)
    return row if visible(ctx, row) else None


def readable_children_ids(ctx: ServiceContext, tenant: Tenant) -> list:
    """Candidates for a tenant's children among the readable tenants (the caller still
    checks ``visible`` and the parent)."""
    return [t for t in access.readable_ids(ctx) if t != tenant.id]
