"""Queries on the tenant directory: only tenants the caller may see."""

import strawberry

from liaison.api.context import Info
from liaison.api.pagination import Connection, connection
from liaison.api.permissions import IsAuthenticated
from liaison.api.tenants.types import Tenant
from liaison.db.pagination import DEFAULT_PAGE
from liaison.tenancy import service as directory


@strawberry.type
class TenantQueries:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="你有权查看的政协组织，按层级路径排序（市在前，其下县区随后）")
    async def tenants(self, info: Info, first: int = DEFAULT_PAGE,
                      after: str | None = None) -> Connection[Tenant]:
        page = await directory.list_tenants(info.context.service, first=first, after=after)
        return connection(page, Tenant.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="按代码查找政协组织；无权查看时为空（与不存在相同）")
    async def tenant(self, info: Info, code: str) -> Tenant | None:
        row = await directory.find_tenant(info.context.service, code)
        if row is None:
            return None
        info.context.loaders.tenant.prime(row.id, row)
        return Tenant.from_model(row)
