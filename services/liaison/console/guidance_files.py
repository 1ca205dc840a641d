"""Guidance files in the console (the session cookie in place of a bearer token): reading the
upload of a form (10 MB at most, read no further than a byte past it), the page for a body
past the route's limit, and the downloads of an item's, a copy's and an answer's file."""

from litestar import Request, Response, get
from litestar.datastructures import UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE

from liaison.console.session import console_context
from liaison.console.views import error_page, parse_id, readable_tenant
from liaison.guidance import files
from liaison.guidance.service import ITEM_KIND, TARGET_KIND
from liaison.web.guidance_files import TOO_LARGE, download, read_upload


async def upload_of(request: Request) -> tuple[str | None, bytes] | None:
    """The form's file (field ``file``), or None when none was chosen; AttachmentRefused
    (TOO_LARGE) past 10 MB."""
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile):
        return None
    name, data = await read_upload(upload)
    return None if not data and not name else (name, data)


def too_large_page(request: Request, exc: Exception) -> Response:
    """A body past the route's limit is refused before the form is read: nothing changed."""
    return error_page(HTTP_413_REQUEST_ENTITY_TOO_LARGE, "文件过大",
                      f"{TOO_LARGE}，未做任何修改。请返回重新选择文件。")


TOO_LARGE_HANDLERS = {RequestEntityTooLarge: too_large_page}


@get("/t/{code:str}/guidance/{item_id:str}/attachment")
async def item_attachment(request: Request, code: str, item_id: str) -> Response:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        row = await files.item_file(ctx, parse_id(item_id, ITEM_KIND), tenant=tenant)
    return download(row)


@get("/t/{code:str}/inbox/{target_id:str}/attachment")
async def target_attachment(request: Request, code: str, target_id: str) -> Response:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        row = await files.target_file(ctx, parse_id(target_id, TARGET_KIND), tenant=tenant)
    return download(row)


@get("/t/{code:str}/inbox/{target_id:str}/answer-attachment")
async def answer_attachment(request: Request, code: str, target_id: str) -> Response:
    async with console_context(request) as ctx:
        tenant = await readable_tenant(ctx, code)
        row = await files.target_file(ctx, parse_id(target_id, TARGET_KIND), answer=True,
                                      tenant=tenant)
    return download(row)
