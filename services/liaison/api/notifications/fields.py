"""Notification fields of Me, resolved here and declared there."""

from liaison.api.context import Info
from liaison.api.notifications.types import Notification
from liaison.api.pagination import Connection, connection
from liaison.notifications import service as notifications


async def my_notifications(info: Info, unread_only: bool, first: int,
                           after: str | None) -> Connection[Notification]:
    page = await notifications.list_mine(info.context.service, unread_only=unread_only,
                                         first=first, after=after)
    return connection(page, Notification.from_model)
