"""我的值班, phone first: a member's upcoming reception-day duties (venue, day and time,
theme, where, who else is on duty), each with what they may still do while the session is
planned and not started: confirm, ask for leave with a reason (the venue's staff are told
and pick someone else), or ask to swap with another member (the staff approve). One post
per action, a service call in a savepoint: a refusal changes nothing and comes back on the
card it was sent from."""

import uuid

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.contacts import my_member
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Member, Tenant
from liaison.models.venues import (
    DUTY_STATUS_LABELS,
    SESSION_STATUS_LABELS,
    DutyStatus,
    SessionStatus,
)
from liaison.tenancy import clock
from liaison.venues import calendar, colleagues, duties, feed_tokens

ACTIONS = {"confirm", "decline", "swap"}
INPUTS = {"confirm": set(), "decline": {"reason"}, "swap": {"member"}}
SERVICE_FIELDS = {"memberId": "member"}
NOTICES = {"confirm": "已确认值班，谢谢！", "decline": "已请假，工作人员会另行安排。",
           "swap": "已提交换班申请，等待工作人员审批。",
           "feed-revoked": "已停用日历订阅地址，旧地址不再更新。",
           "feed-none": "您还没有日历订阅地址。"}


def on_form(errors: dict[str, list[str]], action: str) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = SERVICE_FIELDS.get(key, key)
        shown.setdefault(name if name in INPUTS[action] else FORM, []).extend(messages)
    return shown


def open_for_changes(view: duties.DutyView) -> bool:
    """Whether the member may still confirm, decline or swap (the service decides again)."""
    return view.session.status == SessionStatus.planned \
        and view.session.starts_at > clock.now()


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member, *,
                    notice: str | None = None, acting: str | None = None,
                    errors: dict | None = None, form: dict | None = None,
                    feed_url: str | None = None, status: int = 200) -> Template:
    found = await duties.upcoming_duties(ctx, member.id)
    others: dict[uuid.UUID, list[str]] = {}
    for view in found:
        _, entry = await calendar.session_entry(ctx, view.session.id, tenant=tenant)
        others[view.duty.id] = [d.name for d in entry.duties if d.member_id != member.id
                                and d.status != DutyStatus.declined]
    candidates = await colleagues.swap_candidates(ctx)
    listed = {f"{v.duty.id}-{a}" for v in found for a in ACTIONS}
    return page("my_duties.html", status=status, viewer=who, tenant=tenant, member=member,
                rows=found, others=others, open_for_changes=open_for_changes,
                candidates=candidates, names=dict(candidates), notice=notice, acting=acting,
                errors=errors or {}, form=form or {},
                loose=(errors or {}) if acting not in listed else {},
                duty_labels=DUTY_STATUS_LABELS, statuses=SESSION_STATUS_LABELS,
                feed_url=feed_url, member_page=True)


@get("/me/duties")
async def my_duties(request: Request, done: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        return await list_page(ctx, who, tenant, member, notice=NOTICES.get(done or ""))


def call_for(ctx: ServiceContext, duty_id: uuid.UUID, action: str, form: Form):
    if action == "confirm":
        return lambda: duties.confirm_duty(ctx, duty_id)
    if action == "decline":
        return lambda: duties.decline_duty(ctx, duty_id, form.values.get("reason", ""))
    chosen = form.uuid("member") or uuid.UUID(int=0)
    return lambda: duties.request_swap(ctx, duty_id, chosen)


@post("/me/duties/{duty_id:str}/{action:str}")
async def duty_action(request: Request, duty_id: str, action: str) -> Response:
    if action not in ACTIONS:
        raise NotFound("页面", action)
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        duty = parse_id(duty_id, "值班")
        if action == "swap" and form.uuid("member") is None:
            errors = {"member": ["请选择换班的委员"]}
        else:
            _, errors = await attempt(ctx, call_for(ctx, duty, action, form))
        if errors:
            return await list_page(ctx, who, tenant, member, acting=f"{duty}-{action}",
                                   errors=on_form(errors, action), form=form.values,
                                   status=400)
    return see_other(f"/me/duties?done={action}")


@post("/me/duties/feed")
async def make_feed(request: Request) -> Template:
    """A private calendar URL of the member's duties, shown this once (the previous one
    stops working); answered as a page, never a redirect, so it is in no address bar."""
    await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        made = await feed_tokens.create_token(ctx)
        url = str(request.base_url).rstrip("/") + made.path
        return await list_page(ctx, who, tenant, member, feed_url=url,
                               notice="已生成日历订阅地址，请复制到手机日历中订阅。")


@post("/me/duties/feed/revoke")
async def revoke_feed(request: Request) -> Response:
    await Form.read(request)
    async with console_context(request) as ctx:
        await my_member(ctx)
        try:
            await feed_tokens.revoke_token(ctx)
        except NotFound:
            return see_other("/me/duties?done=feed-none")
    return see_other("/me/duties?done=feed-revoked")
