"""GraphQL type of a member's notifications (reminders)."""

from datetime import datetime

import strawberry

from liaison import models


@strawberry.type(description="提醒")
class Notification:
    id: strawberry.ID
    kind: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_model(cls, row: models.Notification) -> "Notification":
        return cls(id=strawberry.ID(str(row.id)), kind=row.kind, title=row.title, body=row.body,
                   created_at=row.created_at, read_at=row.read_at)
