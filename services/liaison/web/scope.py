"""The request boundary for non-GraphQL routes (downloads, uploads): authenticate, open the
transaction with the tenant scope, commit on success. Errors become JSON with a code."""

import logging
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

from liaison import boundary
from liaison.context import ServiceContext
from liaison.db import faults
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
    """The request boundary (liaison/boundary.py) for a file route: a bearer token is
    required; commits when the block ends without an exception; the database going away is
    a 503."""
    credentials = boundary.from_header(request.headers.get("authorization", ""),
                                       request.app.state.settings.jwt_secret)
    try:
        async with boundary.request_context(request, credentials) as ctx:
            yield ctx
    except boundary.BoundaryUnavailable as exc:
        raise unavailable(committing=exc.committing and request.method != "GET") from exc
    except Exception as exc:
        if isinstance(exc, HttpError | DomainError | PublicError) or not faults.is_unavailable(
                exc):
            raise
        log.warning("database unavailable (request %s): %r", boundary.request_id(request), exc)
        raise unavailable(committing=False) from exc


def http_error_handler(request: Request, exc: HttpError) -> Response:
    return exc.response()


def domain_error_handler(request: Request, exc: DomainError | PublicError) -> Response:
    return from_domain(exc).response()
