"""Queries about the caller."""

import strawberry

from liaison.accounts import service
from liaison.api.accounts.types import Account, Me
from liaison.api.context import Info
from liaison.api.permissions import IsAuthenticated


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsAuthenticated], description="当前登录者")
    async def me(self, info: Info) -> Me:
        ctx = info.context.service
        principal = ctx.require_principal()
        account = await service.access_account(ctx, principal.account_id)
        return Me(account=Account.from_model(account),
                  permissions=service.my_permissions(ctx))
