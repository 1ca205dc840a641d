"""The one typed GraphQL context, built per request by Litestar."""

from typing import TypeAlias

import strawberry
from litestar import Request
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


async def context_getter(request: Request) -> Context:
    """Step 1 of the request boundary (liaison/boundary.py); RequestTransaction does 2 and 3."""
    settings: Settings = request.app.state.settings
    credentials = boundary.from_header(request.headers.get("authorization", ""),
                                       settings.jwt_secret)
    service = boundary.open_context(request, credentials)
    return Context(service=service, loaders=Loaders(service.session), settings=settings,
                   database=request.app.state.database, request_id=service.origin.request_id,
                   credentials=credentials)
