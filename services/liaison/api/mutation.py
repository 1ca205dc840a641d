"""Running a service call for a mutation: a savepoint, so a typed error changes nothing."""

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

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
