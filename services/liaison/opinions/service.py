"""Opinions (意见建议): register, handle through the state machine (rules.py), read.

The office manages every opinion of its tenant; a committee account handles those assigned
to its committee (outcome, reply, feedback, close, hand back); an integration key records
outcomes, adoption and replies; a member registers their own and feeds back to the people;
a convenor reads their sector's; a city's office, leadership and committees read their
counties' (and may add guidance notes, notes.py). Every move writes an ``opinion_event``
and an audit row; bad input and illegal moves write nothing.
"""

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import date

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import OPINION, clean_texts
from liaison.models import (
    Constituent,
    Contact,
    Member,
    Opinion,
    OpinionCategory,
    OpinionEvent,
    OpinionPerson,
    Sector,
)
from liaison.models.opinions import OpinionState, OutcomeKind, Urgency
from liaison.models.tenant import Tenant
from liaison.opinions import checks, events, groups, listing, queries
from liaison.opinions.errors import IllegalTransition
from liaison.opinions.rules import (
    COMMITTEE_MOVES,
    GROUP_MOVES,
    INTEGRATION_MOVES,
    MEMBER_MOVES,
    TARGET,
    Move,
    next_state,
)
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant

KIND = "意见建议"
FORBIDDEN = {Move.assign: "只有委员联络办可以交办", Move.reopen: "只有委员联络办可以重新办理",
             Move.hand_back: "只有承办的专门委员会可以退回"}
CLEARED_ON_OUTCOME = ("proposal_year", "proposal_number", "outcome_title", "sent_to",
                      "department", "rejection_reason", "reply_from", "replied_on",
                      "reply_text", "feedback_how", "feedback_on", "feedback_by", "satisfied",
                      "feedback_note", "adopted_on", "instruction")


@dataclass
class NewOpinion:
    title: str
    content: str
    category_id: uuid.UUID
    raised_on: date
    urgency: Urgency = Urgency.normal
    member_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    sector_id: uuid.UUID | None = None
    constituent_ids: list[uuid.UUID] = field(default_factory=list)
    unnamed_count: int | None = None


def _problems(values: dict) -> tuple[dict, list[FieldProblem]]:
    return clean_texts(values, OPINION)


async def categories(ctx: ServiceContext, tenant: Tenant) -> list[OpinionCategory]:
    """The tenant's categories (seeded with the usual ones in one's own tenant)."""
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    return await queries.categories(ctx.session, tenant.id,
                                    seed=tenant.id == ctx.require_principal().tenant_id)


async def _exists(ctx: ServiceContext, model, tenant_id: uuid.UUID, row_id) -> object | None:
    return None if row_id is None else await ctx.session.get(model, (tenant_id, row_id))


async def register(ctx: ServiceContext, new: NewOpinion) -> Opinion:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    scope = policies.opinion_scope(principal, tenant, Act.manage)
    if not scope.everyone:
        if scope.member_id is None or not principal.member_serving:
            raise Forbidden("只有委员联络办或委员本人可以登记意见建议")
        if new.member_id not in (None, scope.member_id):
            raise Forbidden("委员只能登记自己收集的意见建议")
        new.member_id = scope.member_id
    return await write_opinion(ctx, tenant, new)


