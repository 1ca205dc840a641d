"""The one blessed way to look up "this id, if the caller may read it".

Every query on a tenant table names its tenants itself (RLS is the second wall): the
caller's own tenant for writes, the readable tenants (own, plus a city's counties where the
policy grants it) for reads. Code outside ``tenancy/`` does not write its own readable-tenant
filter; ``tests/tenancy/test_scoping_lint.py`` walks the source and fails where it does.
"""

import uuid
from typing import TypeVar

from sqlalchemy import select

from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Tenant
from liaison.tenancy import directory

Row = TypeVar("Row")


def readable_ids(ctx: ServiceContext) -> tuple[uuid.UUID, ...]:
    """The tenants the caller's reads may see (its own first)."""
    return ctx.require_principal().scope.readable


async def own_tenant(ctx: ServiceContext, *, shared: bool = False) -> Tenant:
    """The caller's own (active, writable) tenant; ``shared``: to read its columns only
    (``directory.by_id``)."""
    principal = ctx.require_principal()
    tenant = await directory.by_id(ctx.session, principal.tenant_id, principal.directory,
                                   shared=shared)
    assert tenant is not None
    return tenant


async def tenant_of(ctx: ServiceContext, row) -> Tenant:
    version = ctx.principal.directory if ctx.principal else None
    tenant = await directory.by_id(ctx.session, row.tenant_id, version)
    assert tenant is not None
    return tenant


async def find_readable(ctx: ServiceContext, model: type[Row], object_id: uuid.UUID | None,
                        *, act: Act = Act.read, tenant: Tenant | None = None) -> Row | None:
    """The row with this id if the caller's tenants hold it: any readable tenant for reads,
    only the caller's own tenant for anything else; ``tenant`` narrows it to that one (which
    must itself be readable). None otherwise — the caller answers not-found."""
    if object_id is None:
        return None
    allowed = readable_ids(ctx) if act == Act.read else (ctx.require_principal().tenant_id,)
    if tenant is not None:
        if tenant.id not in allowed:
            return None
        allowed = (tenant.id,)
    if len(allowed) == 1:
        return await ctx.session.get(model, (allowed[0], object_id))
    return await ctx.session.scalar(select(model).where(
        model.tenant_id.in_(allowed), model.id == object_id))


async def get_readable(ctx: ServiceContext, model: type[Row], object_id: uuid.UUID | None,
                       kind: str, *, act: Act = Act.read,
                       tenant: Tenant | None = None) -> tuple[Row, Tenant]:
    """``find_readable`` that raises ``NotFound(kind, id)``; returns the row and its tenant."""
    row = await find_readable(ctx, model, object_id, act=act, tenant=tenant)
    if row is None:
        raise NotFound(kind, object_id)
    return row, tenant or await tenant_of(ctx, row)
