"""The opinions' own expected failure: a move the state machine does not allow."""

from liaison.errors import DomainError
from liaison.models.opinions import OpinionState


class IllegalTransition(DomainError):
    code = "ILLEGAL_TRANSITION"

    def __init__(self, from_state: OpinionState, to_state: OpinionState,
                 message: str | None = None) -> None:
        super().__init__(message
                         or f"意见建议当前为“{from_state.label}”，不能变为“{to_state.label}”")
        self.from_state = from_state
        self.to_state = to_state
