"""Public routes, without login: the reception-day schedule of one tenant (a page and the same
as JSON) and the calendar feeds.

- ``GET /p/{code}/reception`` and ``/p/{code}/reception.json``: the schedule
  (``venues/public.py``), ``Cache-Control: public, max-age=300``;
- ``GET /p/{code}/venues/{venue id}.ics``: a venue's public feed;
- ``GET /feeds/{code}/{token}.ics``: a member's private feed (``venues/feed_tokens.py``).

The boundary here is ``public_context``: no principal; each request counts against the
anonymous limit of its address (``security/ratelimit.py``, as /graphql without a token) —
past it 429 at once; the tenant is found by its code and the transaction, read-only, is
scoped to it alone. An unknown tenant, venue or token, and anything malformed, answer the
404 of an unknown path (same body, no hint of which part failed). The routes are outside
the console's CSRF check: they take no input, and a cookie must not ride on a cached page.
"""

import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from litestar.status_codes import HTTP_429_TOO_MANY_REQUESTS
from sqlalchemy import text

from liaison import boundary
from liaison.context import ServiceContext
from liaison.db import faults
from liaison.models import Tenant
from liaison.security import ratelimit
from liaison.tenancy import registry
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import feed_tokens, feeds, public
from liaison.web.scope import HttpError, unavailable

log = logging.getLogger("liaison.web")
TENANT_CODE = re.compile(r"[a-z][a-z0-9-]{1,39}")
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, no-cache"  # revoking a token stops the feed at once
ICS = "text/calendar"  # Litestar adds "; charset=utf-8"
OPT = {"exclude_from_csrf": True}


class TooManyRequests(HttpError):
    """429 with Retry-After: the address is over the anonymous limit."""

    def __init__(self, limited: ratelimit.RateLimited) -> None:
        super().__init__(HTTP_429_TOO_MANY_REQUESTS, limited.code, limited.message)
        self.retry_after = limited.retry_after

    def response(self) -> Response:
        answer = super().response()
        answer.headers["retry-after"] = str(self.retry_after)
        return answer


async def count_anonymous(request: Request) -> None:
    """The anonymous per-address limit, as every public route counts it."""
    address = request.client.host if request.client else "unknown"
    try:
        await ratelimit.hit_now(request.app.state.database.sessions,
                                ratelimit.ANONYMOUS_PER_ADDRESS, address)
    except ratelimit.RateLimited as limited:
        raise TooManyRequests(limited) from None
    except Exception as exc:
        if not faults.is_unavailable(exc):
            raise
        raise unavailable(committing=False) from exc


@asynccontextmanager
async def public_context(request: Request, tenant_code: str
                         ) -> AsyncIterator[tuple[ServiceContext, Tenant]]:
    """The request boundary of a public route: counted, no principal, read-only, scoped to
    the tenant named by ``tenant_code`` (404 for any other code). Whatever the block reads
    must be copied out of the ORM rows before it ends (the transaction is rolled back)."""
    await count_anonymous(request)
    if not TENANT_CODE.fullmatch(tenant_code):
        raise NotFoundException()
    ctx = boundary.open_context(request, boundary.Credentials())
    try:
        await ctx.session.execute(text("SET TRANSACTION READ ONLY"))
        tenant = await registry.get_tenant_by_code(ctx.session, tenant_code)
        if tenant is None:
            raise NotFoundException()
        await apply_scope(ctx.session, TenantScope.only(tenant.id))
        yield ctx, tenant
    except Exception as exc:
        if isinstance(exc, HttpError | NotFoundException) or not faults.is_unavailable(exc):
            raise
        log.warning("database unavailable (request %s): %r", boundary.request_id(request), exc)
        raise unavailable(committing=False) from exc
    finally:
        await boundary.abandon(ctx)  # nothing was written


def _ics_id(name: str) -> str:
    """``<something>.ics`` → ``<something>``; 404 for any other name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or extension != "ics" or not stem:
        raise NotFoundException()
    return stem


def _calendar(content: bytes, cache: str, **headers: str) -> Response:
    return Response(content, media_type=ICS, headers={
        "cache-control": cache, "content-disposition": "inline; filename=\"calendar.ics\"",
        **headers})


@get("/p/{tenant_code:str}/reception", opt=OPT)
async def reception_page(request: Request, tenant_code: str) -> Template:
    """委员接待日安排: the page residents open on a phone, or print."""
    async with public_context(request, tenant_code) as (ctx, tenant):
        schedule = await public.schedule(ctx, tenant)
    return Template(template_name="public_schedule.html", context={"schedule": schedule},
                    headers={"cache-control": PUBLIC_CACHE})


@get("/p/{tenant_code:str}/reception.json", opt=OPT)
async def reception_json(request: Request, tenant_code: str) -> Response:
    """The same schedule as JSON."""
    async with public_context(request, tenant_code) as (ctx, tenant):
        schedule = await public.schedule(ctx, tenant)
    return Response(schedule.as_json(), headers={"cache-control": PUBLIC_CACHE})


@get("/p/{tenant_code:str}/venues/{name:str}", opt=OPT)
async def venue_feed(request: Request, tenant_code: str, name: str) -> Response:
    """A venue's public calendar: ``<venue id>.ics``."""
    async with public_context(request, tenant_code) as (ctx, tenant):
        try:
            venue_id = uuid.UUID(_ics_id(name))
        except ValueError:
            raise NotFoundException() from None
        content = await feeds.venue_feed(ctx, tenant, venue_id)
    if content is None:
        raise NotFoundException()
    return _calendar(content, PUBLIC_CACHE)


@get("/feeds/{tenant_code:str}/{name:str}", opt=OPT)
async def member_feed(request: Request, tenant_code: str, name: str) -> Response:
    """A member's private calendar: ``<token>.ics``, the token from ``createFeedToken``."""
    async with public_context(request, tenant_code) as (ctx, tenant):
        member_id = await feed_tokens.member_of(ctx, tenant, _ics_id(name))
        if member_id is None:
            raise NotFoundException()
        content = await feeds.member_feed(ctx, tenant, member_id)
    return _calendar(content, PRIVATE_CACHE, **{"referrer-policy": "no-referrer"})
