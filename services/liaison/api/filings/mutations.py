"""Mutations: file plans and reports; the office returns or accepts them."""

from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.filings.types import Filing, FilingKind
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.filings import service as filings
from liaison.models.contacts import FilingKind as FilingKindValue


@strawberry.input
class StartFilingInput:
    member_id: strawberry.ID
    kind: FilingKind
    year: int


@strawberry.input
class EditFilingInput:
    id: strawberry.ID
    main_practices: str | None = strawberry.field(default=None, description="主要做法")
    opinions: str | None = strawberry.field(default=None, description="收集到的社情民意")
    body: str | None = strawberry.field(default=None, description="正文（计划必填）")


FilingResult = Annotated[Filing | ValidationErrors | NotFoundError | ForbiddenError,
                         strawberry.union("FilingResult")]


@strawberry.type
class FilingMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="开始填写某年的计划或报告（报告草稿按全年联系记录生成）")
    async def start_filing(self, info: Info, input: StartFilingInput) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.start(ctx, parse_id(input.member_id, "委员"),
                                       FilingKindValue(input.kind.value), input.year)

        return await mutate(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="修改草稿或被退回的")
    async def edit_filing(self, info: Info, input: EditFilingInput) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.edit(ctx, parse_id(input.id, "计划或报告"),
                                      main_practices=input.main_practices,
                                      opinions=input.opinions, body=input.body)

        return await mutate(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="提交（截止日期后提交标记为逾期）")
    async def submit_filing(self, info: Info, id: strawberry.ID) -> FilingResult:
        ctx = info.context.service
        return await mutate(info, lambda: filings.submit(ctx, parse_id(id, "计划或报告")),
                                     Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="退回（需填写原因；委员联络办、领导小组或主席）")
    async def return_filing(self, info: Info, id: strawberry.ID, reason: str) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.review(ctx, parse_id(id, "计划或报告"), False, reason)

        return await mutate(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="采纳（委员联络办、领导小组或主席）")
    async def accept_filing(self, info: Info, id: strawberry.ID) -> FilingResult:
        ctx = info.context.service
        return await mutate(
            info, lambda: filings.review(ctx, parse_id(id, "计划或报告"), True),
            Filing.from_model)
