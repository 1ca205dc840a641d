"""GraphQL types of accounts and role assignments."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.accounts import service as accounts
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.members.types import Member
from liaison.api.notifications import fields as notification_fields
from liaison.api.notifications.types import Notification
from liaison.api.organisation.types import Sector
from liaison.api.pagination import Connection
from liaison.api.venues import duty_types
from liaison.api.venues.duty_types import Duty
from liaison.models.account import ROLE_LABELS
from liaison.models.account import Role as RoleValue

# Tenant reaches Account through Tenant.accounts: the way back (Account.tenant) is lazy.
TENANTS = "liaison.api.tenants.types"


Role = graphql_enum(RoleValue, "Role", "角色")


@strawberry.type(description="角色分配：某账号在本单位担任的一个角色")
class RoleAssignment:
    model: strawberry.Private[models.RoleAssignment]
    id: strawberry.ID
    role: Role
    granted_at: datetime

    @classmethod
    def from_model(cls, row: models.RoleAssignment) -> "RoleAssignment":
        return cls(model=row, id=strawberry.ID(str(row.id)), role=Role(str(row.role)),
                   granted_at=row.granted_at)

    @strawberry.field(description="角色的中文名称")
    def role_label(self) -> str:
        return ROLE_LABELS[RoleValue(self.role.value)]

    @strawberry.field(description="专门委员会角色所在的专门委员会")
    def committee_id(self) -> strawberry.ID | None:
        value = self.model.committee_id
        return strawberry.ID(str(value)) if value is not None else None

    @strawberry.field(description="联络站/工作室工作人员所在的联络站或工作室")
    def venue_id(self) -> strawberry.ID | None:
        value = self.model.venue_id
        return strawberry.ID(str(value)) if value is not None else None

    @strawberry.field(description="界别召集人所召集的界别")
    async def sector(self, info: Info) -> Sector | None:
        if self.model.sector_id is None:
            return None
        row = await info.context.loaders.sector.load((self.model.tenant_id,
                                                      self.model.sector_id))
        return Sector.from_model(row) if row else None

    @strawberry.field
    async def account(self, info: Info) -> "Account | None":
        row = await info.context.loaders.account.load((self.model.tenant_id,
                                                       self.model.account_id))
        return Account.from_model(row) if row else None


@strawberry.type(description="登录账号")
class Account:
    model: strawberry.Private[models.Account]
    id: strawberry.ID
    username: str
    display_name: str
    is_active: bool

    @classmethod
    def from_model(cls, row: models.Account) -> "Account":
        return cls(model=row, id=strawberry.ID(str(row.id)), username=row.username,
                   display_name=row.display_name, is_active=row.is_active)

    @strawberry.field(description="账号所属单位")
    async def tenant(self, info: Info) -> Annotated["Tenant", strawberry.lazy(TENANTS)]:  # noqa: F821
        from liaison.api.tenants.types import Tenant

        row = await info.context.loaders.tenant.load(self.model.tenant_id)
        return Tenant.from_model(row)

    @strawberry.field(description="账号关联的委员档案")
    async def member(self, info: Info) -> Member | None:
        if self.model.member_id is None:
            return None
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row) if row else None

    @strawberry.field(description="连续登录失败而锁定时：锁定到何时（本单位委员联络办可解除）")
    async def locked_until(self, info: Info) -> datetime | None:
        return await accounts.locked_until(info.context.service, self.model)

    @strawberry.field(description="账号在本单位的角色")
    async def roles(self, info: Info) -> list[RoleAssignment]:
        rows = await info.context.loaders.grants_of_account.load((self.model.tenant_id,
                                                                  self.model.id))
        return [RoleAssignment.from_model(r) for r in rows]


@strawberry.type(description="当前登录者")
class Me:
    account: Account
    permissions: list[str] = strawberry.field(
        description="在本单位可执行的操作，形如 role_assignment:manage")

    @strawberry.field(description="我的提醒：委员账号收到本人的，专门委员会账号还收到本委员会的")
    async def notifications(
        self, info: Info, unread_only: bool = False, first: int = 20, after: str | None = None
    ) -> Connection[Notification]:
        return await notification_fields.my_notifications(info, unread_only, first, after)

    @strawberry.field(description="我的值班：本人（委员账号）尚未结束的接待日值班，按开始时间排列")
    async def duties(self, info: Info) -> list[Duty]:
        return await duty_types.my_duties(info)
