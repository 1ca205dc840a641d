"""Mutations on terms, organisation units and the liaison settings (the office's).

Each returns a union of its object and typed errors; a typed error changes nothing.
"""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.enums import domain_value, graphql_enum
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.organisation.types import (
    ActivityGroup,
    Committee,
    LiaisonSettings,
    Sector,
    SettingKey,
    Term,
)
from liaison.api.permissions import IsAuthenticated
from liaison.organisation import defaults
from liaison.organisation import service as organisation


@strawberry.input
class SaveTermInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="空：新建")
    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    is_current: bool | None = None


SaveTermResult = Annotated[Term | ValidationErrors | NotFoundError | ForbiddenError,
                           strawberry.union("SaveTermResult")]


UnitKind = graphql_enum(organisation.UnitKind, "UnitKind", "组织单元：界别、专门委员会、活动组")


@strawberry.input
class SaveUnitInput:
    kind: UnitKind
    id: strawberry.ID | None = strawberry.field(default=None, description="空：新建")
    name: str | None = None
    sort_order: int | None = None
    invited: bool | None = strawberry.field(default=None, description="仅界别：是否特邀界别")


SaveOrganisationUnitResult = Annotated[
    Sector | Committee | ActivityGroup | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("SaveOrganisationUnitResult")]


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
    opinion_reply_days: int | None = strawberry.field(
        default=None, description="意见建议反馈群众的期限（1–365 天）；空：不变（默认 30 天）")
    inherit: list[SettingKey] = strawberry.field(
        default_factory=list, description="从此沿用上级单位的设置项（其上面给出的值不用）")
    fixed: list[SettingKey] | None = strawberry.field(
        default=None, description="规定下级不得修改的设置项；空：不变。下级自设的值保留")


SettingsResult = Annotated[LiaisonSettings | ValidationErrors | ForbiddenError,
                           strawberry.union("SettingsResult")]


@strawberry.type
class OrganisationMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新建或修改届次；isCurrent 设为当前届次（原当前届次自动取消）")
    async def save_term(self, info: Info, input: SaveTermInput) -> SaveTermResult:
        ctx = info.context.service

        async def call():
            return await organisation.save_term(
                ctx, term_id=parse_id(input.id, "届次") if input.id else None, name=input.name,
                starts_on=input.starts_on, ends_on=input.ends_on, is_current=input.is_current)

        return await mutate(info, call, Term.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新建或修改界别、专门委员会、活动组（委员联络办）")
    async def save_organisation_unit(self, info: Info,
                                     input: SaveUnitInput) -> SaveOrganisationUnitResult:
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
        return await mutate(info, call, types[kind].from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改结对人数要求、计划和报告截止日、意见建议反馈期限（委员联络办）")
    async def update_liaison_settings(self, info: Info,
                                      input: LiaisonSettingsInput) -> SettingsResult:
        ctx = info.context.service

        def keys(values) -> frozenset:
            return frozenset(domain_value(defaults.SettingKey, v) for v in values)

        def pair(value):
            return (value.month, value.day) if value else None

        async def call():
            return await organisation.update_settings(
                ctx, input.min_pairings, input.max_pairings, pair(input.report_due),
                pair(input.plan_due), input.opinion_reply_days, inherit=keys(input.inherit),
                fixed=None if input.fixed is None else keys(input.fixed))

        return await mutate(info, call, LiaisonSettings.of)
