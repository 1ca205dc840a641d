"""Mutations: the office creates and revokes its tenant's integration keys."""

from typing import Annotated

import strawberry

from liaison.accounts import api_keys
from liaison.api.api_keys.types import ApiKey
from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated


@strawberry.type(description="接口密钥已创建：secret 即完整密钥，只显示这一次（系统只保存其摘要），"
                             "请立即交给外部系统保存，在 Authorization: Bearer 头中携带")
class ApiKeyCreated:
    key: ApiKey
    secret: str


CreateApiKeyResult = Annotated[ApiKeyCreated | ValidationErrors | ForbiddenError,
                               strawberry.union("CreateApiKeyResult")]
RevokeApiKeyResult = Annotated[ApiKey | NotFoundError | ForbiddenError,
                               strawberry.union("RevokeApiKeyResult")]


def _created(made: api_keys.NewKey) -> ApiKeyCreated:
    return ApiKeyCreated(key=ApiKey.from_model(made.key), secret=made.secret)


@strawberry.type
class ApiKeyMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="创建接口密钥（本级委员联络办）：持有者只能读取本单位的意见建议、"
                                     "记录办理结果、采用情况和答复")
    async def create_api_key(self, info: Info, name: str) -> CreateApiKeyResult:
        ctx = info.context.service
        return await mutate(info, lambda: api_keys.create_key(ctx, name), _created)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="撤销接口密钥（本级委员联络办）：立即失效；已撤销的原样返回")
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> RevokeApiKeyResult:
        ctx = info.context.service
        return await mutate(info, lambda: api_keys.revoke_key(ctx, parse_id(id, api_keys.KIND)),
                            ApiKey.from_model)
