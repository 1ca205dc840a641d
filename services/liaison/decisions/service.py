"""Major decisions (R1) and how Party-member leading cadres explained them (R8)."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import Contact, MajorDecision, Member
from liaison.models.members import MemberStatus
from liaison.models.tenant import Tenant
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text


async def create_decision(ctx: ServiceContext, title: str, decided_on: date) -> MajorDecision:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.can_manage_decisions(principal, tenant):
        raise Forbidden("只有本级委员联络办可以登记重大决策")
    title = clean_text(title) or ""
    problems = []
    if not 1 <= len(title) <= 200:
        problems.append(FieldProblem("title", "标题必填，不超过 200 个字符"))
    elif await ctx.session.scalar(select(MajorDecision.id).where(
            MajorDecision.tenant_id == tenant.id, MajorDecision.title == title)):
        problems.append(FieldProblem("title", f"已有重大决策：{title}"))
    if problems:
        raise ValidationFailed(problems)
    decision = MajorDecision(tenant_id=tenant.id, id=uuid.uuid4(), title=title,
                             decided_on=decided_on)
    ctx.session.add(decision)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="decision_created",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("major_decision", decision.id), after=snapshot(decision))
    return decision


async def list_decisions(ctx: ServiceContext, tenant: Tenant) -> list[MajorDecision]:
    if not policies.can_read(ctx.require_principal(), tenant, Obj.organisation):
        raise Forbidden("没有权限")
    rows = await ctx.session.scalars(select(MajorDecision).where(
        MajorDecision.tenant_id == tenant.id).order_by(MajorDecision.decided_on.desc()))
    return list(rows)


async def access_decision(ctx: ServiceContext, decision_id: uuid.UUID, act: Act = Act.read, *,
                          tenant: Tenant | None = None) -> MajorDecision:
    """A decision the caller may read (its tenant's decisions are read with the tenant)."""
    decision, tenant = await access.get_readable(ctx, MajorDecision, decision_id, "重大决策",
                                                 act=act, tenant=tenant)
    if not policies.can_read(ctx.require_principal(), tenant, Obj.organisation):
        raise NotFound("重大决策", decision_id)
    return decision


@dataclass(frozen=True)
class Outreach:
    member: Member
    before: int  # contacts about the decision before it was taken
    after: int   # on or after the day it was taken


async def outreach(ctx: ServiceContext, tenant: Tenant,
                   decision: MajorDecision) -> list[Outreach]:
    """Every serving leading-cadre member the caller may read, with their contacts about it."""
    principal = ctx.require_principal()
    scope = policies.member_scope(principal, tenant, Obj.contact, Act.read)
    if scope.empty:
        raise Forbidden("没有权限查看联系服务记录")
    before = func.count().filter(Contact.occurred_on < decision.decided_on)
    after = func.count().filter(Contact.occurred_on >= decision.decided_on)
    counts = dict((m, (b, a)) for m, b, a in (await ctx.session.execute(
        select(Contact.member_id, before, after).where(
            Contact.tenant_id == tenant.id, Contact.decision_id == decision.id)
        .group_by(Contact.member_id))).all())
    cadres = await ctx.session.scalars(select(Member).where(
        Member.tenant_id == tenant.id, Member.is_leading_cadre,
        Member.status == MemberStatus.serving).order_by(Member.name, Member.id))
    return [Outreach(m, *counts.get(m.id, (0, 0))) for m in cadres
            if scope.allows(m.id, m.sector_id)]
