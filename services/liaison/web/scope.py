"""The request boundary for non-GraphQL routes (downloads, uploads): authenticate, open the
transaction with the tenant scope, commit on success. Errors become JSON with a code."""

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Request, Response
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from liaison.accounts import tokens
from liaison.accounts.auth import load_principal
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db import faults
from liaison.db.engine import Database, close, discard
from liaison.errors import DomainError, Forbidden, NotFound, PublicError, ValidationFailed

log = logging.getLogger("liaison.web")


class HttpError(Exception):
    """An expected failure answered as ``{"code", "message", ...}`` with a status."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def response(self) -> Response:
        retry = {"retry-after": "2"} if self.status == HTTP_503_SERVICE_UNAVAILABLE else None
        return Response({"code": self.code, "message": self.message, **self.extra},
                        status_code=self.status, headers=retry)


def unavailable(*, committing: bool) -> HttpError:
    """The database is down or restarting: 503, the client may retry. A failed commit may or
    may not have been applied, and the message says so."""
    return HttpError(HTTP_503_SERVICE_UNAVAILABLE, "DB_UNAVAILABLE",
                     faults.COMMIT_MESSAGE if committing else faults.MESSAGE)


def from_domain(error: DomainError | PublicError) -> HttpError:
    if isinstance(error, NotFound):
        return HttpError(HTTP_404_NOT_FOUND, error.code, error.message)
    if isinstance(error, Forbidden) or getattr(error, "code", "") == "FORBIDDEN":
        return HttpError(HTTP_403_FORBIDDEN, "FORBIDDEN", str(error))
    if isinstance(error, ValidationFailed):
        return HttpError(HTTP_422_UNPROCESSABLE_ENTITY, error.code, error.message,
                         errors=[{"field": p.field, "message": p.message}
                                 for p in error.problems])
    if isinstance(error, PublicError):
        status = HTTP_401_UNAUTHORIZED if error.code.startswith(("TOKEN", "UNAUTH")) \
            else HTTP_400_BAD_REQUEST
        return HttpError(status, error.code, str(error))
    return HttpError(HTTP_400_BAD_REQUEST, error.code, error.message)


@asynccontextmanager
async def service_context(request: Request) -> AsyncIterator[ServiceContext]:
    """A ServiceContext for one request; commits when the block ends without an exception."""
    database: Database = request.app.state.database
    secret = request.app.state.settings.jwt_secret
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HttpError(HTTP_401_UNAUTHORIZED, "UNAUTHENTICATED", "请先登录")
    try:
        claims = tokens.decode(token.strip(), secret)
    except tokens.TokenError as exc:
        raise HttpError(HTTP_401_UNAUTHORIZED, exc.code, str(exc)) from exc
    request_id = request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex
    session = database.session()
    committing = False
    try:
        principal = await load_principal(session, claims)
        if principal is None:
            raise HttpError(HTTP_401_UNAUTHORIZED, "TOKEN_INVALID", "账号已停用或不存在")
        yield ServiceContext(session=session, principal=principal,
                             origin=Origin(request.client.host if request.client else None,
                                           request_id), sessions=database.sessions)
        committing = True
        await session.commit()
    except BaseException as exc:
        await discard(session, request_id)
        if not isinstance(exc, HttpError | DomainError | PublicError) \
                and isinstance(exc, Exception) and faults.is_unavailable(exc):
            log.warning("database unavailable (request %s): %r", request_id, exc)
            raise unavailable(committing=committing and request.method != "GET") from exc
        raise
    finally:
        await close(session, request_id)


def http_error_handler(request: Request, exc: HttpError) -> Response:
    return exc.response()


def domain_error_handler(request: Request, exc: DomainError | PublicError) -> Response:
    return from_domain(exc).response()
