"""上级指导 for a county's office: the items sent to it (newest first, overdue and reminded ones
marked), an item's page with its file, and one post each to mark it read, answer it (text and
an optional attachment; again until it is done) and mark it done. The city above reads these
pages without controls; answering for the county is refused by the service."""

from litestar import Request, Response, get, post
from litestar.response import Template
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE

from liaison.authz.objects import Act
from liaison.console.forms import FORM, Form, attempt
from liaison.console.guidance_files import TOO_LARGE_HANDLERS, upload_of
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.guidance import answers, service, views
from liaison.guidance.attachments import MAX_BYTES, AttachmentRefused
from liaison.guidance.service import TARGET_KIND, may
from liaison.models import Tenant
from liaison.models.guidance import GUIDANCE_KIND_LABELS, TARGET_STATE_LABELS, TargetState
from liaison.web.guidance_files import MAX_BODY

PAGE = 30
INPUTS = {"text": "text", "file": "file", "attachmentId": "file"}


@get("/t/{code:str}/inbox")
async def guidance_inbox(request: Request, code: str, after: str | None = None) -> Template:
    state = request.query_params.get("state")  # a name Litestar keeps for itself
    chosen = TargetState(state) if state in set(TargetState) else None
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        listed = await service.inbox(ctx, tenant, chosen, first=PAGE, after=after)
        rows = await views.target_views(ctx, listed.items)
    return page("guidance_inbox.html", viewer=who, tenant=tenant, rows=rows,
                own=tenant.id == who.tenant.id, state=chosen, kinds=GUIDANCE_KIND_LABELS,
                states=TARGET_STATE_LABELS,
                next_after=listed.cursors[-1] if listed.has_next else None)


async def target_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, target_id: str, *,
                      errors: dict | None = None, form: dict | None = None,
                      status: int = 200) -> Template:
    target = await service.access_target(ctx, parse_id(target_id, TARGET_KIND), tenant=tenant)
    view = await views.target_view(ctx, target)
    principal = ctx.require_principal()
    can_answer = tenant.id == principal.tenant_id and may(principal, tenant, Act.answer)
    return page("guidance_item.html", status=status, viewer=who, tenant=tenant, view=None,
                target=view, own=tenant.id == who.tenant.id, can_answer=can_answer,
                kinds=GUIDANCE_KIND_LABELS, states=TARGET_STATE_LABELS, errors=errors or {},
                form=form or {}, max_mb=MAX_BYTES // 1024 // 1024)


@get("/t/{code:str}/inbox/{target_id:str}")
async def guidance_received(request: Request, code: str, target_id: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await target_page(ctx, who, tenant, target_id)


def _shown(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        shown.setdefault(INPUTS.get(key, FORM), []).extend(messages)
    return shown


async def _move(request: Request, code: str, target_id: str, call, form: Form,
                errors: dict | None = None, status: int = 400) -> Response:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        target = await service.access_target(ctx, parse_id(target_id, TARGET_KIND), Act.answer,
                                             tenant=tenant)
        if not errors:
            _, errors = await attempt(ctx, lambda: call(ctx, target.id))
        if errors:
            return await target_page(ctx, who, tenant, target_id, errors=_shown(errors),
                                     form=form.values, status=status)
    return see_other(f"/t/{tenant.code}/inbox/{target.id}")


@post("/t/{code:str}/inbox/{target_id:str}/read")
async def guidance_mark_read(request: Request, code: str, target_id: str) -> Response:
    return await _move(request, code, target_id, answers.mark_read, await Form.read(request))


@post("/t/{code:str}/inbox/{target_id:str}/done")
async def guidance_mark_done(request: Request, code: str, target_id: str) -> Response:
    return await _move(request, code, target_id, answers.finish, await Form.read(request))


@post("/t/{code:str}/inbox/{target_id:str}/answer", request_max_body_size=MAX_BODY,
      exception_handlers=TOO_LARGE_HANDLERS)
async def guidance_answer(request: Request, code: str, target_id: str) -> Response:
    form = await Form.read(request)
    errors: dict[str, list[str]] = {}
    upload, status = None, 400
    try:
        upload = await upload_of(request)
    except AttachmentRefused as refused:
        errors["file"], status = [refused.message], HTTP_413_REQUEST_ENTITY_TOO_LARGE

    async def call(ctx: ServiceContext, target_id):
        return await answers.answer(ctx, target_id, form.text("text"), upload=upload)

    return await _move(request, code, target_id, call, form, errors, status)
