"""GraphQL type of a member's duty at a reception day (值班), and the fields resolving duties
on Me and Member (declared there). Rules: liaison.venues.duties."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.authz import policies
from liaison.models.venues import DUTY_STATUS_LABELS
from liaison.models.venues import DutyStatus as DutyStatusValue
from liaison.venues import duties
from liaison.venues.duties import DutyView

# Member reaches Duty through Member.duties, and api/venues/types.py imports DutyStatus from
# here: the ways back are lazy.
MEMBERS, VENUES = "liaison.api.members.types", "liaison.api.venues.types"
MemberType = Annotated["Member", strawberry.lazy(MEMBERS)]  # noqa: F821
SessionType = Annotated["ReceptionSession", strawberry.lazy(VENUES)]  # noqa: F821
VenueType = Annotated["Venue", strawberry.lazy(VENUES)]  # noqa: F821

DutyStatus = graphql_enum(DutyStatusValue, "DutyStatus", "值班状态：待确认 / 已确认 / 已请假")


@strawberry.type(description="委员接待日值班：哪一天、在哪个联络站（工作室）、本人是否确认")
class Duty:
    view: strawberry.Private[DutyView]
    id: strawberry.ID
    status: DutyStatus
    reason: str | None = strawberry.field(description="请假原因")
    responded_at: datetime | None = strawberry.field(description="确认或请假的时间")

    @classmethod
    def from_view(cls, view: DutyView) -> "Duty":
        duty = view.duty
        return cls(view=view, id=strawberry.ID(str(duty.id)), status=DutyStatus(str(duty.status)),
                   reason=duty.reason, responded_at=duty.responded_at)

    @strawberry.field(description="值班状态的中文名称")
    def status_label(self) -> str:
        return DUTY_STATUS_LABELS[DutyStatusValue(self.status.value)]

    @strawberry.field(description="接待日：时间、主题、状态（已取消的也列出）")
    def session(self) -> SessionType:
        from liaison.api.venues.types import ReceptionSession

        return ReceptionSession.from_model(self.view.session)

    @strawberry.field(description="联络站或工作室")
    def venue(self) -> VenueType:
        from liaison.api.venues.types import Venue

        return Venue.from_model(self.view.venue)

    @strawberry.field(description="值班委员；无权查看该委员时为空（姓名见 memberName）")
    async def member(self, info: Info) -> MemberType | None:
        return await _member(info, self.view.duty.tenant_id, self.view.duty.member_id)

    @strawberry.field(description="值班委员的姓名（值班表上谁都看得到的）")
    async def member_name(self, info: Info) -> str:
        return await _name(info, self.view.duty.tenant_id, self.view.duty.member_id)

    @strawberry.field(description="申请换班的对象（等待工作人员审批）；无权查看该委员时为空")
    async def swap_member(self, info: Info) -> MemberType | None:
        duty = self.view.duty
        if duty.swap_member_id is None:
            return None
        return await _member(info, duty.tenant_id, duty.swap_member_id)

    @strawberry.field(description="申请换班的对象的姓名")
    async def swap_member_name(self, info: Info) -> str | None:
        duty = self.view.duty
        if duty.swap_member_id is None:
            return None
        return await _name(info, duty.tenant_id, duty.swap_member_id)


async def _member(info: Info, tenant_id, member_id):
    """The member's record for those who may read it (a member reads only their own: a
    colleague on the rota is a name, not a record)."""
    from liaison.api.members.types import Member

    row = await info.context.loaders.member.load((tenant_id, member_id))
    tenant = await info.context.loaders.tenant.load(tenant_id)
    scope = policies.readable_members(info.context.service.require_principal(), tenant)
    return Member.from_model(row) if row and scope.allows(row.id, row.sector_id) else None


async def _name(info: Info, tenant_id, member_id) -> str:
    return (await info.context.loaders.member.load((tenant_id, member_id))).name


async def my_duties(info: Info) -> list[Duty]:
    """Me.duties: the duties of the caller's own member record (none without one)."""
    ctx = info.context.service
    member_id = ctx.require_principal().member_id
    if member_id is None:
        return []
    return [Duty.from_view(v) for v in await duties.upcoming_duties(ctx, member_id)]


async def member_duties(info: Info, member: models.Member) -> list[Duty]:
    """Member.duties: as liaison.venues.duties.upcoming_duties lets the caller see them."""
    views = await duties.upcoming_duties(info.context.service, member.id)
    return [Duty.from_view(v) for v in views]