async def write_opinion(ctx: ServiceContext, tenant: Tenant, new: NewOpinion) -> Opinion:
    """``register`` once the caller's right to register it was checked elsewhere (what a
    visitor raised at a reception day, recorded by the venue's staff): the same checks,
    history and audit."""
    await queries.categories(ctx.session, tenant.id, seed=True)
    values, problems = _problems({"title": new.title, "content": new.content})
    checks.required(values, ("title", "content"), problems)
    if await _exists(ctx, OpinionCategory, tenant.id, new.category_id) is None:
        problems.append(FieldProblem("categoryId", "未知的意见建议类别"))
    member = await _exists(ctx, Member, tenant.id, new.member_id)
    if new.member_id is not None and member is None:
        problems.append(FieldProblem("memberId", "找不到该委员"))
    if new.contact_id is not None and await _exists(ctx, Contact, tenant.id,
                                                    new.contact_id) is None:
        problems.append(FieldProblem("contactId", "找不到该联系记录"))
    sector_id = new.sector_id or (member.sector_id if member else None)
    if new.sector_id is not None and await _exists(ctx, Sector, tenant.id, sector_id) is None:
        problems.append(FieldProblem("sectorId", "找不到该界别"))
    for cid in new.constituent_ids:
        if await _exists(ctx, Constituent, tenant.id, cid) is None:
            problems.append(FieldProblem("constituentIds", f"找不到联系对象：{cid}"))
    if new.unnamed_count is not None and not 1 <= new.unnamed_count <= 10_000:
        problems.append(FieldProblem("unnamedCount", "人数须在 1 到 10000 之间"))
    if not new.constituent_ids and new.unnamed_count is None:
        problems.append(FieldProblem("constituentIds", "请填写反映人（联系对象或人数）"))
    if new.raised_on > clock.today_in(tenant.timezone):
        problems.append(FieldProblem("raisedOn", "提出日期不能晚于今天"))
    if problems:
        raise ValidationFailed(problems)
    opinion = Opinion(tenant_id=tenant.id, id=uuid.uuid4(), title=values["title"],
                      content=values["content"], category_id=new.category_id,
                      member_id=new.member_id, contact_id=new.contact_id, sector_id=sector_id,
                      urgency=new.urgency, raised_on=new.raised_on,
                      state=OpinionState.registered)
    ctx.session.add(opinion)
    await ctx.session.flush()
    ctx.session.add_all([OpinionPerson(tenant_id=tenant.id, id=uuid.uuid4(),
                                       opinion_id=opinion.id, constituent_id=cid)
                         for cid in dict.fromkeys(new.constituent_ids)])
    if new.unnamed_count is not None:
        ctx.session.add(OpinionPerson(tenant_id=tenant.id, id=uuid.uuid4(),
                                      opinion_id=opinion.id, unnamed_count=new.unnamed_count))
    await events.record(ctx, opinion, None, None)
    await audit.record_change(ctx, "opinion_registered", opinion, None)
    return opinion


