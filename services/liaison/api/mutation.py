"""Running a service call for a mutation so that a typed error changes nothing: the request's
whole transaction is rolled back when the mutation is its operation's only field, and a
savepoint is rolled back when it shares the operation with others (which keep their
changes). The savepoint costs two round trips, so the common case goes without."""

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from graphql import FieldNode
from sqlalchemy.exc import IntegrityError

from liaison.api.context import Info
from liaison.api.errors import Error, to_graphql
from liaison.context import ServiceContext
from liaison.errors import DomainError, FieldProblem, NotFound, ValidationFailed

T = TypeVar("T")


UNIQUE_VIOLATION = "23505"
# Two requests that both found a name free and both wrote it: the second meets the unique
# index, and answers as if it had found the name taken (the services check first, so this
# is only the race).
RACED = FieldProblem("input", "与已有记录重复（可能刚由他人创建），请刷新后重试")


async def _refusing(ctx: ServiceContext, call: Callable[[], Awaitable[T]], undo
                    ) -> T | Error:
    try:
        result = await call()
    except DomainError as error:
        await undo()
        return to_graphql(error)
    except IntegrityError as error:
        if getattr(error.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
        await undo()
        return to_graphql(ValidationFailed([RACED]))
    return result


async def _in_savepoint(ctx: ServiceContext, call: Callable[[], Awaitable[T]]) -> T | Error:
    savepoint = await ctx.session.begin_nested()
    result = await _refusing(ctx, call, savepoint.rollback)
    if not isinstance(result, Error):
        await savepoint.commit()
    return result


async def _alone(ctx: ServiceContext, call: Callable[[], Awaitable[T]]) -> T | Error:
    async def doom() -> None:
        ctx.refused = True  # RequestTransaction rolls the request back instead of committing

    return await _refusing(ctx, call, doom)


def _only_field(info: Info) -> bool:
    """The mutation is the one field of its operation (no fragments at the root either)."""
    selections = info.operation.selection_set.selections
    return len(selections) == 1 and isinstance(selections[0], FieldNode)


def parse_id(value: str, kind: str) -> uuid.UUID:
    """An id from the client; anything that is not one of ours is simply not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(kind, value) from None


async def mutate(info: Info, call: Callable[[], Awaitable[T]], convert: Callable[[T], object]):
    """Every mutation: the service call (a typed error rolls back what it did, so bad input
    changes nothing), the error as its GraphQL type, or the result converted."""
    run = _alone if _only_field(info) else _in_savepoint
    result = await run(info.context.service, call)
    return result if isinstance(result, Error) else convert(result)


def optional_id(value, kind: str):
    """An optional id input: ``...`` when not given, ``None`` when cleared."""
    if value is strawberry.UNSET:
        return ...
    return parse_id(value, kind) if value is not None else None


def given(value):
    """An optional input: ``...`` when not given."""
    return ... if value is strawberry.UNSET else value
