"""The annual liaison assessment (考核): the tenant's weights, every member's score with its
breakdown and ranks, and the office's marking of 优秀 candidates (arithmetic in ``rules.py``).

Who sees what: the office, the chair and the leadership group every member of their own
tenant; a convenor their sectors' members; a member themself. Ranks are always within the
whole tenant and the member's whole sector, whoever looks. Another tenant's assessment —
even a county's, for its city — is not found. Absent weights are ``rules.DEFAULT_WEIGHTS``
(40/20/15/15/10)."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from liaison.assessment import queries
from liaison.assessment.rules import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Component,
    Facts,
    Weights,
    check_weights,
    ranks,
    score,
)
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.evaluation.queries import round_of_year
from liaison.members.service import access_member
from liaison.models import AssessmentMark, AssessmentWeights, Member, Sector
from liaison.models.members import MemberStatus
from liaison.models.tenant import Tenant
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant
from liaison.tenancy.clock import today_in
from liaison.validation import clean_text

NOTE_LIMIT = 200


@dataclass
class Row:
    member_id: uuid.UUID
    member_name: str
    sector_id: uuid.UUID
    sector_name: str
    facts: Facts
    score: Decimal
    components: list[Component]
    tenant_rank: int = 0
    sector_rank: int = 0
    excellent: bool = False
    note: str | None = None


def _scope(ctx: ServiceContext, tenant: Tenant, act: Act = Act.read) -> policies.MemberScope:
    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        raise NotFound("单位", tenant.code)
    scope = policies.member_scope(principal, tenant, Obj.assessment, act)
    if scope.empty:
        raise Forbidden("没有权限查看考核" if act is Act.read else "只有委员联络办可以设置考核")
    return scope


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed([FieldProblem("year", "年份须在 2000–2100 之间")])


async def weights_of(ctx: ServiceContext, tenant_id: uuid.UUID) -> Weights:
    row = await ctx.session.get(AssessmentWeights, tenant_id)
    if row is None:
        return DEFAULT_WEIGHTS
    return Weights(**{name: getattr(row, name) for name in COMPONENTS})


async def get_weights(ctx: ServiceContext, tenant: Tenant) -> Weights:
    _scope(ctx, tenant)
    return await weights_of(ctx, tenant.id)


async def set_weights(ctx: ServiceContext, weights: Weights) -> Weights:
    """The office sets its tenant's weights; bad weights change nothing."""
    tenant = await own_tenant(ctx)
    if not _scope(ctx, tenant, Act.manage).everyone:
        raise Forbidden("只有委员联络办可以设置考核")
    check_weights(weights)
    row = await ctx.session.get(AssessmentWeights, tenant.id)
    before = {n: getattr(row, n) for n in COMPONENTS} if row else None
    if row is None:
        row = AssessmentWeights(tenant_id=tenant.id)
        ctx.session.add(row)
    for name in COMPONENTS:
        setattr(row, name, weights.of(name))
    row.updated_by = ctx.require_principal().account_id
    row.updated_at = clock.now()
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="assessment_weights_set",
                       origin=ctx.origin, actor_id=row.updated_by,
                       target=("assessment_weights", tenant.id), before=before,
                       after={n: weights.of(n) for n in COMPONENTS})
    return weights


async def _all_rows(ctx: ServiceContext, tenant: Tenant, year: int) -> list[Row]:
    members = (await ctx.session.execute(
        select(Member.id, Member.name, Member.sector_id, Sector.name).join(
            Sector, (Sector.tenant_id == Member.tenant_id) & (Sector.id == Member.sector_id))
        .where(Member.tenant_id == tenant.id, Member.status == MemberStatus.serving)
        .order_by(Member.name, Member.id))).all()
    rnd = await round_of_year(ctx.session, tenant.id, year)
    facts = await queries.facts(ctx.session, tenant, year, today_in(tenant.timezone),
                                rnd.state if rnd else None, rnd.id if rnd else None)
    weights = await weights_of(ctx, tenant.id)
    rows = []
    for member_id, name, sector_id, sector_name in members:
        total, components = score(weights, facts[member_id])
        rows.append(Row(member_id, name, sector_id, sector_name, facts[member_id], total,
                        components))
    in_tenant = ranks(rows, key=lambda r: r.score)
    in_sector = ranks(rows, key=lambda r: r.score, group=lambda r: r.sector_id)
    marks = {m.member_id: m for m in await ctx.session.scalars(select(AssessmentMark).where(
        AssessmentMark.tenant_id == tenant.id, AssessmentMark.year == year))}
    for row in rows:
        row.tenant_rank, row.sector_rank = in_tenant[id(row)], in_sector[id(row)]
        if mark := marks.get(row.member_id):
            row.excellent, row.note = mark.excellent, mark.note
    return sorted(rows, key=lambda r: (r.tenant_rank, r.member_name, str(r.member_id)))


async def scores(ctx: ServiceContext, tenant: Tenant, year: int) -> list[Row]:
    """The rows the caller may read, by rank in the tenant, then name."""
    check_year(year)
    scope = _scope(ctx, tenant)
    return [r for r in await _all_rows(ctx, tenant, year)
            if scope.allows(r.member_id, r.sector_id)]


async def member_assessment(ctx: ServiceContext, tenant: Tenant, year: int,
                            member_id: uuid.UUID) -> Row:
    """One member's row, if the caller may read it; not found otherwise."""
    for row in await scores(ctx, tenant, year):
        if row.member_id == member_id:
            return row
    raise NotFound("委员", member_id)


async def mark_excellent(ctx: ServiceContext, year: int, member_id: uuid.UUID,
                         excellent: bool, note: str | None = None) -> AssessmentMark:
    """The office marks (or unmarks) a serving member of its tenant as an 优秀 candidate."""
    tenant = await own_tenant(ctx)
    check_year(year)
    member = await access_member(ctx, member_id, tenant=tenant)
    if not _scope(ctx, tenant, Act.manage).everyone:
        raise Forbidden("只有委员联络办可以标记优秀候选")
    note = clean_text(note) or None
    if note is not None and len(note) > NOTE_LIMIT:
        raise ValidationFailed([FieldProblem("note", f"备注不超过 {NOTE_LIMIT} 个字符")])
    mark = await ctx.session.scalar(select(AssessmentMark).where(
        AssessmentMark.tenant_id == tenant.id, AssessmentMark.year == year,
        AssessmentMark.member_id == member.id))
    before = snapshot(mark) if mark else None
    if mark is None:
        mark = AssessmentMark(tenant_id=tenant.id, id=uuid.uuid4(), year=year,
                              member_id=member.id)
        ctx.session.add(mark)
    mark.excellent, mark.note = excellent, note
    mark.marked_by = ctx.require_principal().account_id
    mark.marked_at = clock.now()
    await audit.record_change(ctx, "assessment_marked", mark, before)
    return mark
