"""我的意见建议, phone first: the opinions a member brought, each with its progress (a step
per state), its outcome and reply, and the feedback form when it is theirs to give (the
reply is in, or the opinion was not adopted). Registering one is in opinion_forms.py."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.contacts import my_member
from liaison.console.forms import Form, attempt
from liaison.console.opinion_moves import feedback_values, on_form
from liaison.console.opinions import FEEDBACK_WAYS, allowed_moves, next_step
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Member, Opinion, Tenant
from liaison.models.opinions import OUTCOME_LABELS, STATE_LABELS, OpinionState
from liaison.opinions import board
from liaison.opinions import service as opinions
from liaison.opinions.listing import OpinionFilter
from liaison.opinions.rules import Move
from liaison.tenancy import clock
from liaison.validation import small_int

PAGE = 20
STEPS = list(OpinionState)


async def my_opinion(ctx: ServiceContext, member: Member, opinion_id: str) -> Opinion:
    """One of the member's own opinions; anyone else's is not found here."""
    opinion = await opinions.access_opinion(ctx, parse_id(opinion_id, "意见建议"))
    if opinion.member_id != member.id:
        raise NotFound("意见建议", opinion_id)
    return opinion


async def list_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, member: Member, *,
                    after: str | None = None, notice: str | None = None,
                    acting: str | None = None, errors: dict | None = None,
                    form: dict | None = None, status: int = 200) -> Template:
    found = await board.board(ctx, tenant, OpinionFilter(member_id=member.id), first=PAGE,
                              after=after or None)
    feedback = {o.id for o in found.items if Move.feedback in allowed_moves(ctx, tenant, o)}
    categories = {c.id: c.name for c in await opinions.categories(ctx, tenant)}
    return page("my_opinions.html", status=status, viewer=who, tenant=tenant, member=member,
                rows=found.items, feedback=feedback, categories=categories, steps=STEPS,
                states=STATE_LABELS, outcomes=OUTCOME_LABELS, next_step=next_step,
                ways=FEEDBACK_WAYS, notice=notice, acting=acting, errors=errors or {},
                form=form or {}, today_text=clock.today_in(tenant.timezone).isoformat(),
                feedback_by=member.name,
                next_cursor=found.cursors[-1] if found.has_next else None, member_page=True)


@get("/me/opinions")
async def my_opinions(request: Request, after: str | None = None, saved: str | None = None,
                      fed: str | None = None) -> Template:
    notice = None
    if small_int(saved) is not None:
        notice = f"已登记 {small_int(saved)} 件意见建议，委员联络办将尽快交办。"
    elif fed:
        notice = "已记录反馈，谢谢！"
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        return await list_page(ctx, who, tenant, member, after=after, notice=notice)


@post("/me/opinions/{opinion_id:str}/feedback")
async def my_feedback(request: Request, opinion_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        opinion = await my_opinion(ctx, member, opinion_id)
        errors: dict[str, list[str]] = {}
        values = feedback_values(form, errors)
        if not errors:
            _, errors = await attempt(ctx, lambda: opinions.move(
                ctx, opinion.id, Move.feedback, values))
        if errors:
            await ctx.session.refresh(opinion)
            return await list_page(ctx, who, tenant, member, acting=str(opinion.id),
                                   errors=on_form(errors, "feedback"), form=form.values,
                                   status=400)
    return see_other("/me/opinions?fed=1")
