"""指导事项 for a city's office: the items it issued with each county's progress, the form to
issue one (with an optional attachment, checked by its content), an item's page with every
county's answer, and reminding the counties not done. The leadership reads the same pages
without controls; a county (which has no counties) may not issue; the services refuse a
forged post all the same."""

from litestar import Request, Response, get, post
from litestar.response import Template
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE

from liaison.authz.objects import Act
from liaison.console.forms import FORM, Form, attempt
from liaison.console.guidance_files import TOO_LARGE_HANDLERS, upload_of
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.guidance import service, views
from liaison.guidance.attachments import MAX_BYTES, AttachmentRefused
from liaison.guidance.service import ITEM_KIND, NewItem
from liaison.models import Tenant
from liaison.models.guidance import GUIDANCE_KIND_LABELS, TARGET_STATE_LABELS, GuidanceKind
from liaison.tenancy.clock import today_in
from liaison.web.guidance_files import MAX_BODY

PAGE = 30
# The services' field names → the inputs of the form.
INPUTS = {"title": "title", "body": "body", "kind": "kind", "dueOn": "due_on",
          "countyCodes": "counties", "file": "file", "attachmentId": "file"}


def on_form(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        shown.setdefault(INPUTS.get(key, FORM), []).extend(messages)
    return shown


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *, after: str | None = None,
                    errors: dict | None = None, form: dict | None = None,
                    chosen: list[str] | None = None, status: int = 200) -> Template:
    listed = await service.list_items(ctx, tenant, first=PAGE, after=after)
    rows = await views.item_views(ctx, listed.items)
    can_issue = await service.may_issue(ctx, tenant)
    below = [t for t in await service.counties(ctx, tenant) if t.parent_id == tenant.id] \
        if can_issue else []
    return page("guidance.html", status=status, viewer=who, tenant=tenant,
                own=tenant.id == who.tenant.id, rows=rows, can_issue=can_issue,
                can_remind=can_issue, counties=below, kinds=GUIDANCE_KIND_LABELS,
                states=TARGET_STATE_LABELS, errors=errors or {}, form=form or {},
                chosen=set(chosen if chosen is not None else [t.code for t in below]),
                today=today_in(tenant.timezone).isoformat(), max_mb=MAX_BYTES // 1024 // 1024,
                next_after=listed.cursors[-1] if listed.has_next else None)


@get("/t/{code:str}/guidance")
async def guidance_list(request: Request, code: str, after: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await list_page(ctx, who, tenant, after=after)


def _new_item(form: Form, errors: dict) -> NewItem:
    kind = form.text("kind")
    if kind not in set(GuidanceKind):
        errors.setdefault("kind", []).append("请选择类型")
    due_on = form.date("due_on", errors, "办理期限") if form.text("due_on") else None
    return NewItem(kind=GuidanceKind(kind) if kind in set(GuidanceKind) else GuidanceKind.notice,
                   title=form.text("title"), body=form.text("body"), due_on=due_on,
                   county_codes=form.all("counties"))


@post("/t/{code:str}/guidance", request_max_body_size=MAX_BODY,
      exception_handlers=TOO_LARGE_HANDLERS)
async def guidance_issue(request: Request, code: str) -> Response:
    form = await Form.read(request)
    errors: dict[str, list[str]] = {}
    new, status = _new_item(form, errors), 400
    try:
        new.upload = await upload_of(request)
    except AttachmentRefused as refused:
        errors["file"], status = [refused.message], HTTP_413_REQUEST_ENTITY_TOO_LARGE
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)  # issued from one's own tenant only
        item = None
        if not errors:
            item, errors = await attempt(ctx, lambda: service.issue(ctx, new))
            errors = on_form(errors)
        if item is None:
            return await list_page(ctx, who, tenant, errors=errors, form=form.values,
                                   chosen=form.all("counties"), status=status)
    return see_other(f"/t/{tenant.code}/guidance/{item.id}")


@get("/t/{code:str}/guidance/matrix")
async def guidance_matrix(request: Request, code: str, reminded: int | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        shown = await views.matrix(ctx, tenant)
        can_remind = await service.may_issue(ctx, tenant)
    return page("guidance_matrix.html", viewer=who, tenant=tenant, matrix=shown,
                own=tenant.id == who.tenant.id, can_remind=can_remind, reminded=reminded,
                kinds=GUIDANCE_KIND_LABELS, states=TARGET_STATE_LABELS)


async def item_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, item_id: str, *,
                    errors: dict | None = None, reminded: int | None = None,
                    status: int = 200) -> Template:
    item = await service.access_item(ctx, parse_id(item_id, ITEM_KIND), tenant=tenant)
    view = await views.item_view(ctx, item)
    return page("guidance_item.html", status=status, viewer=who, tenant=tenant, view=view,
                target=None, own=tenant.id == who.tenant.id,
                can_remind=await service.may_issue(ctx, tenant) and view.laggards > 0,
                kinds=GUIDANCE_KIND_LABELS, states=TARGET_STATE_LABELS, errors=errors or {},
                form={}, reminded=reminded)


@get("/t/{code:str}/guidance/{item_id:str}")
async def guidance_item(request: Request, code: str, item_id: str,
                        reminded: int | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await item_page(ctx, who, tenant, item_id, reminded=reminded)


@post("/t/{code:str}/guidance/{item_id:str}/remind")
async def guidance_remind(request: Request, code: str, item_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        item = await service.access_item(ctx, parse_id(item_id, ITEM_KIND), Act.manage,
                                         tenant=tenant)
        reminded, errors = await attempt(ctx, lambda: service.remind(ctx, item.id))
        if errors:
            return await item_page(ctx, who, tenant, item_id, errors={FORM: [
                m for ms in errors.values() for m in ms]}, status=400)
    back = "matrix" if form.text("back") == "matrix" else str(item.id)
    return see_other(f"/t/{tenant.code}/guidance/{back}?reminded={len(reminded)}")
