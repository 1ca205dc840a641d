"""File routes: import templates, uploads (all-or-nothing imports), exports and Form 1.

Uploads are multipart (field ``file``) with a bearer token, answered as JSON:
200 ``{"status": "imported", "created": N}``; 422 ``{"code": "IMPORT_REFUSED", "errors":
[{"row", "column", "message"}]}``; 400/413 for a file that is not an xlsx, empty or too large.
"""

import uuid
from typing import Annotated
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from liaison.documents import exports
from liaison.imports import contacts as contact_imports
from liaison.imports import forms as form_imports
from liaison.imports import members as member_imports
from liaison.imports.reader import ImportFileError, template
from liaison.web.scope import HttpError, service_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD = Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)]


def attachment(content: bytes, filename: str, media_type: str) -> Response:
    return Response(content, media_type=media_type, headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# The import templates (also served by the console, with its session): sheet, file name.
TEMPLATES = {
    "members": (member_imports.MEMBER_COLUMNS, "委员", member_imports.MEMBER_INSTRUCTIONS,
                "委员导入模板.xlsx"),
    "pairings": (member_imports.PAIRING_COLUMNS, "结对", member_imports.PAIRING_INSTRUCTIONS,
                 "结对联系对象导入模板.xlsx"),
    "contacts": (contact_imports.CONTACT_COLUMNS, "联系服务",
                 contact_imports.CONTACT_INSTRUCTIONS, "联系服务登记导入模板.xlsx"),
}


def template_file(kind: str) -> Response:
    columns, sheet, instructions, filename = TEMPLATES[kind]
    return attachment(template(columns, sheet_name=sheet, instructions=instructions), filename,
                      XLSX)


@get("/files/templates/members.xlsx", sync_to_thread=False)
def members_template() -> Response:
    return template_file("members")


@get("/files/templates/pairings.xlsx", sync_to_thread=False)
def pairings_template() -> Response:
    return template_file("pairings")


async def _upload(request: Request, data: UploadFile, run) -> Response:
    content = await data.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise HttpError(HTTP_413_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE",
                        f"文件超过 {MAX_UPLOAD // (1024 * 1024)} MB，请分批导入")
    return await _answer(request, lambda ctx: run(ctx, content))


async def _answer(request: Request, call) -> Response:
    async with service_context(request) as ctx:
        try:
            report = await call(ctx)
        except ImportFileError as exc:
            status = HTTP_413_REQUEST_ENTITY_TOO_LARGE if exc.code == "TOO_LARGE" \
                else HTTP_400_BAD_REQUEST
            raise HttpError(status, exc.code, exc.message) from exc
        if not report.ok:
            raise HttpError(
                HTTP_422_UNPROCESSABLE_ENTITY, "IMPORT_REFUSED",
                f"有 {len({e.row for e in report.errors})} 行有误，"
                "整个文件未导入，请修改后重新上传",
                errors=[error_json(e) for e in report.errors])
    return Response({"status": "imported", "created": report.created}, status_code=200)


def error_json(e) -> dict:
    """One refusal: row, column, message; and source (file and form) for official forms."""
    return {"row": e.row, "column": e.column, "message": e.message} | (
        {"source": e.source} if e.source else {})


MAX_FORMS_UPLOAD = 20 * 1024 * 1024


async def upload_files(form) -> list[tuple[str, bytes]]:
    """Every file of a multipart form (any field name), 413 beyond MAX_FORMS_UPLOAD in all."""
    files, total = [], 0
    for value in form.values():
        if isinstance(value, UploadFile):
            content = await value.read(MAX_FORMS_UPLOAD + 1 - total)
            total += len(content)
            if total > MAX_FORMS_UPLOAD:
                raise HttpError(HTTP_413_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE",
                                f"上传的文件合计超过 {MAX_FORMS_UPLOAD // (1024 * 1024)} MB，"
                                "请分批导入")
            files.append((value.filename or "表格", content))
    return files


@post("/files/imports/forms", request_max_body_size=MAX_FORMS_UPLOAD + 256 * 1024)
async def import_forms(request: Request) -> Response:
    """Filled official forms (Form 1 → pairings, Form 2 → contacts): one or many .docx/.xlsx
    files, or a .zip of them, all or nothing."""
    form = await request.form()
    files = await upload_files(form)
    if not files:
        raise HttpError(HTTP_400_BAD_REQUEST, "EMPTY", "没有上传文件")
    return await _answer(request, lambda ctx: form_imports.import_forms(ctx, files))


@get("/files/templates/contacts.xlsx", sync_to_thread=False)
def contacts_template() -> Response:
    return template_file("contacts")


@post("/files/imports/contacts", request_max_body_size=MAX_UPLOAD + 64 * 1024)
async def import_contacts(request: Request, data: UPLOAD) -> Response:
    return await _upload(request, data, contact_imports.import_contacts)


@post("/files/imports/members", request_max_body_size=MAX_UPLOAD + 64 * 1024)
async def import_members(request: Request, data: UPLOAD) -> Response:
    return await _upload(request, data, member_imports.import_members)


@post("/files/imports/pairings", request_max_body_size=MAX_UPLOAD + 64 * 1024)
async def import_pairings(request: Request, data: UPLOAD) -> Response:
    return await _upload(request, data, member_imports.import_pairings)


def _uuid(value: str | None, name: str) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise HttpError(HTTP_400_BAD_REQUEST, "BAD_REQUEST", f"{name} 不是有效的 id") from exc


@get("/files/exports/members.xlsx")
async def export_members(request: Request, tenant: str | None = None, name: str | None = None,
                         sector: str | None = None, committee: str | None = None,
                         group: str | None = None, status: str | None = None) -> Response:
    """The member list as filtered in the UI (same filters as GraphQL ``members``)."""
    async with service_context(request) as ctx:
        data, filename = await exports.members_xlsx(
            ctx, tenant_code=tenant, name=name, sector_id=_uuid(sector, "sector"),
            committee_id=_uuid(committee, "committee"), group_id=_uuid(group, "group"),
            status=status)
    return attachment(data, filename, XLSX)


@get("/files/forms/{name:str}")
async def forms(request: Request, name: str, member: str | None = None,
                sector: str | None = None, contact: str | None = None,
                year: int | None = None) -> Response:
    """The two official forms, as .docx or .xlsx:
    Form 1 (信息表) for one member (?member=ID) or a sector (?sector=ID): ``form1.docx``;
    Form 2 (登记表) for one contact (?contact=ID) or a member's year
    (?member=ID&year=2025): ``form2.docx``."""
    form, _, fmt = name.partition(".")
    if form not in ("form1", "form2"):
        raise HttpError(404, "NOT_FOUND", f"没有该表格：{name}")
    if fmt not in ("docx", "xlsx"):
        raise HttpError(HTTP_400_BAD_REQUEST, "BAD_REQUEST", "格式须为 docx 或 xlsx")
    member_id = _uuid(member, "member")
    if form == "form2":
        contact_id = _uuid(contact, "contact")
        if (member_id is None) == (contact_id is None):
            raise HttpError(HTTP_400_BAD_REQUEST, "BAD_REQUEST",
                            "请指定 contact，或 member 与 year")
        if year is not None and not 1900 <= year <= 2100:
            raise HttpError(HTTP_400_BAD_REQUEST, "BAD_REQUEST", "year 须在 1900 到 2100 之间")
        async with service_context(request) as ctx:
            data, filename = await exports.form2(ctx, fmt, contact_id=contact_id,
                                                 member_id=member_id, year=year)
        return attachment(data, filename, DOCX if fmt == "docx" else XLSX)
    sector_id = _uuid(sector, "sector")
    if (member_id is None) == (sector_id is None):
        raise HttpError(HTTP_400_BAD_REQUEST, "BAD_REQUEST", "请指定 member 或 sector 之一")
    async with service_context(request) as ctx:
        data, filename = await exports.form1(ctx, fmt, member_id=member_id,
                                             sector_id=sector_id)
    return attachment(data, filename, DOCX if fmt == "docx" else XLSX)
