"""Downloads with the console's session (the /files routes take bearer tokens): the member
list as filtered, Form 1 for a member or a sector and Form 2 for a member's year, the opinion
list as the board filters it and an opinion's 社情民意信息 draft. The same builders as /files
(documents/exports.py, documents/opinions.py), so the same bytes and the same checks."""

import uuid

from litestar import Request, Response, get

from liaison.console.members import optional_id
from liaison.console.session import console_context
from liaison.console.views import parse_id, readable_tenant
from liaison.documents import exports
from liaison.documents import opinions as opinion_documents
from liaison.errors import NotFound, PublicError
from liaison.members import service as members
from liaison.opinions import service as opinions
from liaison.opinions.listing import parse_filter
from liaison.organisation import service as organisation
from liaison.organisation.service import UnitKind
from liaison.tenancy import clock
from liaison.validation import small_int
from liaison.web.files import DOCX, XLSX, attachment
from liaison.web.opinion_files import FILTER_KEYS

FORMATS = {"docx": DOCX, "xlsx": XLSX}


def fmt_of(request: Request) -> str:
    return request.url.path.rsplit(".", 1)[-1]


@get("/t/{code:str}/members/export.xlsx")
async def member_export(request: Request, code: str, name: str | None = None,
                        sector: str | None = None, committee: str | None = None,
                        group: str | None = None, status: str | None = None) -> Response:
    """The member list with the list's filters (an id that is not one filters nothing)."""
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        data, filename = await exports.members_xlsx(
            ctx, tenant_code=tenant.code, name=(name or "").strip()[:40] or None,
            sector_id=optional_id(sector), committee_id=optional_id(committee),
            group_id=optional_id(group), status=status or None)
    return attachment(data, filename, XLSX)


@get(["/t/{code:str}/members/{member_id:str}/form1.docx",
      "/t/{code:str}/members/{member_id:str}/form1.xlsx"])
async def member_form1(request: Request, code: str, member_id: str) -> Response:
    fmt = fmt_of(request)
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        member = await members.access_member(ctx, parse_id(member_id, "委员"), tenant=tenant)
        data, filename = await exports.form1(ctx, fmt, member_id=member.id, sector_id=None)
    return attachment(data, filename, FORMATS[fmt])


@get(["/t/{code:str}/sectors/{sector_id:str}/form1.docx",
      "/t/{code:str}/sectors/{sector_id:str}/form1.xlsx"])
async def sector_form1(request: Request, code: str, sector_id: str) -> Response:
    """Form 1 for every serving member of a sector of this tenant (those the caller reads)."""
    fmt = fmt_of(request)
    wanted: uuid.UUID = parse_id(sector_id, "界别")
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        sectors = await organisation.list_units(ctx, tenant, UnitKind.sector)
        if wanted not in {s.id for s in sectors}:
            raise NotFound("界别", sector_id)
        data, filename = await exports.form1(ctx, fmt, member_id=None, sector_id=wanted)
    return attachment(data, filename, FORMATS[fmt])


@get(["/t/{code:str}/members/{member_id:str}/form2.docx",
      "/t/{code:str}/members/{member_id:str}/form2.xlsx"])
async def member_form2(request: Request, code: str, member_id: str,
                       year: str | None = None) -> Response:
    """Form 2 for a member's contacts of a year (this year unless ``year``)."""
    fmt = fmt_of(request)
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        chosen = clock.today_in(tenant.timezone).year
        if year:
            chosen = small_int(year, 4)
            if chosen is None or not 1900 <= chosen <= 2100:
                raise PublicError("BAD_REQUEST", "年份须在 1900 到 2100 之间")
        member = await members.access_member(ctx, parse_id(member_id, "委员"), tenant=tenant)
        data, filename = await exports.form2(ctx, fmt, contact_id=None, member_id=member.id,
                                             year=chosen)
    return attachment(data, filename, FORMATS[fmt])


@get("/t/{code:str}/opinions/export.xlsx")
async def opinion_export(request: Request, code: str) -> Response:
    """The opinion list with the board's filters (a bad value is a 400 page)."""
    flt = parse_filter({key: request.query_params.get(key) for key in FILTER_KEYS})
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        data, filename = await opinion_documents.opinion_list(ctx, tenant_code=tenant.code,
                                                              flt=flt)
    return attachment(data, filename, XLSX)


@get("/t/{code:str}/opinions/{opinion_id:str}/social-info.docx")
async def opinion_social_info(request: Request, code: str, opinion_id: str) -> Response:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        opinion = await opinions.access_opinion(ctx, parse_id(opinion_id, "意见建议"),
                                                tenant=tenant)
        data, filename = await opinion_documents.social_info(ctx, opinion.id)
    return attachment(data, filename, DOCX)
