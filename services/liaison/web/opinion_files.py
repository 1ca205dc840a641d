"""Opinion downloads with a bearer token, as the other file routes:

``GET /files/opinions.xlsx?tenant=&state=&category=&committee=&member=&sector=&from=&to=&overdue=``
  the opinion list as filtered (``opinions.listing.parse_filter``; a bad value is a 400);
``GET /files/opinions/{id}/social-info.docx``
  the 社情民意信息 draft of a lead opinion and the opinions merged into it.

What the caller may not read (another tenant's id, someone else's opinion) is a 404.
"""

import uuid

from litestar import Request, Response, get

from liaison.documents import opinions as documents
from liaison.errors import NotFound
from liaison.opinions.listing import parse_filter
from liaison.web.files import DOCX, XLSX, attachment
from liaison.web.scope import service_context

FILTER_KEYS = ("state", "category", "committee", "member", "sector", "from", "to", "overdue")


@get("/files/opinions.xlsx")
async def opinion_list(request: Request, tenant: str | None = None) -> Response:
    """The filter from the query string as is (``state`` is a name Litestar keeps for
    itself, ``from`` one Python does)."""
    query = request.query_params
    flt = parse_filter({key: query.get(key) for key in FILTER_KEYS})
    async with service_context(request) as ctx:
        data, filename = await documents.opinion_list(ctx, tenant_code=tenant, flt=flt)
    return attachment(data, filename, XLSX)


@get("/files/opinions/{opinion_id:str}/social-info.docx")
async def social_info(request: Request, opinion_id: str) -> Response:
    try:
        wanted = uuid.UUID(opinion_id)
    except ValueError:
        raise NotFound("意见建议", opinion_id[:40]) from None
    async with service_context(request) as ctx:
        data, filename = await documents.social_info(ctx, wanted)
    return attachment(data, filename, DOCX)
