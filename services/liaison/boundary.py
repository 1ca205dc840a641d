"""The one request boundary, shared by GraphQL, the file routes and the console.

A request is turned into a ``ServiceContext`` in three steps, always the same:

1. ``open_context``: the caller's credentials (a bearer header, or a console cookie's token)
   are decoded, the request id and source address noted, a session opened;
2. ``authenticate``: the token's account, roles and readable tenants are loaded, which sets
   the transaction's RLS scope (``tenancy.scope``);
3. ``finish``: commit when the work succeeded, roll back otherwise; the session is closed.

GraphQL spreads the steps over its context getter and the ``RequestTransaction`` extension;
file routes and the console use ``request_context``, an async context manager.
"""

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from litestar import Request

from liaison.accounts import tokens
from liaison.accounts.auth import load_principal
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db import faults
from liaison.db.engine import Database, close, discard
from liaison.errors import PublicError

log = logging.getLogger("liaison.boundary")
NOT_SIGNED_IN = PublicError("UNAUTHENTICATED", "请先登录")


class BoundaryUnavailable(Exception):
    """The database failed while the boundary itself worked (authenticating, committing)."""

    def __init__(self, committing: bool) -> None:
        super().__init__("database unavailable")
        self.committing = committing


@dataclass(frozen=True)
class Credentials:
    claims: tokens.TokenClaims | None = None
    error: PublicError | None = None


def from_token(token: str | None, secret: str) -> Credentials:
    if not token:
        return Credentials()
    try:
        return Credentials(claims=tokens.decode(token.strip(), secret))
    except tokens.TokenError as exc:
        return Credentials(error=PublicError(exc.code, str(exc)))


def from_header(header: str, secret: str) -> Credentials:
    """``Authorization: Bearer <token>``; no header is anonymous, a malformed one an error."""
    if not header:
        return Credentials()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Credentials(error=PublicError("TOKEN_INVALID", "Authorization 头须为 Bearer 令牌"))
    return from_token(token, secret)


def request_id(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex


def open_context(request: Request, credentials: Credentials) -> ServiceContext:
    database: Database = request.app.state.database
    return ServiceContext(
        session=database.session(),
        principal=None,
        origin=Origin(source_addr=request.client.host if request.client else None,
                      request_id=request_id(request)),
        auth_error=credentials.error,
        sessions=database.sessions,
    )


async def authenticate(ctx: ServiceContext, credentials: Credentials) -> None:
    """Load the principal (setting the RLS scope); a revoked or deactivated account's token
    leaves the context anonymous with TOKEN_INVALID as the reason."""
    if credentials.claims is None:
        return
    try:
        ctx.principal = await load_principal(ctx.session, credentials.claims)
    except Exception as exc:
        if faults.is_unavailable(exc):
            raise BoundaryUnavailable(committing=False) from exc
        raise
    if ctx.principal is None:
        ctx.auth_error = PublicError(
            "TOKEN_INVALID", "登录已失效（已退出、改密、锁定或账号停用），请重新登录")


async def finish(ctx: ServiceContext, *, commit: bool) -> None:
    """Commit (raising ``BoundaryUnavailable`` when the database fails to) or roll back."""
    if not commit:
        await discard(ctx.session, ctx.origin.request_id)
        return
    try:
        await ctx.session.commit()
    except Exception as exc:
        await discard(ctx.session, ctx.origin.request_id)
        if faults.is_unavailable(exc):
            raise BoundaryUnavailable(committing=True) from exc
        raise


async def end(ctx: ServiceContext) -> None:
    await close(ctx.session, ctx.origin.request_id)


@asynccontextmanager
async def request_context(request: Request, credentials: Credentials, *,
                          require_principal: bool = True) -> AsyncIterator[ServiceContext]:
    """One request's ServiceContext: commits when the block ends without an exception, rolls
    back otherwise. With ``require_principal`` an anonymous or revoked caller is refused
    (the PublicError says why) before any work."""
    ctx = open_context(request, credentials)
    try:
        await authenticate(ctx, credentials)
        if require_principal:
            ctx.require_principal()
        yield ctx
    except BaseException:
        await finish(ctx, commit=False)
        raise
    else:
        await finish(ctx, commit=True)
    finally:
        await end(ctx)
