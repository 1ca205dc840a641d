"""Mutations of the public supervision (公开): the office publishes a year's snapshot up to
a quarter (frozen; the previous one withdrawn; an empty one refused, EMPTY_SNAPSHOT) and
withdraws it. The public reads it without login (``web/disclosure.py``)."""

from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.disclosure.types import DisclosureSnapshot
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate
from liaison.api.permissions import IsAuthenticated
from liaison.disclosure import service as disclosure

PublishDisclosureResult = Annotated[
    DisclosureSnapshot | ValidationErrors | ForbiddenError,
    strawberry.union("PublishDisclosureResult")]
UnpublishDisclosureResult = Annotated[
    DisclosureSnapshot | NotFoundError | ForbiddenError,
    strawberry.union("UnpublishDisclosureResult")]


@strawberry.type
class DisclosureMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="发布公开数据（委员联络办）：当年 1 月 1 日至所选季度末，"
                                     "发布时固定并替换当前公开的；无数据时拒绝（EMPTY_SNAPSHOT）")
    async def publish_disclosure(self, info: Info, year: int, quarter: int
                                 ) -> PublishDisclosureResult:
        ctx = info.context.service
        return await mutate(info, lambda: disclosure.publish(ctx, year, quarter),
                            DisclosureSnapshot.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="撤下公开数据（委员联络办）：公开页面随即不再显示")
    async def unpublish_disclosure(self, info: Info) -> UnpublishDisclosureResult:
        ctx = info.context.service
        return await mutate(info, lambda: disclosure.unpublish(ctx),
                            DisclosureSnapshot.from_model)
