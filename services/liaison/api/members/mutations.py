"""Mutations on terms, organisation units, settings, members, constituents and pairings.

Each returns a union of its object and typed errors; a typed error changes nothing.
"""

import enum
from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import (
    Error,
    ForbiddenError,
    NotFoundError,
    PairingLimitError,
    ValidationErrors,
)
from liaison.api.members.types import (
    Constituent,
    ConstituentCategory,
    Gender,
    LiaisonSettings,
    Member,
    Pairing,
    Term,
)
from liaison.api.mutation import parse_id, run
from liaison.api.permissions import IsAuthenticated
from liaison.api.tenants.types import ActivityGroup, Committee, Sector
from liaison.members import service
from liaison.models.members import ConstituentCategory as CategoryValue
from liaison.models.members import Gender as GenderValue
from liaison.organisation import service as organisation
from liaison.pairings import service as pairings
from liaison.tenancy.clock import today_in


def _opt_id(value, kind: str):
    if value is strawberry.UNSET:
        return ...
    return parse_id(value, kind) if value is not None else None


def _given(value):
    return ... if value is strawberry.UNSET else value


# -- terms, units, settings -------------------------------------------------------------

@strawberry.input
class SaveTermInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="空：新建")
    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    is_current: bool | None = None


SaveTermResult = Annotated[Term | ValidationErrors | NotFoundError | ForbiddenError,
                           strawberry.union("SaveTermResult")]


@strawberry.enum(description="组织单元：界别、专门委员会、活动组")
class UnitKind(enum.Enum):
    SECTOR = "sector"
    COMMITTEE = "committee"
    ACTIVITY_GROUP = "activity_group"


@strawberry.input
class SaveUnitInput:
    kind: UnitKind
    id: strawberry.ID | None = strawberry.field(default=None, description="空：新建")
    name: str | None = None
    sort_order: int | None = None
    invited: bool | None = strawberry.field(default=None, description="仅界别：是否特邀界别")


SaveUnitResult = Annotated[Sector | Committee | ActivityGroup | ValidationErrors
                           | NotFoundError | ForbiddenError, strawberry.union("SaveUnitResult")]


@strawberry.input
class MonthDayInput:
    month: int
    day: int


@strawberry.input
class LiaisonSettingsInput:
    min_pairings: int
    max_pairings: int
    report_due: MonthDayInput | None = strawberry.field(default=None,
                                                        description="空：不变（默认 12 月 20 日）")
    plan_due: MonthDayInput | None = strawberry.field(default=None,
                                                      description="空：不变（默认 3 月 31 日）")


SettingsResult = Annotated[LiaisonSettings | ValidationErrors | ForbiddenError,
                           strawberry.union("SettingsResult")]

# -- members ----------------------------------------------------------------------------


@strawberry.input(description="委员信息；修改时只改传入的字段")
class MemberInput:
    name: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    ethnicity: str | None = strawberry.UNSET
    party: str | None = strawberry.UNSET
    sector_id: strawberry.ID | None = strawberry.UNSET
    committee_id: strawberry.ID | None = strawberry.UNSET
    activity_group_id: strawberry.ID | None = strawberry.UNSET
    work_unit: str | None = strawberry.UNSET
    post: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    is_leading_cadre: bool | None = strawberry.UNSET
    term_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET,
                                                     description="空：当前届次")

    def to_service(self) -> service.MemberInput:
        gender = _given(self.gender)
        return service.MemberInput(
            name=_given(self.name),
            gender=GenderValue(gender.value) if gender not in (..., None) else gender,
            ethnicity=_given(self.ethnicity), party=_given(self.party),
            sector_id=_opt_id(self.sector_id, "界别"),
            committee_id=_opt_id(self.committee_id, "专门委员会"),
            activity_group_id=_opt_id(self.activity_group_id, "活动组"),
            work_unit=_given(self.work_unit), post=_given(self.post), phone=_given(self.phone),
            is_leading_cadre=_given(self.is_leading_cadre),
            term_id=_opt_id(self.term_id, "届次"))


MemberResult = Annotated[Member | ValidationErrors | NotFoundError | ForbiddenError,
                         strawberry.union("MemberResult")]


@strawberry.input
class MarkMemberLeftInput:
    member_id: strawberry.ID
    left_on: date
    reason: str

# -- constituents and pairings -------------------------------------------------------------


@strawberry.input(description="联系对象信息；修改时只改传入的字段")
class ConstituentInput:
    name: str | None = strawberry.UNSET
    party: str | None = strawberry.UNSET
    work_unit: str | None = strawberry.UNSET
    post: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    sector_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="空：与委员同一界别（特邀界别委员可不填）")
    category: ConstituentCategory | None = strawberry.UNSET

    def to_service(self) -> pairings.ConstituentInput:
        category = _given(self.category)
        return pairings.ConstituentInput(
            name=_given(self.name), party=_given(self.party), work_unit=_given(self.work_unit),
            post=_given(self.post), phone=_given(self.phone),
            sector_id=_opt_id(self.sector_id, "界别"),
            category=CategoryValue(category.value) if category not in (..., None) else category)