async def access_opinion(ctx: ServiceContext, opinion_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> Opinion:
    """An opinion the caller may read (NotFound otherwise); for any other ``act`` it must be
    in the caller's own tenant, and ``manage`` is the office's (Forbidden otherwise)."""
    principal = ctx.require_principal()
    opinion, tenant = await access.get_readable(ctx, Opinion, opinion_id, KIND, act=act,
                                                tenant=tenant)
    if not policies.opinion_scope(principal, tenant, Act.read).allows(opinion):
        raise NotFound(KIND, opinion_id)
    if act == Act.manage and not policies.opinion_scope(principal, tenant, act).everyone:
        raise Forbidden("只有委员联络办可以执行此操作")
    return opinion


def may_move(principal, tenant: Tenant, opinion: Opinion, step: Move) -> bool:
    """Whether the caller may make ``step`` on ``opinion`` (whatever its state): the office
    every move but handing back; the handling committee its moves; an integration the
    outcome and the reply; the member who brought it the feedback (while serving)."""
    if tenant.id != principal.tenant_id:
        return False
    if policies.opinion_scope(principal, tenant, Act.manage).everyone:
        return step is not Move.hand_back
    if step in COMMITTEE_MOVES and policies.opinion_scope(principal, tenant,
                                                          Act.handle).allows(opinion):
        return True
    if step in INTEGRATION_MOVES and policies.opinion_scope(principal, tenant,
                                                            Act.record).everyone:
        return True
    return (step in MEMBER_MOVES and principal.member_serving
            and policies.opinion_scope(principal, tenant, Act.manage).allows(opinion))


async def list_opinions(ctx: ServiceContext, tenant: Tenant, state: OpinionState | None = None,
                        *, first: int, after: str | None,
                        flt: listing.OpinionFilter | None = None) -> Page[Opinion]:
    """A page of the opinions the caller reads in ``tenant``, newest raised first."""
    flt = flt or listing.OpinionFilter()
    if state is not None:
        flt = dataclasses.replace(flt, state=state)
    return await paginate(ctx.session, listing.statement(ctx, tenant, flt),
                          [Opinion.raised_on, Opinion.id], first=first, after=after,
                          descending=True)


async def move(ctx: ServiceContext, opinion_id: uuid.UUID, step: Move, values: dict) -> Opinion:
    """One move of the state machine with its fields (``note`` goes to the history). A merged
    group's lead carries the opinions merged into it (groups.py); those cannot be moved on
    their own except for their feedback and closing."""
    principal = ctx.require_principal()
    opinion = await access_opinion(ctx, opinion_id, Act.handle)
    tenant = await own_tenant(ctx)
    if not may_move(principal, tenant, opinion, step):
        raise Forbidden(FORBIDDEN[step] if step in FORBIDDEN else "没有权限办理该意见建议")
    outcome = OutcomeKind(opinion.outcome_kind) if opinion.outcome_kind else None
    if opinion.merged_into_id is not None and step in GROUP_MOVES:
        lead = await ctx.session.get(Opinion, (tenant.id, opinion.merged_into_id))
        raise IllegalTransition(OpinionState(opinion.state), TARGET[step],
                                f"该意见建议已并入《{lead.title}》，由其统一办理")
    state = next_state(OpinionState(opinion.state), step, outcome)
    values, problems = _problems(values)
    note = values.pop("note", None)
    await checks.check_move(ctx, tenant, opinion, step, values, note, problems)
    if problems:
        raise ValidationFailed(problems)
    if step is Move.hand_back:
        values["committee_id"] = None
    group = [opinion] + (await groups.merged_into(ctx.session, opinion)
                         if step in GROUP_MOVES else [])
    for one in group:
        before, from_state = snapshot(one), OpinionState(one.state)
        if step is Move.record_outcome:
            for key in CLEARED_ON_OUTCOME:
                setattr(one, key, None)
        for key, value in values.items():
            setattr(one, key, value)
        one.state = state
        await events.record(ctx, one, from_state, note)
        await audit.record_change(ctx, f"opinion_{step.value}", one, before)
    return opinion


async def record_adoption(ctx: ServiceContext, opinion_id: uuid.UUID, adopted_on: date,
                          instruction: str | None) -> Opinion:
    """A 社情民意信息 adopted (采用) and its 批示, recorded later (office, committee,
    integration); the state does not change."""
    principal = ctx.require_principal()
    opinion = await access_opinion(ctx, opinion_id, Act.handle)
    tenant = await own_tenant(ctx)
    if not may_move(principal, tenant, opinion, Move.reply):
        raise Forbidden("没有权限记录采用情况")
    if opinion.outcome_kind != OutcomeKind.social_info:
        state = OpinionState(opinion.state)
        raise IllegalTransition(state, state, "只有转化为社情民意信息的意见建议才能记录采用情况")
    values, problems = _problems({"instruction": instruction})
    if adopted_on < (opinion.outcome_on or opinion.raised_on) \
            or adopted_on > clock.today_in(tenant.timezone):
        problems.append(FieldProblem("adoptedOn", "采用日期须在报送之后、今天之前"))
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(opinion)
    opinion.adopted_on, opinion.instruction = adopted_on, values["instruction"]
    await events.record(ctx, opinion, OpinionState(opinion.state), "记录采用情况")
    await audit.record_change(ctx, "opinion_adopted", opinion, before)
    return opinion


async def people(ctx: ServiceContext, opinion: Opinion) -> list[OpinionPerson]:
    return await queries.people(ctx.session, opinion)


async def history(ctx: ServiceContext, opinion: Opinion) -> list[OpinionEvent]:
    return await queries.history(ctx.session, opinion)
