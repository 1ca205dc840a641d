"""The opinion state machine, pure: which move leads from which state to which.

已登记 → 办理中 (assign; again while handling: reassign) → 已处理 (one outcome) → 已答复 →
已反馈 → 已办结; a 不予采纳 outcome may be fed back without a reply; the office reopens a
closed one (back to 办理中).
"""

import enum

from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.opinions.errors import IllegalTransition

S = OpinionState


class Move(enum.StrEnum):
    assign = "assign"
    record_outcome = "record_outcome"
    reply = "reply"
    feedback = "feedback"
    close = "close"
    reopen = "reopen"


TARGET = {Move.assign: S.handling, Move.record_outcome: S.disposed, Move.reply: S.replied,
          Move.feedback: S.fed_back, Move.close: S.closed, Move.reopen: S.handling}
SOURCES = {Move.assign: {S.registered, S.handling}, Move.record_outcome: {S.handling},
           Move.reply: {S.disposed}, Move.feedback: {S.replied}, Move.close: {S.fed_back},
           Move.reopen: {S.closed}}
# Moves only the office makes; the others a committee makes on the opinions it handles.
OFFICE_ONLY = {Move.assign, Move.reopen}


def next_state(state: OpinionState, move: Move,
               outcome: OutcomeKind | None = None) -> OpinionState:
    """The state ``move`` leads to from ``state``, or IllegalTransition."""
    sources = SOURCES[move]
    if move is Move.feedback and outcome is OutcomeKind.rejected:
        sources = sources | {S.disposed}
    if state not in sources:
        raise IllegalTransition(state, TARGET[move])
    return TARGET[move]
