"""The opinion state machine: every move from every state, legal or not."""

import pytest

from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.opinions.errors import IllegalTransition
from liaison.opinions.rules import Move, next_action, next_state

S = OpinionState
LEGAL = {
    (S.registered, Move.assign): S.handling,
    (S.handling, Move.assign): S.handling,
    (S.handling, Move.record_outcome): S.disposed,
    (S.disposed, Move.reply): S.replied,
    (S.replied, Move.feedback): S.fed_back,
    (S.fed_back, Move.close): S.closed,
    (S.closed, Move.reopen): S.handling,
    (S.handling, Move.hand_back): S.registered,
}
ALL = [(state, move) for state in S for move in Move]


@pytest.mark.parametrize(("state", "move"), ALL, ids=[f"{s}-{m}" for s, m in ALL])
def test_every_move_from_every_state(state, move):
    if (state, move) in LEGAL:
        assert next_state(state, move, OutcomeKind.proposal) is LEGAL[(state, move)]
        return
    with pytest.raises(IllegalTransition) as caught:
        next_state(state, move, OutcomeKind.proposal)
    error = caught.value
    assert (error.code, error.from_state, error.to_state) == (
        "ILLEGAL_TRANSITION", state, {Move.assign: S.handling, Move.record_outcome: S.disposed,
                                      Move.reply: S.replied, Move.feedback: S.fed_back,
                                      Move.close: S.closed, Move.reopen: S.handling,
                                      Move.hand_back: S.registered}[move])
    assert error.message == f"意见建议当前为“{state.label}”，不能变为“{error.to_state.label}”"


def test_a_rejection_is_fed_back_without_a_reply():
    assert next_state(S.disposed, Move.feedback, OutcomeKind.rejected) is S.fed_back
    assert next_state(S.disposed, Move.reply, OutcomeKind.rejected) is S.replied
    for kind in set(OutcomeKind) - {OutcomeKind.rejected}:
        with pytest.raises(IllegalTransition):
            next_state(S.disposed, Move.feedback, kind)


def test_the_message_names_both_states():
    with pytest.raises(IllegalTransition) as caught:
        next_state(S.registered, Move.reply)
    assert caught.value.message == "意见建议当前为“已登记”，不能变为“已答复”"


def test_the_next_action_follows_the_state():
    assert [next_action(s) for s in S] == ["交办", "记录办理结果", "记录答复", "向群众反馈",
                                           "办结", None]
    assert next_action(S.disposed, OutcomeKind.rejected) == "向群众反馈"
