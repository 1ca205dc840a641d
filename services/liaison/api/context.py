"""The one typed GraphQL context, built per request by Litestar."""

from typing import TypeAlias

import strawberry
from litestar import Request, Response
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from strawberry.litestar import BaseContext

from liaison import boundary
from liaison.api.dataloaders import Loaders
from liaison.context import ServiceContext
from liaison.db.engine import Database
from liaison.settings import Settings


class Context(BaseContext, kw_only=True):
    service: ServiceContext
    loaders: Loaders
    settings: Settings
    database: Database
    request_id: str
    credentials: boundary.Credentials


Info: TypeAlias = strawberry.Info[Context, None]


# Where api/fast_lane.py leaves the context of a request it did not answer.
HANDED_OVER = "liaison.context"


async def context_getter(request: Request) -> Context:
    """Step 1 of the request boundary (liaison/boundary.py); RequestTransaction does 2 and 3.
    A context api/fast_lane.py opened for this request is taken over, not opened again."""
    handed_over = request.scope["state"].pop(HANDED_OVER, None)
    if handed_over is not None:
        return handed_over
    settings: Settings = request.app.state.settings
    credentials = boundary.from_header(request.headers.get("authorization", ""),
                                       settings.jwt_secret)
    service = boundary.open_context(request, credentials)
    return Context(service=service, loaders=Loaders(service.session), settings=settings,
                   database=request.app.state.database, request_id=service.origin.request_id,
                   credentials=credentials)


# The /graphql handler's dependencies, one per batch. Strawberry's own resolve three at once
# (the context, the root value, the response), and litestar resolves a batch of several in an
# anyio task group, with the response made in a worker thread: about 0.9 ms of every request
# (docs/benchmarks.md). Chained, each is awaited in turn, on the event loop.
async def _response(custom_context: Context) -> Response:
    return Response({}, background=BackgroundTasks([]))


async def _context(custom_context: Context, response: Response, request: Request) -> Context:
    custom_context.request = request
    custom_context.response = response
    return custom_context


async def _root_value(context: Context) -> None:
    return None


def graphql_dependencies() -> dict[str, Provide]:
    return {"custom_context": Provide(context_getter), "response": Provide(_response),
            "context": Provide(_context), "root_value": Provide(_root_value)}
