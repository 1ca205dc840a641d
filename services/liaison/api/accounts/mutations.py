"""Mutations: log in, change one's password, assign and revoke roles."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.accounts import auth, service, tokens
from liaison.api.accounts.types import Account, Role, RoleAssignment
from liaison.api.context import Info
from liaison.api.errors import (
    AccountLockedError,
    ForbiddenError,
    InvalidCredentialsError,
    NotFoundError,
    RateLimitedError,
    ValidationErrors,
    to_graphql,
)
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.models.account import Role as RoleValue
from liaison.tenancy.scope import TenantScope, apply_scope


@strawberry.input
class LoginInput:
    tenant_code: str = strawberry.field(description="单位代码，例如 hezhou、babu")
    username: str
    password: str


@strawberry.type(description="登录成功：在 Authorization: Bearer 头中携带 token，30 分钟有效")
class LoginSuccess:
    token: str
    expires_at: datetime
    account: Account


LoginResult = Annotated[
    LoginSuccess | InvalidCredentialsError | AccountLockedError | RateLimitedError,
    strawberry.union("LoginResult"),
]


@strawberry.input
class AssignRoleInput:
    account_id: strawberry.ID
    role: Role
    sector_id: strawberry.ID | None = strawberry.field(
        default=None, description="仅界别召集人需要：所召集的界别")
    committee_id: strawberry.ID | None = strawberry.field(
        default=None, description="仅专门委员会角色需要：所在的专门委员会")
    venue_id: strawberry.ID | None = strawberry.field(
        default=None, description="仅联络站/工作室工作人员需要：所在的联络站或工作室")


AssignRoleResult = Annotated[
    RoleAssignment | NotFoundError | ForbiddenError | ValidationErrors,
    strawberry.union("AssignRoleResult"),
]


@strawberry.type
class RoleRevoked:
    id: strawberry.ID


RevokeRoleResult = Annotated[
    RoleRevoked | NotFoundError | ForbiddenError, strawberry.union("RevokeRoleResult")
]


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str = strawberry.field(description="至少 8 位，含大写、小写、数字、符号中的三种")


@strawberry.type(description="密码已修改：此前签发的令牌全部失效，请改用这里的新令牌")
class PasswordChanged:
    account: Account
    token: str
    expires_at: datetime


ChangePasswordResult = Annotated[
    PasswordChanged | InvalidCredentialsError | ValidationErrors | RateLimitedError,
    strawberry.union("ChangePasswordResult"),
]


@strawberry.input
class LinkAccountInput:
    account_id: strawberry.ID
    member_id: strawberry.ID | None = strawberry.field(default=None, description="空：解除关联")


LinkAccountResult = Annotated[
    Account | NotFoundError | ForbiddenError | ValidationErrors,
    strawberry.union("LinkAccountResult"),
]


@strawberry.type(description="已退出：此账号此前签发的令牌全部失效")
class LoggedOut:
    account_id: strawberry.ID


UnlockAccountResult = Annotated[
    Account | NotFoundError | ForbiddenError, strawberry.union("UnlockAccountResult")]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="登录。连续 5 次失败锁定 15 分钟；每个请求只能登录一次。")
    async def login(self, info: Info, input: LoginInput) -> LoginResult:
        settings = info.context.settings
        outcome = await auth.login(
            info.context.database.sessions, tenant_code=input.tenant_code,
            username=input.username, password=input.password,
            origin=info.context.service.origin, secret=settings.jwt_secret,
            ttl_seconds=settings.jwt_ttl_seconds,
        )
        if isinstance(outcome, auth.LoginSuccess):
            # The attempt is committed on its own; the rest of this request reads as the
            # new account's tenant (its roles, its tenant), without a principal.
            await apply_scope(info.context.service.session,
                              TenantScope.only(outcome.account.tenant_id))
            return LoginSuccess(token=outcome.token, expires_at=outcome.expires_at,
                                account=Account.from_model(outcome.account))
        return to_graphql(outcome)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="退出登录：本账号此前签发的所有令牌立即失效")
    async def logout(self, info: Info) -> LoggedOut:
        account = await service.logout(info.context.service)
        return LoggedOut(account_id=strawberry.ID(str(account.id)))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改自己的密码（每 15 分钟最多 5 次）；此前的令牌随即失效")
    async def change_password(self, info: Info,
                              input: ChangePasswordInput) -> ChangePasswordResult:
        ctx = info.context.service
        settings = info.context.settings

        def changed(account: models.Account) -> PasswordChanged:
            token, expires = tokens.issue(
                tokens.TokenClaims(account.id, account.tenant_id, account.token_version),
                settings.jwt_secret, settings.jwt_ttl_seconds)
            return PasswordChanged(account=Account.from_model(account), token=token,
                                   expires_at=expires)

        return await mutate(info, lambda: service.change_password(
            ctx, input.current_password, input.new_password), changed)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="解除本单位账号因登录失败造成的锁定（委员联络办）")
    async def unlock_account(self, info: Info, id: strawberry.ID) -> UnlockAccountResult:
        ctx = info.context.service
        return await mutate(info, lambda: service.unlock_account(ctx, parse_id(id, "账号")),
                            Account.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="为本单位账号分配角色（委员联络办）")
    async def assign_role(self, info: Info, input: AssignRoleInput) -> AssignRoleResult:
        ctx = info.context.service

        async def call():
            sector_id = parse_id(input.sector_id, "界别") if input.sector_id else None
            committee_id = (parse_id(input.committee_id, "专门委员会") if input.committee_id
                            else None)
            venue_id = parse_id(input.venue_id, "联络站或工作室") if input.venue_id else None
            return await service.assign_role(ctx, parse_id(input.account_id, "账号"),
                                             RoleValue(input.role.value), sector_id,
                                             committee_id, venue_id)

        return await mutate(info, call, RoleAssignment.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="撤销本单位的一个角色分配（委员联络办）")
    async def revoke_role(self, info: Info, id: strawberry.ID) -> RevokeRoleResult:
        ctx = info.context.service

        async def call():
            return await service.revoke_role(ctx, parse_id(id, "角色分配"))

        return await mutate(info, call, lambda revoked: RoleRevoked(id=strawberry.ID(str(revoked))))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="把账号关联到委员档案（委员本人登录后可见自己的资料和结对）")
    async def link_account_to_member(self, info: Info,
                                     input: LinkAccountInput) -> LinkAccountResult:
        ctx = info.context.service

        async def call():
            member_id = parse_id(input.member_id, "委员") if input.member_id else None
            return await service.link_member(ctx, parse_id(input.account_id, "账号"), member_id)

        return await mutate(info, call, Account.from_model)
