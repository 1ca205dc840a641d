"""Pairing queries: a constituent by id."""

import strawberry

from liaison.api.context import Info
from liaison.api.members.queries import to_uuid
from liaison.api.pairings.types import Constituent
from liaison.api.permissions import IsAuthenticated
from liaison.errors import NotFound
from liaison.pairings import service as pairings


@strawberry.type
class PairingQueries:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="按 id 查联系对象；无权查看或不存在时为空")
    async def constituent(self, info: Info, id: strawberry.ID) -> Constituent | None:
        try:
            found = await pairings.access_constituent(info.context.service, to_uuid(id))
        except NotFound:
            return None
        return Constituent.from_model(found)
