"""Mutations: mark a notification read (one's own)."""

from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import NotFoundError
from liaison.api.mutation import mutate, parse_id
from liaison.api.notifications.types import Notification
from liaison.api.permissions import IsAuthenticated
from liaison.notifications import service as notifications

NotificationResult = Annotated[Notification | NotFoundError,
                               strawberry.union("NotificationResult")]


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="标记提醒为已读")
    async def mark_notification_read(self, info: Info,
                                     id: strawberry.ID) -> NotificationResult:
        ctx = info.context.service
        return await mutate(
            info, lambda: notifications.mark_read(ctx, parse_id(id, "通知")),
            Notification.from_model)
