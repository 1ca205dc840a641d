"""Public supervision without login (R22): the tenant's published snapshot as a page
(phone first) and as JSON for the CPPCC website to embed.

- ``GET /p/{code}/supervision`` and ``/p/{code}/supervision.json``, through
  ``web.public.public_context`` (counted per address, read-only, one tenant);
  ``Cache-Control: public, max-age=300``; the JSON carries ``Access-Control-Allow-Origin: *``.

Only the frozen snapshot is shown (``disclosure/service.py``: counts and the names of members
and sectors). An unknown tenant, or one with nothing published (never published, or
withdrawn), answers the 404 of an unknown path.
"""

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from liaison.disclosure import service as disclosure
from liaison.tenancy import clock
from liaison.web.public import OPT, PUBLIC_CACHE, public_context


async def _snapshot(request: Request, tenant_code: str) -> dict:
    async with public_context(request, tenant_code) as (ctx, tenant):
        row = await disclosure.published(ctx.session, tenant.id)
        if row is None:
            raise NotFoundException()
        return {"tenant_code": tenant.code, "tenant_name": tenant.name, "data": dict(row.data),
                "published_at": row.published_at,
                "published_on": clock.today_in(tenant.timezone, row.published_at)}


@get("/p/{tenant_code:str}/supervision", opt=OPT)
async def supervision_page(request: Request, tenant_code: str) -> Template:
    """委员履职情况公开: the page residents open on a phone."""
    found = await _snapshot(request, tenant_code)
    return Template(template_name="public_supervision.html", context=found,
                    headers={"cache-control": PUBLIC_CACHE})


@get("/p/{tenant_code:str}/supervision.json", opt=OPT)
async def supervision_json(request: Request, tenant_code: str) -> Response:
    """The same snapshot as JSON, embeddable from any origin."""
    found = await _snapshot(request, tenant_code)
    body = {"tenant": {"code": found["tenant_code"], "name": found["tenant_name"]},
            "published_at": found["published_at"].isoformat(), **found["data"]}
    return Response(body, headers={"cache-control": PUBLIC_CACHE,
                                   "access-control-allow-origin": "*"})
