"""The one typed GraphQL context, built per request by Litestar."""

import uuid
from typing import TypeAlias

import strawberry
from litestar import Request
from strawberry.litestar import BaseContext

from liaison.accounts import tokens
from liaison.api.dataloaders import Loaders
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db.engine import Database
from liaison.errors import PublicError
from liaison.settings import Settings


class Context(BaseContext, kw_only=True):
    service: ServiceContext
    loaders: Loaders
    settings: Settings
    database: Database
    request_id: str
    claims: tokens.TokenClaims | None = None


Info: TypeAlias = strawberry.Info[Context, None]


async def context_getter(request: Request) -> Context:
    app_state = request.app.state
    settings: Settings = app_state.settings
    database: Database = app_state.database
    session = database.session()
    request_id = request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex
    claims, auth_error = None, None
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            auth_error = PublicError("TOKEN_INVALID", "Authorization 头须为 Bearer 令牌")
        else:
            try:
                claims = tokens.decode(token.strip(), settings.jwt_secret)
            except tokens.TokenError as exc:
                auth_error = PublicError(exc.code, str(exc))
    service = ServiceContext(
        session=session,
        principal=None,
        origin=Origin(source_addr=request.client.host if request.client else None,
                      request_id=request_id),
        auth_error=auth_error,
        sessions=database.sessions,
    )
    return Context(service=service, loaders=Loaders(session), settings=settings,
                   database=database, request_id=request_id, claims=claims)
