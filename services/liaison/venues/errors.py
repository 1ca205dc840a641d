"""The rota's own expected failures: a booking that conflicts (row by row), a session that is
no longer planned, a pattern that would make too many sessions."""

import uuid
from dataclasses import dataclass
from datetime import date

from liaison.errors import DomainError
from liaison.labels import Labelled, labels
from liaison.models.venues import SessionStatus


class ConflictKind(Labelled):
    member_busy = "member_busy"  # already on duty at another session at that time
    venue_booked = "venue_booked"  # the venue has a session at that time
    member_left = "member_left"  # the member has left (离任)
    venue_closed = "venue_closed"  # the venue is closed


CONFLICT_KIND_LABELS = labels(ConflictKind, {
    ConflictKind.member_busy: "委员已有值班", ConflictKind.venue_booked: "场地已有安排",
    ConflictKind.member_left: "委员已离任", ConflictKind.venue_closed: "场地已关闭"})


@dataclass(frozen=True)
class ConflictRow:
    """One reason a booking is refused; ``on`` the local date it concerns (None: every date),
    ``session_id`` the other session, ``member_id`` the member concerned."""

    kind: ConflictKind
    message: str
    on: date | None = None
    member_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None


class Conflict(DomainError):
    code = "CONFLICT"

    def __init__(self, rows: list[ConflictRow]) -> None:
        super().__init__("；".join(r.message for r in rows) or "时间冲突")
        self.rows = rows


class SessionNotPlanned(DomainError):
    """A held or cancelled session is not moved, cancelled or re-staffed."""

    code = "SESSION_STATE"

    def __init__(self, status: SessionStatus, action: str) -> None:
        super().__init__(f"该接待日{status.label}，不能{action}")
        self.status = status


class TooManySessions(DomainError):
    code = "TOO_MANY_SESSIONS"

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"该规则在期间内产生 {count} 次接待日，超过上限 {limit} 次；请缩短期间")
        self.count = count
        self.limit = limit
