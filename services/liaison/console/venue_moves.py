"""The forms of a reception day's page, one post each: record it held (how long, notes), add
or remove a visitor, approve or reject a swap, pick a member for a declined duty; and, while
it is planned, move it, cancel it (a reason) or set its members. Each is one service call in
a savepoint: a refusal (a conflict named, a state that does not allow it) changes nothing and
comes back on the form that was sent."""

import re
import uuid

from litestar import Request, Response, post

from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.session_forms import clock_time
from liaison.console.session_page import detail_page
from liaison.console.venues import calendar_path
from liaison.console.views import parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.venues import calendar, checks, duties, records, rota
from liaison.venues.access import access_session

# The inputs of each form; a refusal naming anything else is shown above the form.
INPUTS = {"record": {"minutes", "notes"},
          "visitor": {"name", "phone", "category", "constituent", "unnamed_count", "raised",
                      "opinion_category"},
          "remove-visitor": set(), "approve-swap": set(), "reject-swap": set(),
          "replace": {"member"}, "move": {"on", "starts", "ends"}, "cancel": {"reason"},
          "members": {"members"}}
# The services' field names (as GraphQL's) → the inputs of these forms.
SERVICE_FIELDS = {"unnamedCount": "unnamed_count", "opinionCategoryId": "opinion_category",
                  "memberId": "member", "constituentId": "constituent", "add": "members",
                  "remove": "members"}
DONE = {"record": "held", "visitor": "visitor", "remove-visitor": "removed",
        "approve-swap": "approved", "reject-swap": "rejected", "replace": "replaced",
        "move": "moved", "members": "members"}


def on_form(errors: dict[str, list[str]], action: str) -> dict[str, list[str]]:
    """Per input of the form ``action``; a conflict's rows (one message each) above it."""
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = SERVICE_FIELDS.get(key, key)
        name = name if name in INPUTS[action] else FORM
        for message in messages:
            shown.setdefault(name, []).extend(
                message.split("；") if name == FORM else [message])
    return shown


def whole(form: Form, name: str, label: str, errors: dict) -> int | None:
    """An optional whole number from the form (errors: what is not one)."""
    value = form.text(name)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", value):
        errors.setdefault(name, []).append(f"{label}须为整数")
        return None
    return int(value)


def visitor_input(form: Form, errors: dict) -> records.VisitorInput:
    return records.VisitorInput(
        name=form.text("name"), phone=form.text("phone"), category=form.text("category"),
        constituent_id=form.uuid("constituent"),
        unnamed_count=whole(form, "unnamed_count", "人数", errors),
        raised=form.values.get("raised"), opinion_category_id=form.uuid("opinion_category"))


def duty_of(form: Form) -> uuid.UUID:
    return parse_id(form.text("duty") or "", "值班")


def call_for(ctx: ServiceContext, session_id: uuid.UUID, action: str, form: Form,
             errors: dict):
    """The service call the form ``action`` makes (None: refused before asking)."""
    if action == "record":
        minutes = whole(form, "minutes", "接待时长", errors)
        return None if errors else (lambda: records.record_held(
            ctx, session_id, minutes, form.values.get("notes")))
    if action == "visitor":
        data = visitor_input(form, errors)
        return None if errors else (lambda: records.add_visitor(ctx, session_id, data))
    if action in ("move", "cancel", "members"):
        return rota_call(ctx, session_id, action, form, errors)
    if action == "remove-visitor":
        visitor = parse_id(form.text("visitor") or "", "来访记录")
        return lambda: records.remove_visitor(ctx, visitor)
    duty = duty_of(form)
    if action == "approve-swap":
        return lambda: duties.approve_swap(ctx, duty)
    if action == "reject-swap":
        return lambda: duties.reject_swap(ctx, duty)
    if form.uuid("member") is None:
        errors.setdefault("member", []).append("请选择委员")
        return None
    return lambda: duties.replace_member(ctx, duty, form.uuid("member"))


def rota_call(ctx: ServiceContext, session_id: uuid.UUID, action: str, form: Form,
              errors: dict):
    if action == "cancel":
        return lambda: rota.cancel_session(ctx, session_id, form.values.get("reason"))
    if action == "move":
        on = form.date("on", errors, "日期")
        starts = clock_time(form, "starts", "开始时间", errors)
        ends = clock_time(form, "ends", "结束时间", errors)
        return None if errors else (lambda: rota.move_session(ctx, session_id, on, starts,
                                                              ends))
    chosen = list(dict.fromkeys(parse_id(v, "委员") for v in form.all("members")))

    async def change():
        _, entry = await calendar.session_entry(ctx, session_id)
        current = [d.member_id for d in entry.duties]
        return await rota.set_session_members(
            ctx, session_id, [m for m in chosen if m not in current],
            [m for m in current if m not in chosen])
    return change


def acting_for(action: str, form: Form, errors: dict) -> str:
    if action == "replace":
        return f"replace-{form.text('duty')}"
    if action in ("record", "visitor", "move", "cancel", "members"):
        return action
    return "form"


@post("/t/{code:str}/sessions/{session_id:str}/{action:str}")
async def session_action(request: Request, code: str, session_id: str,
                         action: str) -> Response:
    if action not in INPUTS:
        raise NotFound("页面", action)
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        row = await access_session(ctx, parse_id(session_id, "接待日"), tenant=tenant)
        if tenant.id != who.tenant.id:
            raise NotFound("接待日", session_id)  # kept by its own tenant only
        errors: dict[str, list[str]] = {}
        call = call_for(ctx, row.id, action, form, errors)
        if call is not None:
            _, errors = await attempt(ctx, call)
        if errors:
            await ctx.session.refresh(row)
            return await detail_page(ctx, who, tenant, row.id, status=400,
                                     acting=acting_for(action, form, errors),
                                     errors=on_form(errors, action), form=form.values,
                                     lists=form.lists)
    if action == "cancel":
        month = row.starts_at.astimezone(checks.zone(tenant)).strftime("%Y-%m")
        return see_other(f"{calendar_path(tenant, row.venue_id, month)}&done=cancelled")
    return see_other(f"/t/{tenant.code}/sessions/{row.id}?done={DONE[action]}")
