"""GraphQL type of an integration key (never its secret or hash)."""

from datetime import datetime

import strawberry

from liaison import models


@strawberry.type(description="接口密钥：提案系统、社情民意信息系统等外部系统调用接口的凭证；"
                             "密钥本身只在创建时显示一次")
class ApiKey:
    id: strawberry.ID
    name: str
    hint: str = strawberry.field(description="密钥的最后 4 个字符，用于辨认")
    created_at: datetime
    revoked_at: datetime | None = strawberry.field(description="撤销时间；撤销后立即失效")
    last_used_at: datetime | None = strawberry.field(description="最近一次使用的时间")

    @classmethod
    def from_model(cls, row: models.ApiKey) -> "ApiKey":
        return cls(id=strawberry.ID(str(row.id)), name=row.name, hint=row.hint,
                   created_at=row.created_at, revoked_at=row.revoked_at,
                   last_used_at=row.last_used_at)
