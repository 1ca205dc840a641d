"""The public evaluation page (群众评议), without login: phone first, large type.

- ``GET /p/{tenant}/evaluate``: where a person types the code from the slip;
- ``GET /p/{tenant}/evaluate?code=XXXXX-XXXXX`` (the slip's QR code): the code's ballot —
  the year and the member's name and sector, nothing else — with three large choices and an
  optional comment;
- ``POST /p/{tenant}/evaluate`` (code, rating, note): the answer, then 303 to ``?done=1``.

Reading uses ``web.public.public_context`` (counted against the anonymous limit, read-only,
scoped to the one tenant); answering uses ``answering_context`` below, the same boundary
but committing. Every code that cannot be used answers the same page, status and message
("评议码无效或已使用"), and counts against the address's wrong-code limit
(``evaluation.public.WRONG_CODES``); past it every code is refused with a 429 page saying
when to try again. Pages are never cached and send no referrer (the code is in the address).
The routes are outside the console's CSRF check: they hold no session, and a code is the
only credential.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_429_TOO_MANY_REQUESTS,
)

from liaison import boundary
from liaison.api.guards import control_problem
from liaison.context import ServiceContext
from liaison.db import faults
from liaison.errors import ValidationFailed
from liaison.evaluation import public as evaluation
from liaison.evaluation.errors import INVALID_CODE, InvalidCode
from liaison.evaluation.service import evaluate_path
from liaison.models import Tenant
from liaison.models.guidance import RATING_LABELS
from liaison.security import ratelimit
from liaison.tenancy import registry
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.web.public import TENANT_CODE, count_anonymous, public_context
from liaison.web.scope import HttpError, unavailable

log = logging.getLogger("liaison.web")
OPT = {"exclude_from_csrf": True}
HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer"}
FIELDS = ("code", "rating", "note")
BAD_INPUT = "意见中含有无法识别的字符，请删除后重新提交"
MAX_FIELD = 5000  # far past any field's limit (the comment's is 500)


def _page(status: int = 200, **context: Any) -> Template:
    context.setdefault("errors", {})
    return Template(template_name="evaluate.html", status_code=status, headers=HEADERS,
                    context={"ratings": RATING_LABELS, **context})


def _limited(tenant: dict, limited: ratelimit.RateLimited) -> Template:
    minutes = max(1, -(-limited.retry_after // 60))
    answer = _page(HTTP_429_TOO_MANY_REQUESTS, tenant=tenant, state="limited",
                   message=f"尝试次数过多，请 {minutes} 分钟后再试。")
    answer.headers["retry-after"] = str(limited.retry_after)
    return answer


def _names(tenant: Tenant) -> dict:
    """What the page shows of the tenant (copied: the ORM row ends with the block)."""
    return {"code": tenant.code, "name": tenant.name, "path": evaluate_path(tenant.code)}


async def _refused(ctx: ServiceContext, names: dict) -> Template:
    """The one answer to a code that cannot be used (counted against the address)."""
    try:
        await evaluation.count_wrong(ctx)
    except ratelimit.RateLimited as limited:
        return _limited(names, limited)
    return _page(HTTP_400_BAD_REQUEST, tenant=names, state="entry", message=INVALID_CODE)


@get("/p/{tenant_code:str}/evaluate", opt=OPT)
async def evaluate_page(request: Request, tenant_code: str, code: str | None = None,
                        done: str | None = None) -> Template:
    async with public_context(request, tenant_code) as (ctx, tenant):
        names = _names(tenant)
        if done is not None:
            return _page(tenant=names, state="done")
        if not (code or "").strip():
            return _page(tenant=names, state="entry")
        try:
            await evaluation.check_limit(ctx)
            ballot = await evaluation.ballot(ctx, tenant, code)
        except ratelimit.RateLimited as limited:
            return _limited(names, limited)
        except InvalidCode:
            return await _refused(ctx, names)
    return _page(tenant=names, state="ballot", ballot=ballot, code=code.strip(), form={})


@asynccontextmanager
async def answering_context(request: Request, tenant_code: str
                            ) -> AsyncIterator[tuple[ServiceContext, Tenant]]:
    """``public_context`` for a write: counted, no principal, scoped to the tenant of
    ``tenant_code`` (404 for any other), committed when the block ends without an
    exception; the database going away is a 503."""
    await count_anonymous(request)
    if not TENANT_CODE.fullmatch(tenant_code):
        raise NotFoundException()
    ctx = boundary.open_context(request, boundary.Credentials())
    try:
        tenant = await registry.get_tenant_by_code(ctx.session, tenant_code)
        if tenant is None:
            raise NotFoundException()
        await apply_scope(ctx.session, TenantScope.only(tenant.id))
        yield ctx, tenant
        await boundary.finish(ctx, commit=True)
    except boundary.BoundaryUnavailable as exc:
        raise unavailable(committing=True) from exc
    except Exception as exc:
        await boundary.finish(ctx, commit=False)
        if isinstance(exc, HttpError | NotFoundException) or not faults.is_unavailable(exc):
            raise
        log.warning("database unavailable (request %s): %r", boundary.request_id(request), exc)
        raise unavailable(committing=False) from exc
    finally:
        await boundary.end(ctx)


async def _fields(request: Request) -> tuple[dict[str, str], bool]:
    """The form's fields, and whether one holds control characters or is far too long (the
    answer is then refused as a whole)."""
    data = await request.form()
    values, bad = {}, False
    for name in FIELDS:
        value = data.get(name)
        value = value if isinstance(value, str) else ""
        bad = bad or len(value) > MAX_FIELD or control_problem("note", value) is not None
        values[name] = value[:MAX_FIELD]
    return values, bad


@post("/p/{tenant_code:str}/evaluate", opt=OPT)
async def evaluate_answer(request: Request, tenant_code: str) -> Response:
    form, bad = await _fields(request)
    async with answering_context(request, tenant_code) as (ctx, tenant):
        names = _names(tenant)
        code = form["code"]
        try:
            await evaluation.check_limit(ctx)
            if bad:
                ballot = await evaluation.ballot(ctx, tenant, code)
                return _page(HTTP_400_BAD_REQUEST, tenant=names, state="ballot", ballot=ballot,
                             code=code, form={}, message=BAD_INPUT)
            await evaluation.answer(ctx, tenant, code, form["rating"], form["note"])
        except ratelimit.RateLimited as limited:
            return _limited(names, limited)
        except InvalidCode:
            return await _refused(ctx, names)
        except ValidationFailed as refused:
            try:  # the code may have been used, or the round closed, in between
                ballot = await evaluation.ballot(ctx, tenant, code)
            except InvalidCode:
                return await _refused(ctx, names)
            errors = {p.field: p.message for p in refused.problems}
            return _page(HTTP_400_BAD_REQUEST, tenant=names, state="ballot", ballot=ballot,
                         code=code, form=form, errors=errors)
    return Redirect(path=f"{names['path']}?done=1", status_code=HTTP_303_SEE_OTHER,
                    headers=HEADERS)
