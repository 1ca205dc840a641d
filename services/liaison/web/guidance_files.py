"""Guidance attachments over HTTP with a bearer token (the console has its own routes with its
session, console/guidance_files.py):

``POST /files/guidance/attachments`` (multipart, field ``file``; at most 10 MB, checked while
  reading): 201 ``{"id", "filename", "contentType", "size"}``, then give the id to
  ``issueGuidance`` or ``answerGuidance``; 413 ``TOO_LARGE``, 415 ``UNSUPPORTED_TYPE`` (not a
  .docx, .xlsx or .pdf by its content), 400 ``EMPTY``; a refused file stores nothing.
``GET /files/guidance/items/{id}/attachment`` the item's file (the issuing city);
``GET /files/guidance/targets/{id}/attachment`` the file as a county received it;
``GET /files/guidance/targets/{id}/answer-attachment`` the county's answer file.
What the caller may not read is a 404.
"""

import re
import uuid
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.status_codes import (
    HTTP_201_CREATED,
    HTTP_400_BAD_REQUEST,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
)

from liaison.errors import NotFound
from liaison.guidance import attachments, files
from liaison.guidance.attachments import MAX_BYTES, AttachmentRefused
from liaison.models import Attachment
from liaison.web.scope import HttpError, service_context

# The multipart envelope around a 10 MB file (boundaries, headers, the CSRF field).
MAX_BODY = MAX_BYTES + 256 * 1024
STATUS = {"TOO_LARGE": (HTTP_413_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE"),
          "TYPE": (HTTP_415_UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_TYPE"),
          "EMPTY": (HTTP_400_BAD_REQUEST, "EMPTY")}
TOO_LARGE = f"文件超过 {MAX_BYTES // (1024 * 1024)} MB"


def download(row: Attachment) -> Response:
    """The stored bytes with the type their content was found to be; the name as an RFC 6266
    ``filename*`` (UTF-8) beside a plain ASCII fallback, nothing a header could be broken by."""
    ext = row.filename.rpartition(".")[2]
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", row.filename.rpartition(".")[0])[:60]
    fallback = f"{fallback.strip('._') or 'attachment'}.{ext}"
    return Response(row.data, media_type=row.content_type, headers={
        "content-disposition": f"attachment; filename=\"{fallback}\"; "
                               f"filename*=UTF-8''{quote(row.filename, safe='')}",
        "x-content-type-options": "nosniff", "cache-control": "private, no-store"})


async def read_upload(upload: UploadFile) -> tuple[str | None, bytes]:
    """The file's name and bytes, read no further than one byte past the limit."""
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentRefused("TOO_LARGE", TOO_LARGE)
    return upload.filename, data


def refusal(exc: AttachmentRefused) -> HttpError:
    status, code = STATUS[exc.reason]
    return HttpError(status, code, exc.message)


@post("/files/guidance/attachments", request_max_body_size=MAX_BODY, status_code=201)
async def upload_attachment(request: Request) -> Response:
    try:
        form = await request.form()
    except RequestEntityTooLarge as exc:
        raise HttpError(HTTP_413_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE", TOO_LARGE) from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HttpError(HTTP_400_BAD_REQUEST, "EMPTY", "没有上传文件（字段名 file）")
    try:
        name, data = await read_upload(upload)
        async with service_context(request) as ctx:
            row = await attachments.store(ctx, name, data)
    except AttachmentRefused as exc:
        raise refusal(exc) from exc
    return Response({"id": str(row.id), "filename": row.filename,
                     "contentType": row.content_type, "size": row.size},
                    status_code=HTTP_201_CREATED)


def _id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(files.KIND, value[:40]) from None


@get("/files/guidance/items/{item_id:str}/attachment")
async def item_attachment(request: Request, item_id: str) -> Response:
    async with service_context(request) as ctx:
        row = await files.item_file(ctx, _id(item_id))
    return download(row)


@get("/files/guidance/targets/{target_id:str}/attachment")
async def target_attachment(request: Request, target_id: str) -> Response:
    async with service_context(request) as ctx:
        row = await files.target_file(ctx, _id(target_id))
    return download(row)


@get("/files/guidance/targets/{target_id:str}/answer-attachment")
async def answer_attachment(request: Request, target_id: str) -> Response:
    async with service_context(request) as ctx:
        row = await files.target_file(ctx, _id(target_id), answer=True)
    return download(row)
