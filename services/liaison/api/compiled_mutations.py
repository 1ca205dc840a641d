"""Mutations answered by a compiled plan (``api/compiled.py``, issue 14): the same service
call as the resolver, the same typed refusals, past graphql-core's execution.

A mutation is compiled only when it is the one field of its operation, so a refusal dooms
the whole request (``api/mutation._alone``: no savepoint) exactly as the resolver would.
Until its service call begins the plan may still give up (no principal, arguments that do
not convert) and the resolver answers; from then on the plan answers whatever happens
(``Written``), so nothing is written twice.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from liaison.api.errors import Error
from liaison.api.mutation import _alone
from liaison.api.plans import Fallback, Field, Written
from liaison.context import ServiceContext


def alone(call: Callable[..., Awaitable[Any]], convert: Callable[[Any], object]):
    """The ``ASYNC`` entry for a mutation: ``call(ctx, **arguments)`` is the service call
    (its arguments as the resolver receives them), ``convert`` its result's GraphQL type.
    Resolvers requiring a login (``IsAuthenticated``) only: without a principal the
    resolver answers, and says why."""

    async def run(context, _root, field: Field, variables: dict):
        ctx: ServiceContext = context.service
        if ctx.principal is None:
            raise Fallback
        arguments = field.inputs(variables)
        try:
            result = await _alone(ctx, lambda: call(ctx, **arguments))
            return field.complete(result if isinstance(result, Error) else convert(result))
        except Exception as exc:  # noqa: BLE001 - answered by the plan, masked as usual
            raise Written(exc, field) from exc
    return run
