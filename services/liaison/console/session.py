"""The console's session: the login token in an HttpOnly, SameSite=Strict cookie, and the
request boundary (liaison/boundary.py) opened with it — the same one GraphQL and the file
routes use, so the console has no authorization path of its own.

The cookie lives as long as the token (30 minutes). Sliding: once more than half of that is
spent, a successful request re-issues the token (same account version, so a logout still
revokes it) and resets the cookie.
"""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Request
from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from liaison import boundary
from liaison.accounts import tokens
from liaison.context import ServiceContext
from liaison.errors import PublicError
from liaison.settings import Settings

COOKIE = "liaison_session"
REFRESH_STATE = "console_refresh_cookie"
EXPIRED = "登录已过期，请重新登录"


class LoginRequired(Exception):
    """No valid session: the console redirects to /login with this (Chinese) message."""

    def __init__(self, message: str = "请先登录") -> None:
        super().__init__(message)
        self.message = message


class ConsoleUnavailable(Exception):
    """The database went away: a 503 page, the user may retry."""


def session_cookie(settings: Settings, token: str, max_age: int) -> Cookie:
    return Cookie(key=COOKIE, value=token, max_age=max_age, path="/", httponly=True,
                  samesite="strict", secure=settings.production)


def clear_cookie(settings: Settings) -> Cookie:
    return Cookie(key=COOKIE, value="", max_age=0, path="/", httponly=True,
                  samesite="strict", secure=settings.production,
                  expires=0)


def _maybe_refresh(request: Request, token: str, claims: tokens.TokenClaims) -> None:
    settings: Settings = request.app.state.settings
    ttl = settings.jwt_ttl_seconds
    expires = tokens.expiry(token, settings.jwt_secret)
    if expires is None or expires - time.time() > ttl / 2:
        return
    fresh, _ = tokens.issue(claims, settings.jwt_secret, ttl, now=datetime.now(UTC))
    request.scope.setdefault("state", {})[REFRESH_STATE] = session_cookie(
        settings, fresh, ttl).to_header(header="")


@asynccontextmanager
async def console_context(request: Request) -> AsyncIterator[ServiceContext]:
    """The request boundary for a console page: the session cookie's token, the principal
    loaded (and the RLS scope set), commit when the block ends without an exception. No
    session, or a revoked or expired one, is ``LoginRequired``."""
    settings: Settings = request.app.state.settings
    token = request.cookies.get(COOKIE)
    credentials = boundary.from_token(token, settings.jwt_secret)
    if credentials.claims is None:
        raise LoginRequired(EXPIRED if token else "请先登录")
    try:
        async with boundary.request_context(request, credentials) as ctx:
            _maybe_refresh(request, token, credentials.claims)
            yield ctx
    except boundary.BoundaryUnavailable as exc:
        raise ConsoleUnavailable() from exc
    except PublicError as exc:
        if is_login_error(exc):
            raise LoginRequired(str(exc)) from None
        raise


def is_login_error(error: PublicError) -> bool:
    return error.code.startswith(("TOKEN", "UNAUTH"))


def refresh_middleware(app: ASGIApp) -> ASGIApp:
    """Adds the re-issued session cookie (if the request earned one) to the response."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_cookie(message: Message) -> None:
            cookie = scope.get("state", {}).get(REFRESH_STATE)
            if cookie and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await app(scope, receive, send_with_cookie)

    return middleware
