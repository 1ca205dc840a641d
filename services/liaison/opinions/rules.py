"""The opinion state machine, pure: which move leads from which state to which.

已登记 → 办理中 (assign; again while handling: reassign) → 已处理 (one outcome) → 已答复 →
已反馈 → 已办结; a 不予采纳 outcome may be fed back without a reply; the office reopens a
closed one (back to 办理中); a committee hands one back to the office (back to 已登记).
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
    hand_back = "hand_back"


TARGET = {Move.assign: S.handling, Move.record_outcome: S.disposed, Move.reply: S.replied,
          Move.feedback: S.fed_back, Move.close: S.closed, Move.reopen: S.handling,
          Move.hand_back: S.registered}
SOURCES = {Move.assign: {S.registered, S.handling}, Move.record_outcome: {S.handling},
           Move.reply: {S.disposed}, Move.feedback: {S.replied}, Move.close: {S.fed_back},
           Move.reopen: {S.closed}, Move.hand_back: {S.handling}}
# Who may make each move besides the office (which makes every move but hand_back):
# the committee handling it, an integration (outcome and reply), the member (feedback).
COMMITTEE_MOVES = {Move.record_outcome, Move.reply, Move.feedback, Move.close, Move.hand_back}
INTEGRATION_MOVES = {Move.record_outcome, Move.reply}
MEMBER_MOVES = {Move.feedback}
# Moves of a merged group's lead that every opinion merged into it follows.
GROUP_MOVES = {Move.assign, Move.record_outcome, Move.reply, Move.hand_back}
NEXT_ACTION = {S.registered: "交办", S.handling: "记录办理结果", S.disposed: "记录答复",
               S.replied: "向群众反馈", S.fed_back: "办结"}


def next_state(state: OpinionState, move: Move,
               outcome: OutcomeKind | None = None) -> OpinionState:
    """The state ``move`` leads to from ``state``, or IllegalTransition."""
    sources = SOURCES[move]
    if move is Move.feedback and outcome is OutcomeKind.rejected:
        sources = sources | {S.disposed}
    if state not in sources:
        raise IllegalTransition(state, TARGET[move])
    return TARGET[move]


def next_action(state: OpinionState, outcome: OutcomeKind | None = None) -> str | None:
    """What to do next, in Chinese; None once closed. A rejection is fed back directly."""
    if state is S.disposed and outcome is OutcomeKind.rejected:
        return "向群众反馈"
    return NEXT_ACTION.get(state)
