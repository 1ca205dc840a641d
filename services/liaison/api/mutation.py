"""Running a service call for a mutation: a savepoint, so a typed error changes nothing."""

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from liaison.api.context import Info
from liaison.api.errors import Error, to_graphql
from liaison.context import ServiceContext
from liaison.errors import DomainError, NotFound

T = TypeVar("T")


async def run(ctx: ServiceContext, call: Callable[[], Awaitable[T]]) -> T | Error:
    savepoint = await ctx.session.begin_nested()
    try:
        result = await call()
    except DomainError as error:
        await savepoint.rollback()
        return to_graphql(error)
    await savepoint.commit()
    return result


def parse_id(value: str, kind: str) -> uuid.UUID:
    """An id from the client; anything that is not one of ours is simply not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(kind, value) from None


async def run_and_convert(info: Info, call, convert):
    """``run`` the call, then convert its result to the GraphQL object (a typed error as is)."""
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
