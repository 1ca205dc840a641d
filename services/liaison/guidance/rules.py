"""The pure rules of guidance items (指导事项): the length of every text, what each county's
copy may do next, and when it is overdue."""

import enum
from datetime import date

from liaison.errors import FieldProblem, ValidationFailed
from liaison.fields import Field, spec
from liaison.models.guidance import GuidanceKind, TargetState

# Every text has a limit: the item as the city writes it, the county's answer.
ITEM = spec(Field("title", "标题", 100), Field("body", "正文", 5000))
ANSWER = Field("text", "答复内容", 5000)
# What a county must do before 办结: a task or a 督办 item needs its answer first.
NEEDS_ANSWER = frozenset({GuidanceKind.task, GuidanceKind.supervision})


class Step(enum.StrEnum):
    read = "read"  # 已阅
    answer = "answer"  # 答复（可多次，办结前）
    finish = "finish"  # 办结


def refused(message: str) -> ValidationFailed:
    """An illegal move: a refusal about the item's state (nothing changes)."""
    return ValidationFailed([FieldProblem("state", message)])


def next_state(state: TargetState, step: Step, kind: GuidanceKind) -> TargetState:
    """The state after ``step``; the same state when reading again; refused otherwise."""
    if step is Step.read:
        return TargetState.read if state is TargetState.sent else state
    if state is TargetState.done:
        raise refused("该事项已办结，不能再" + ("答复" if step is Step.answer else "办结"))
    if step is Step.answer:
        return TargetState.answered
    if kind in NEEDS_ANSWER and state is not TargetState.answered:
        raise refused(f"{kind.label}须先答复办理情况，再标记办结")
    return TargetState.done


def is_overdue(due_on: date | None, state: TargetState, today: date) -> bool:
    """Past its due day (strictly) and not 办结."""
    return due_on is not None and due_on < today and state is not TargetState.done
