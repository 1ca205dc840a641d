"""Mutations: the city's office issues guidance items and reminds the counties not done; a
county's office marks an item read, answers it and marks it done. Attachments are uploaded
first (``POST /files/guidance/attachments``) and named here by id."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.guidance.types import GuidanceItem, GuidanceKind, GuidanceTarget
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.guidance import answers, service, views
from liaison.guidance.service import ITEM_KIND, TARGET_KIND, NewItem
from liaison.models.guidance import GuidanceKind as KindValue


def _item(name: str):
    return Annotated[GuidanceItem | ValidationErrors | NotFoundError | ForbiddenError,
                     strawberry.union(name)]


def _target(name: str):
    return Annotated[GuidanceTarget | ValidationErrors | NotFoundError | ForbiddenError,
                     strawberry.union(name)]


IssueGuidanceResult = _item("IssueGuidanceResult")
RemindGuidanceResult = _item("RemindGuidanceResult")
MarkGuidanceReadResult = _target("MarkGuidanceReadResult")
AnswerGuidanceResult = _target("AnswerGuidanceResult")
MarkGuidanceDoneResult = _target("MarkGuidanceDoneResult")


@strawberry.input(description="下发指导事项")
class IssueGuidanceInput:
    kind: GuidanceKind
    title: str = strawberry.field(description="不超过 100 个字符")
    body: str = strawberry.field(description="正文，不超过 5000 个字符")
    due_on: date | None = strawberry.field(default=None, description="办理期限，不早于今天")
    county_codes: list[str] | None = strawberry.field(
        default=None, description="下发给哪些下级政协（单位代码）；不填为全部直属下级")
    attachment_id: strawberry.ID | None = strawberry.field(
        default=None, description="先上传到 /files/guidance/attachments 得到的附件 id")


@strawberry.input(description="答复指导事项（办结前可再次答复，以最后一次为准）")
class AnswerGuidanceInput:
    id: strawberry.ID
    text: str = strawberry.field(description="答复内容，不超过 5000 个字符")
    attachment_id: strawberry.ID | None = strawberry.field(
        default=None, description="先上传到 /files/guidance/attachments 得到的附件 id")


def _opt(value, kind: str):
    return parse_id(value, kind) if value is not None else None


@strawberry.type
class GuidanceMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="下发指导事项给全部或指定的下级政协（市政协委员联络办）")
    async def issue_guidance(self, info: Info, input: IssueGuidanceInput) -> IssueGuidanceResult:
        ctx = info.context.service

        async def call():
            item = await service.issue(ctx, NewItem(
                kind=KindValue(input.kind.value), title=input.title, body=input.body,
                due_on=input.due_on, county_codes=input.county_codes,
                attachment_id=_opt(input.attachment_id, "附件")))
            return await views.item_view(ctx, item)

        return await mutate(info, call, GuidanceItem.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="催办：提醒所有未办结的单位（记录催办时间和次数）")
    async def remind_guidance(self, info: Info, id: strawberry.ID) -> RemindGuidanceResult:
        ctx = info.context.service

        async def call():
            item_id = parse_id(id, ITEM_KIND)
            await service.remind(ctx, item_id)
            return await views.item_view(ctx, await service.access_item(ctx, item_id))

        return await mutate(info, call, GuidanceItem.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="标记已阅（收到的单位的委员联络办）")
    async def mark_guidance_read(self, info: Info, id: strawberry.ID) -> MarkGuidanceReadResult:
        ctx = info.context.service

        async def call():
            target = await answers.mark_read(ctx, parse_id(id, TARGET_KIND))
            return await views.target_view(ctx, target)

        return await mutate(info, call, GuidanceTarget.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="答复指导事项（收到的单位的委员联络办；上级不能代为答复）")
    async def answer_guidance(self, info: Info, input: AnswerGuidanceInput
                              ) -> AnswerGuidanceResult:
        ctx = info.context.service

        async def call():
            target = await answers.answer(ctx, parse_id(input.id, TARGET_KIND), input.text,
                                          _opt(input.attachment_id, "附件"))
            return await views.target_view(ctx, target)

        return await mutate(info, call, GuidanceTarget.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="标记办结（工作任务和督办须先答复）")
    async def mark_guidance_done(self, info: Info, id: strawberry.ID) -> MarkGuidanceDoneResult:
        ctx = info.context.service

        async def call():
            target = await answers.finish(ctx, parse_id(id, TARGET_KIND))
            return await views.target_view(ctx, target)

        return await mutate(info, call, GuidanceTarget.from_view)
