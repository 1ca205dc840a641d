"""Mutations on constituents and pairings: pair, end a pairing, edit a constituent.

Each returns a union of its object and typed errors; a typed error changes nothing.
"""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import (
    ForbiddenError,
    NotFoundError,
    PairingLimitError,
    ValidationErrors,
)
from liaison.api.mutation import given, mutate, optional_id, parse_id
from liaison.api.pairings.types import Constituent, ConstituentCategory, Pairing
from liaison.api.permissions import IsAuthenticated
from liaison.models.members import ConstituentCategory as CategoryValue
from liaison.pairings import service as pairings
from liaison.tenancy.clock import today_in


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
        category = given(self.category)
        return pairings.ConstituentInput(
            name=given(self.name), party=given(self.party), work_unit=given(self.work_unit),
            post=given(self.post), phone=given(self.phone),
            sector_id=optional_id(self.sector_id, "界别"),
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


async def _today(info: Info) -> date:
    principal = info.context.service.require_principal()
    tenant = await info.context.loaders.tenant.load(principal.tenant_id)
    return today_in(tenant.timezone)


@strawberry.type
class PairingMutations:
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

        return await mutate(info, call, Pairing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="结束一个结对（保留历史），需填写原因")
    async def end_pairing(self, info: Info, input: EndPairingInput) -> PairResult:
        ctx = info.context.service
        ended_on = input.ended_on or await _today(info)

        async def call():
            return await pairings.end_pairing(ctx, parse_id(input.pairing_id, "结对"),
                                              ended_on, input.reason)

        return await mutate(info, call, Pairing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="修改联系对象信息")
    async def update_constituent(self, info: Info, id: strawberry.ID,
                                 input: ConstituentInput) -> ConstituentResult:
        ctx = info.context.service

        async def call():
            return await pairings.update_constituent(ctx, parse_id(id, "联系对象"),
                                                     input.to_service())

        return await mutate(info, call, Constituent.from_model)
