"""Imports in the console: the templates (the same bytes as /files/templates/*, with the
cookie session) and uploads, all or nothing, with the refusal row by row."""

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from liaison.console.session import console_context
from liaison.console.views import page, readable_tenant, viewer
from liaison.errors import Forbidden, NotFound
from liaison.imports import contacts as contact_imports
from liaison.imports import forms as form_imports
from liaison.imports import members as member_imports
from liaison.imports.reader import ImportFileError
from liaison.web.files import MAX_FORMS_UPLOAD, MAX_UPLOAD, TEMPLATES, template_file

KINDS = {
    "members": ("委员", member_imports.import_members),
    "pairings": ("结对联系对象", member_imports.import_pairings),
    "contacts": ("联系服务记录", contact_imports.import_contacts),
    # filled Form 1 / Form 2 (.docx, .xlsx, or a .zip of them): several files at once
    "forms": ("结对或联系服务记录（信息表、登记表）", form_imports.import_forms),
}


def imports_page(who, tenant, *, status: int = 200, **outcome) -> Template:
    return page("imports.html", status=status, viewer=who, tenant=tenant,
                kinds={k: label for k, (label, _) in KINDS.items()}, **outcome)


@get("/t/{code:str}/imports")
async def imports_home(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)  # imports write into one's own tenant only
    if not who.manages_all:
        raise Forbidden("只有本级委员联络办可以导入")
    return imports_page(who, tenant)


@get("/t/{code:str}/imports/templates/{name:str}")
async def import_template(request: Request, code: str, name: str) -> Response:
    kind, _, ext = name.partition(".")
    if kind not in TEMPLATES or ext != "xlsx":
        raise NotFound("模板", name)
    async with console_context(request) as ctx:
        await readable_tenant(ctx, code)
    return template_file(kind)


@post("/t/{code:str}/imports/{kind:str}", request_max_body_size=MAX_FORMS_UPLOAD + 256 * 1024)
async def import_upload(request: Request, code: str, kind: str) -> Response:
    if kind not in KINDS:
        raise NotFound("导入类型", kind)
    label, run = KINDS[kind]
    form = await request.form()
    uploads = [v for v in form.values() if isinstance(v, UploadFile)][
        :None if kind == "forms" else 1]
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)
        if not uploads:
            return imports_page(who, tenant, status=400, kind=kind, problem="请选择要上传的文件")
        files, total = [], 0
        for upload in uploads:
            content = await upload.read(MAX_UPLOAD + 1)
            total += len(content)
            if len(content) > MAX_UPLOAD or total > MAX_FORMS_UPLOAD:
                return imports_page(who, tenant, status=413, kind=kind,
                                    problem=f"文件超过 {MAX_UPLOAD // (1024 * 1024)} MB"
                                    "（合计不超过 20 MB），请分批导入")
            files.append((upload.filename or "表格", content))
        savepoint = await ctx.session.begin_nested()
        try:
            report = await run(ctx, files if kind == "forms" else files[0][1])
        except ImportFileError as exc:
            await savepoint.rollback()
            return imports_page(who, tenant, status=400, kind=kind, problem=exc.message)
        if not report.ok:
            await savepoint.rollback()
            return imports_page(who, tenant, status=422, kind=kind, errors=report.errors,
                                problem="整个文件未导入，请修改后重新上传")
        await savepoint.commit()
    return imports_page(who, tenant, kind=kind, created=report.created, label=label)
