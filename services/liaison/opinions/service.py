"""Opinions (意见建议): register, handle through the state machine (rules.py), read.

The office manages every opinion of its tenant; a committee account handles those assigned
to its committee (outcome, reply, feedback, close); a member reads their own, a convenor
their sector's; a city's office and leadership read their counties' (read-only). Every move
writes an ``opinion_event`` and an audit row; bad input and illegal moves write nothing.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import OPINION, clean_texts
from liaison.models import (
    Account,
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
from liaison.models.organisation import Committee
from liaison.models.tenant import Tenant
from liaison.opinions import queries
from liaison.opinions.rules import OFFICE_ONLY, Move, next_state
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant

KIND = "意见建议"
# The fields each outcome needs (besides its date).
OUTCOME_FIELDS = {OutcomeKind.proposal: ("proposal_number", "outcome_title"),
                  OutcomeKind.social_info: ("outcome_title", "sent_to"),
                  OutcomeKind.speech: ("outcome_title",), OutcomeKind.referred: ("department",),
                  OutcomeKind.rejected: ("rejection_reason",)}
CLEARED_ON_OUTCOME = ("proposal_year", "proposal_number", "outcome_title", "sent_to",
                      "department", "rejection_reason", "reply_from", "replied_on",
                      "reply_text", "feedback_how", "feedback_on", "feedback_by", "satisfied",
                      "feedback_note")


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


def _required(values: dict, keys, problems: list[FieldProblem]) -> None:
    for key in keys:
        if not values.get(key):
            problems.append(FieldProblem(OPINION[key].graphql_name, f"请填写{OPINION[key].label}"))


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
    if not policies.opinion_scope(principal, tenant, Act.manage).everyone:
        raise Forbidden("只有委员联络办可以登记意见建议")
    await queries.categories(ctx.session, tenant.id, seed=True)
    values, problems = _problems({"title": new.title, "content": new.content})
    _required(values, ("title", "content"), problems)
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
    await _event(ctx, opinion, None, None)
    await audit.record_change(ctx, "opinion_registered", opinion, None)
    return opinion


async def access_opinion(ctx: ServiceContext, opinion_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> Opinion:
    """An opinion the caller may read; ``manage``/``handle``: in the own tenant, and Forbidden
    where the caller reads it but may not move it."""
    principal = ctx.require_principal()
    opinion, tenant = await access.get_readable(ctx, Opinion, opinion_id, KIND, act=act,
                                                tenant=tenant)
    if not policies.opinion_scope(principal, tenant, Act.read).allows(opinion):
        raise NotFound(KIND, opinion_id)
    if act == Act.manage and not policies.opinion_scope(principal, tenant, act).everyone:
        raise Forbidden("只有委员联络办可以执行此操作")
    if act == Act.handle and not (
            policies.opinion_scope(principal, tenant, Act.manage).everyone
            or policies.opinion_scope(principal, tenant, Act.handle).allows(opinion)):
        raise Forbidden("只有委员联络办或承办的专门委员会可以办理")
    return opinion


async def list_opinions(ctx: ServiceContext, tenant: Tenant, state: OpinionState | None, *,
                        first: int, after: str | None) -> Page[Opinion]:
    scope = policies.opinion_scope(ctx.require_principal(), tenant, Act.read)
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if scope == policies.OpinionScope():
        raise Forbidden("没有权限查看意见建议")
    stmt = select(Opinion).where(Opinion.tenant_id == tenant.id, scope.condition(Opinion))
    if state is not None:
        stmt = stmt.where(Opinion.state == state)
    return await paginate(ctx.session, stmt, [Opinion.raised_on, Opinion.id], first=first,
                          after=after, descending=True)


async def _event(ctx: ServiceContext, opinion: Opinion, from_state: OpinionState | None,
                 note: str | None) -> None:
    principal = ctx.require_principal()
    account = await ctx.session.get(Account, (principal.tenant_id, principal.account_id))
    seq = await ctx.session.scalar(select(func.count()).select_from(OpinionEvent).where(
        OpinionEvent.tenant_id == opinion.tenant_id, OpinionEvent.opinion_id == opinion.id))
    ctx.session.add(OpinionEvent(
        tenant_id=opinion.tenant_id, id=uuid.uuid4(), opinion_id=opinion.id, seq=seq + 1,
        actor_id=principal.account_id, actor_name=account.display_name if account else None,
        at=clock.now(), from_state=from_state.value if from_state else None,
        to_state=OpinionState(opinion.state).value, note=note))


async def move(ctx: ServiceContext, opinion_id: uuid.UUID, step: Move, values: dict) -> Opinion:
    """One move of the state machine with its fields (``note`` goes to the history)."""
    act = Act.manage if step in OFFICE_ONLY else Act.handle
    opinion = await access_opinion(ctx, opinion_id, act)
    tenant = await own_tenant(ctx)
    outcome = OutcomeKind(opinion.outcome_kind) if opinion.outcome_kind else None
    state = next_state(OpinionState(opinion.state), step, outcome)
    values, problems = _problems(values)
    note = values.pop("note", None)
    await _check(ctx, tenant, opinion, step, values, note, problems)
    if problems:
        raise ValidationFailed(problems)
    before, from_state = snapshot(opinion), OpinionState(opinion.state)
    if step is Move.record_outcome:
        for key in CLEARED_ON_OUTCOME:
            setattr(opinion, key, None)
    for key, value in values.items():
        setattr(opinion, key, value)
    opinion.state = state
    await _event(ctx, opinion, from_state, note)
    await audit.record_change(ctx, f"opinion_{step.value}", opinion, before)
    return opinion


async def _check(ctx: ServiceContext, tenant: Tenant, opinion: Opinion, step: Move,
                 values: dict, note: str | None, problems: list[FieldProblem]) -> None:
    today = clock.today_in(tenant.timezone)
    if step is Move.assign:
        if await _exists(ctx, Committee, tenant.id, values.get("committee_id")) is None \
                and values.get("committee_id") is not None:
            problems.append(FieldProblem("committeeId", "找不到该专门委员会"))
        if values.get("due_on") is not None and values["due_on"] < opinion.raised_on:
            problems.append(FieldProblem("dueOn", "办理期限不能早于提出日期"))
    elif step is Move.record_outcome:
        kind = values["outcome_kind"]
        _required(values, OUTCOME_FIELDS[kind], problems)
        values["outcome_on"] = values.get("outcome_on") or today
        if values["outcome_on"] < opinion.raised_on:
            problems.append(FieldProblem("outcomeOn", "办理日期不能早于提出日期"))
        if kind is OutcomeKind.proposal and values.get("proposal_number"):
            values["proposal_year"] = values["outcome_on"].year
            if await queries.proposal_taken(ctx.session, opinion, values["proposal_year"],
                                            values["proposal_number"]):
                number, year = values["proposal_number"], values["proposal_year"]
                problems.append(FieldProblem("proposalNumber",
                                             f"提案号 {number} 在 {year} 年已被使用"))
    elif step is Move.reply:
        _required(values, ("reply_from", "reply_text"), problems)
        if values["replied_on"] < opinion.raised_on:
            problems.append(FieldProblem("repliedOn", "答复日期不能早于提出日期"))
        if values["replied_on"] > today:
            problems.append(FieldProblem("repliedOn", "答复日期不能晚于今天"))
    elif step is Move.feedback:
        _required(values, ("feedback_how", "feedback_by"), problems)
        earliest = opinion.replied_on or opinion.outcome_on or opinion.raised_on
        if values["feedback_on"] < earliest or values["feedback_on"] > today:
            problems.append(FieldProblem("feedbackOn", "反馈日期须在答复（或办理）之后、今天之前"))
    elif step is Move.reopen and not note:
        problems.append(FieldProblem("note", "请填写重新办理的原因"))


async def people(ctx: ServiceContext, opinion: Opinion) -> list[OpinionPerson]:
    return await queries.people(ctx.session, opinion)


async def history(ctx: ServiceContext, opinion: Opinion) -> list[OpinionEvent]:
    return await queries.history(ctx.session, opinion)
