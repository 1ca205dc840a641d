"""Typed errors of mutations: each mutation returns a union of its object and these."""

from datetime import datetime

import strawberry

from liaison.accounts.errors import AccountLocked, InvalidCredentials
from liaison.errors import DomainError, Forbidden, NotFound, ValidationFailed
from liaison.opinions.errors import IllegalTransition
from liaison.pairings.errors import PairingLimitReached
from liaison.security.ratelimit import RateLimited


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
    raise TypeError(f"no GraphQL type for {type(error).__name__}")
