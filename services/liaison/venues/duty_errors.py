"""The expected failures of members' duties (值班) beyond the rota's own (``venues/errors.py``:
``Conflict`` for a member who cannot take a duty, ``SessionNotPlanned`` for a held or
cancelled session): a session that has started, a move the duty's state does not allow."""

from liaison.errors import DomainError
from liaison.models.venues import DutyStatus


class SessionStarted(DomainError):
    """The session has started (or its time has passed): its duties no longer change."""

    code = "SESSION_STARTED"

    def __init__(self) -> None:
        super().__init__("该接待日已开始或已结束，值班不能再更改")


class IllegalDutyMove(DomainError):
    """The duty's state does not allow this (confirm a declined duty, approve no swap …)."""

    code = "ILLEGAL_DUTY_MOVE"

    def __init__(self, status: DutyStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