@strawberry.input(description="为委员结对：选已有联系对象（constituentId）或新填（constituent）")
class PairConstituentInput:
    member_id: strawberry.ID
    constituent_id: strawberry.ID | None = None
    constituent: ConstituentInput | None = None
    started_on: date | None = strawberry.field(default=None, description="空：今天")


PairResult = Annotated[Pairing | ValidationErrors | NotFoundError | ForbiddenError
                       | PairingLimitError, strawberry.union("PairResult")]


@strawberry.input
class EndPairingInput:
    pairing_id: strawberry.ID
    ended_on: date | None = strawberry.field(default=None, description="空：今天")
    reason: str


ConstituentResult = Annotated[Constituent | ValidationErrors | NotFoundError | ForbiddenError,
                              strawberry.union("ConstituentResult")]


async def _run(info: Info, call, convert):
    result = await run(info.context.service, call)
    return result if isinstance(result, Error) else convert(result)


async def _today(info: Info) -> date:
    principal = info.context.service.require_principal()
    tenant = await info.context.loaders.tenant.load(principal.tenant_id)
    return today_in(tenant.timezone)


@strawberry.type
class MemberMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新建或修改届次；isCurrent 设为当前届次（原当前届次自动取消）")
    async def save_term(self, info: Info, input: SaveTermInput) -> SaveTermResult:
        ctx = info.context.service

        async def call():
            return await organisation.save_term(
                ctx, term_id=parse_id(input.id, "届次") if input.id else None, name=input.name,
                starts_on=input.starts_on, ends_on=input.ends_on, is_current=input.is_current)

        return await _run(info, call, Term.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新建或修改界别、专门委员会、活动组（委员联络办）")
    async def save_organisation_unit(self, info: Info, input: SaveUnitInput) -> SaveUnitResult:
        ctx = info.context.service
        kind = organisation.UnitKind(input.kind.value)

        async def call():
            return await organisation.save_unit(
                ctx, kind, parse_id(input.id, "组织单元") if input.id else None,
                organisation.UnitChanges(name=input.name, sort_order=input.sort_order,
                                         invited=input.invited))

        types = {organisation.UnitKind.sector: Sector,
                 organisation.UnitKind.committee: Committee,
                 organisation.UnitKind.activity_group: ActivityGroup}
        return await _run(info, call, types[kind].from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改结对人数要求（委员联络办）")
    async def update_liaison_settings(self, info: Info,
                                      input: LiaisonSettingsInput) -> SettingsResult:
        ctx = info.context.service

        def pair(value):
            return (value.month, value.day) if value else None

        async def call():
            return await organisation.update_settings(
                ctx, input.min_pairings, input.max_pairings, pair(input.report_due),
                pair(input.plan_due))

        return await _run(info, call, LiaisonSettings.of)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新增委员（委员联络办；界别召集人限本界别）")
    async def create_member(self, info: Info, input: MemberInput) -> MemberResult:
        ctx = info.context.service
        return await _run(info, lambda: service.create_member(ctx, input.to_service()),
                          Member.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改委员信息；委员本人只能改联系电话、工作单位、职务")
    async def update_member(self, info: Info, id: strawberry.ID,
                            input: MemberInput) -> MemberResult:
        ctx = info.context.service

        async def call():
            return await service.update_member(ctx, parse_id(id, "委员"), input.to_service())

        return await _run(info, call, Member.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="委员离任：进行中的结对同日结束")
    async def mark_member_left(self, info: Info, input: MarkMemberLeftInput) -> MemberResult:
        ctx = info.context.service

        async def call():
            return await service.mark_left(ctx, parse_id(input.member_id, "委员"),
                                           input.left_on, input.reason)

        return await _run(info, call, Member.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="为委员结对一名联系对象（超过上限时返回 PairingLimitError）")
    async def pair_constituent(self, info: Info, input: PairConstituentInput) -> PairResult:
        ctx = info.context.service
        started_on = input.started_on or await _today(info)

        async def call():
            return await pairings.pair(
                ctx, parse_id(input.member_id, "委员"), started_on=started_on,
                constituent_id=parse_id(input.constituent_id, "联系对象")
                if input.constituent_id else None,
                new_constituent=input.constituent.to_service() if input.constituent else None)

        return await _run(info, call, Pairing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="结束一个结对（保留历史），需填写原因")
    async def end_pairing(self, info: Info, input: EndPairingInput) -> PairResult:
        ctx = info.context.service
        ended_on = input.ended_on or await _today(info)

        async def call():
            return await pairings.end_pairing(ctx, parse_id(input.pairing_id, "结对"),
                                              ended_on, input.reason)

        return await _run(info, call, Pairing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="修改联系对象信息")
    async def update_constituent(self, info: Info, id: strawberry.ID,
                                 input: ConstituentInput) -> ConstituentResult:
        ctx = info.context.service

        async def call():
            return await pairings.update_constituent(ctx, parse_id(id, "联系对象"),
                                                     input.to_service())

        return await _run(info, call, Constituent.from_model)

