"""Member queries: a member by id (the list is a field of Tenant), and its filter."""

import uuid

import strawberry

from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.members.types import Member, MemberStatus
from liaison.api.permissions import IsAuthenticated
from liaison.errors import NotFound
from liaison.members import service
from liaison.models.members import MemberStatus as StatusValue

PairingStatus = graphql_enum(service.PairingStatus, "PairingStatus", "结对完成情况")


MemberSort = graphql_enum(service.MemberSort, "MemberSort", "委员列表排序")


@strawberry.input(description="委员筛选：姓名模糊匹配，其余精确匹配")
class MemberFilter:
    name: str | None = None
    sector_id: strawberry.ID | None = None
    committee_id: strawberry.ID | None = None
    activity_group_id: strawberry.ID | None = None
    status: MemberStatus | None = None
    term_id: strawberry.ID | None = None
    pairing_status: PairingStatus | None = strawberry.field(
        default=None, description="INCOMPLETE：在任且结对人数少于本单位最少人数")


NOTHING = uuid.UUID(int=0)


def to_uuid(value: strawberry.ID | None) -> uuid.UUID | None:
    """A client id; one that is not a UUID matches nothing (it cannot be one of ours)."""
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NOTHING


def to_filter(flt: MemberFilter | None) -> service.MemberFilter:
    if flt is None:
        return service.MemberFilter()
    return service.MemberFilter(
        name=flt.name, sector_id=to_uuid(flt.sector_id), committee_id=to_uuid(flt.committee_id),
        activity_group_id=to_uuid(flt.activity_group_id),
        status=StatusValue(flt.status.value) if flt.status else None,
        term_id=to_uuid(flt.term_id),
        pairing_status=service.PairingStatus(flt.pairing_status.value)
        if flt.pairing_status else None)


@strawberry.type
class MemberQueries:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="按 id 查委员；无权查看或不存在时为空")
    async def member(self, info: Info, id: strawberry.ID) -> Member | None:
        try:
            found = await service.access_member(info.context.service, to_uuid(id))
        except NotFound:
            return None
        return Member.from_model(found)
