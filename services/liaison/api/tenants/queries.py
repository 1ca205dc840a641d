"""Queries on the tenant directory: only tenants the caller may see."""

import strawberry
from sqlalchemy import select

from liaison.api.context import Info
from liaison.api.pagination import Connection, connection
from liaison.api.permissions import IsAuthenticated
from liaison.api.tenants.types import Tenant
from liaison.authz import policies
from liaison.db.pagination import DEFAULT_PAGE, paginate
from liaison.models import Tenant as TenantModel
from liaison.tenancy import registry


@strawberry.type
class TenantQueries:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="你有权查看的政协组织，按层级路径排序（市在前，其下县区随后）")
    async def tenants(self, info: Info, first: int = DEFAULT_PAGE,
                      after: str | None = None) -> Connection[Tenant]:
        principal = info.context.service.require_principal()
        # The readable set holds exactly the tenants the principal's roles may read.
        stmt = select(TenantModel).where(TenantModel.id.in_(principal.scope.readable))
        page = await paginate(info.context.service.session, stmt, [TenantModel.path],
                              first=first, after=after)
        return connection(page, Tenant.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="按代码查找政协组织；无权查看时为空（与不存在相同）")
    async def tenant(self, info: Info, code: str) -> Tenant | None:
        principal = info.context.service.require_principal()
        row = await registry.get_tenant_by_code(info.context.service.session, code)
        if row is None or not policies.can_see_tenant(principal, row):
            return None
        info.context.loaders.tenant.prime(row.id, row)
        return Tenant.from_model(row)
