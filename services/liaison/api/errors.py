"""Typed errors of mutations: each mutation returns a union of its object and these."""

from datetime import date, datetime

import strawberry

from liaison.accounts.errors import AccountLocked, InvalidCredentials
from liaison.api.enums import graphql_enum
from liaison.errors import DomainError, Forbidden, NotFound, ValidationFailed
from liaison.opinions.errors import IllegalTransition
from liaison.pairings.errors import PairingLimitReached
from liaison.security.ratelimit import RateLimited
from liaison.venues import errors as venue_errors
from liaison.venues.duty_errors import IllegalDutyMove, SessionStarted


@strawberry.interface(description="所有预期错误的共同字段")
class Error:
    code: str
    message: str


@strawberry.type(description="对象不存在，或属于你无权查看的单位")
class NotFoundError(Error):
    id: strawberry.ID


@strawberry.type(description="对象在本单位内，但你的角色不允许此操作")
class ForbiddenError(Error):
    pass


@strawberry.type
class FieldError:
    field: str
    message: str


@strawberry.type(description="输入有误；未做任何修改")
class ValidationErrors(Error):
    errors: list[FieldError]


@strawberry.type(description="单位、用户名或密码错误")
class InvalidCredentialsError(Error):
    pass


@strawberry.type(description="连续 5 次登录失败，账号锁定 15 分钟")
class AccountLockedError(Error):
    locked_until: datetime


@strawberry.type(description="请求过于频繁；retryAfter 秒后再试")
class RateLimitedError(Error):
    retry_after: int


@strawberry.type(description="每名委员的结对人数已达上限；请先结束一个结对")
class PairingLimitError(Error):
    max_pairings: int
    active_pairings: int


@strawberry.type(
    description="意见建议当前状态不允许此操作；fromState、toState 为 OpinionState 的值")
class IllegalTransitionError(Error):
    from_state: str
    to_state: str


ConflictKind = graphql_enum(venue_errors.ConflictKind, "ConflictKind",
                            "冲突原因：委员已有值班 / 场地已有安排 / 委员已离任 / 场地已关闭")


@strawberry.type(description="一条冲突")
class ConflictRow:
    kind: ConflictKind
    kind_label: str
    message: str
    on: date | None = strawberry.field(description="冲突所在的日期（本单位时区）")
    member_id: strawberry.ID | None = strawberry.field(description="涉及的委员")
    session_id: strawberry.ID | None = strawberry.field(description="与之冲突的接待日")


@strawberry.type(description="与已有安排冲突，未做任何修改；rows 逐条列出原因")
class ConflictError(Error):
    rows: list[ConflictRow]


@strawberry.type(
    description="接待日已举行或已取消，不能再更改；sessionStatus 为 SessionStatus 的值")
class SessionNotPlannedError(Error):
    session_status: str


@strawberry.type(description="接待日已开始或已结束，值班不能再更改")
class SessionStartedError(Error):
    pass


@strawberry.type(description="值班当前状态不允许此操作；dutyStatus 为 DutyStatus 的值")
class IllegalDutyMoveError(Error):
    duty_status: str


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


def _conflict(error: venue_errors.Conflict) -> ConflictError:
    return ConflictError(code=error.code, message=error.message, rows=[
        ConflictRow(kind=ConflictKind(r.kind.value), kind_label=r.kind.label,
                    message=r.message, on=r.on, member_id=_id(r.member_id),
                    session_id=_id(r.session_id)) for r in error.rows])


@strawberry.type(description="重复规则产生的接待日超过上限；未做任何修改")
class TooManySessionsError(Error):
    count: int
    limit: int


def to_graphql(error: DomainError) -> Error:
    match error:
        case NotFound():
            return NotFoundError(code=error.code, message=error.message,
                                 id=strawberry.ID(error.id))
        case Forbidden():
            return ForbiddenError(code=error.code, message=error.message)
        case ValidationFailed():
            return ValidationErrors(
                code=error.code, message=error.message,
                errors=[FieldError(field=p.field, message=p.message) for p in error.problems],
            )
        case InvalidCredentials():
            return InvalidCredentialsError(code=error.code, message=error.message)
        case PairingLimitReached():
            return PairingLimitError(code=error.code, message=error.message,
                                     max_pairings=error.max_pairings,
                                     active_pairings=error.active)
        case RateLimited():
            return RateLimitedError(code=error.code, message=error.message,
                                    retry_after=error.retry_after)
        case AccountLocked():
            return AccountLockedError(code=error.code, message=error.message,
                                      locked_until=error.locked_until)
        case IllegalTransition():
            return IllegalTransitionError(code=error.code, message=error.message,
                                          from_state=error.from_state.name.upper(),
                                          to_state=error.to_state.name.upper())
        case venue_errors.Conflict():
            return _conflict(error)
        case venue_errors.SessionNotPlanned():
            return SessionNotPlannedError(code=error.code, message=error.message,
                                          session_status=error.status.name.upper())
        case SessionStarted():
            return SessionStartedError(code=error.code, message=error.message)
        case IllegalDutyMove():
            return IllegalDutyMoveError(code=error.code, message=error.message,
                                        duty_status=error.status.name.upper())
        case venue_errors.TooManySessions():
            return TooManySessionsError(code=error.code, message=error.message,
                                        count=error.count, limit=error.limit)
    raise TypeError(f"no GraphQL type for {type(error).__name__}")
