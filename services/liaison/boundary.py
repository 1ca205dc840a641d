"""The one request boundary, shared by GraphQL, the file routes and the console.

A request is turned into a ``ServiceContext`` in three steps, always the same:

1. ``open_context``: the caller's credentials (a bearer header, or a console cookie's token)
   are decoded, the request id and source address noted, a session opened;
2. ``authenticate``: the token's account, roles and readable tenants are loaded — or an
   integration key's tenant, with the integration role (``accounts/api_keys.py``; the
   bearer header only, never the console) — which sets the transaction's RLS scope
   (``tenancy.scope``);
3. ``finish``: commit when the work succeeded, roll back otherwise; the session is closed.

GraphQL spreads the steps over its context getter and the ``RequestTransaction`` extension;
file routes and the console use ``request_context``, an async context manager.
"""

import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from litestar import Request

from liaison.accounts import api_keys, tokens
from liaison.accounts.auth import load_principal
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db import faults
from liaison.db.engine import Database, close, discard
from liaison.errors import PublicError
from liaison.security.ratelimit import RateLimited

log = logging.getLogger("liaison.boundary")
NOT_SIGNED_IN = PublicError("UNAUTHENTICATED", "请先登录")
# What a malformed token answers (accounts/tokens.py); every unusable integration key too.
INVALID = "登录凭证无效，请重新登录"
REVOKED = "登录已失效（已退出、改密、锁定或账号停用），请重新登录"
# A caller's X-Request-ID is kept only when it is a plain token: it is written to the audit
# log and to logs, where markup or line breaks have no business.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class BoundaryUnavailable(Exception):
    """The database failed while the boundary itself worked (authenticating, committing)."""

    def __init__(self, committing: bool) -> None:
        super().__init__("database unavailable")
        self.committing = committing


@dataclass(frozen=True)
class Credentials:
    claims: tokens.TokenClaims | None = None
    error: PublicError | None = None
    api_key: str | None = None  # a well-formed integration key, checked by ``authenticate``


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
    if token.strip().startswith(api_keys.PREFIX):  # an integration key, not a login token
        key = token.strip()
        if api_keys.parse(key) is None:
            return Credentials(error=PublicError("TOKEN_INVALID", INVALID))
        return Credentials(api_key=key)
    return from_token(token, secret)


def given_request_id(given: str) -> str:
    """The caller's X-Request-ID when well-formed, else a new one."""
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


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
    leaves the context anonymous with TOKEN_INVALID as the reason, and so does an unknown,
    wrong or revoked integration key (looked up at every request: nothing is cached). A
    principal already loaded in this request (``api/fast_http.py``) is not loaded again."""
    if ctx.principal is not None or (credentials.claims is None
                                     and credentials.api_key is None):
        return
    try:
        if credentials.api_key is not None:
            ctx.principal = await api_keys.authenticate(ctx, credentials.api_key)
        else:
            ctx.principal = await load_principal(ctx.session, credentials.claims)
    except RateLimited as limited:
        ctx.auth_error = PublicError(limited.code, limited.message)
        return
    except Exception as exc:
        if faults.is_unavailable(exc):
            raise BoundaryUnavailable(committing=False) from exc
        raise
    if ctx.principal is None:
        ctx.auth_error = PublicError(
            "TOKEN_INVALID", INVALID if credentials.api_key is not None else REVOKED)


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


async def abandon(ctx: ServiceContext) -> None:
    """Roll back and close: nothing kept, the connection given back. Never raises."""
    await finish(ctx, commit=False)
    await end(ctx)


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
