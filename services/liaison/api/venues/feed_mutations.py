"""Mutations: a member makes or revokes the private URL of their duty calendar (值班日历订阅)."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError
from liaison.api.mutation import mutate
from liaison.api.permissions import IsAuthenticated
from liaison.venues import feed_tokens


@strawberry.type(description="值班日历订阅链接（不含密钥）")
class FeedToken:
    id: strawberry.ID
    created_at: datetime
    revoked_at: datetime | None = strawberry.field(description="撤销时间；撤销后链接立即失效")

    @classmethod
    def from_model(cls, row: models.FeedToken) -> "FeedToken":
        return cls(id=strawberry.ID(str(row.id)), created_at=row.created_at,
                   revoked_at=row.revoked_at)


@strawberry.type(description="值班日历订阅链接已创建：path 只显示这一次（系统只保存密钥的摘要），"
                             "在其前面加上本系统的地址，添加到手机日历的“订阅日历”中；"
                             "之前的链接已撤销")
class FeedTokenCreated:
    token: FeedToken
    path: str = strawberry.field(description="订阅地址的路径：/feeds/单位代码/链接密钥.ics")


CreateFeedTokenResult = Annotated[FeedTokenCreated | ForbiddenError,
                                  strawberry.union("CreateFeedTokenResult")]
RevokeFeedTokenResult = Annotated[FeedToken | NotFoundError | ForbiddenError,
                                  strawberry.union("RevokeFeedTokenResult")]


def _created(made: feed_tokens.NewFeedToken) -> FeedTokenCreated:
    return FeedTokenCreated(token=FeedToken.from_model(made.token), path=made.path)


@strawberry.type
class FeedMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="创建本人的值班日历订阅链接（在任委员）：之前的链接同时撤销")
    async def create_feed_token(self, info: Info) -> CreateFeedTokenResult:
        ctx = info.context.service
        return await mutate(info, lambda: feed_tokens.create_token(ctx), _created)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="撤销本人的值班日历订阅链接：立即失效；"
                                     "没有有效链接时为 NotFoundError")
    async def revoke_feed_token(self, info: Info) -> RevokeFeedTokenResult:
        ctx = info.context.service
        return await mutate(info, lambda: feed_tokens.revoke_token(ctx), FeedToken.from_model)
