"""Annual liaison plans (R6) and reports (R9): draft → submitted → returned → accepted.

A report starts as a draft filled from the year's logged contacts: how many, by which
method, how many constituents were reached, and the opinions collected; the member edits and
submits it. A submission after the tenant's deadline (default 20 December for the report) is
marked late.
"""

import uuid
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.members.service import access_member, check_readable
from liaison.models import AnnualFiling, Contact, ContactConstituent, Member
from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS, FilingKind, FilingStatus
from liaison.models.members import MemberStatus
from liaison.models.tenant import Tenant
from liaison.organisation import defaults
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text

EDITABLE = {FilingStatus.draft, FilingStatus.returned}
TEXT_LIMIT = 20_000


async def deadline(session: AsyncSession, tenant_id: uuid.UUID, kind: FilingKind,
                   year: int) -> date:
    settings = await defaults.effective(session, tenant_id)
    month, day = settings.report_due if kind is FilingKind.report else settings.plan_due
    return date(year, month, day)


async def figures(ctx: ServiceContext, tenant_id: uuid.UUID, member_id: uuid.UUID,
                  year: int) -> dict:
    """The year's contacts of a member, counted the way the report asks."""
    contacts = list(await ctx.session.scalars(select(Contact).where(
        Contact.tenant_id == tenant_id, Contact.member_id == member_id,
        Contact.occurred_on >= date(year, 1, 1), Contact.occurred_on <= date(year, 12, 31))
        .order_by(Contact.occurred_at)))
    reached = await ctx.session.scalar(select(
        func.count(func.distinct(ContactConstituent.constituent_id))).where(
        ContactConstituent.tenant_id == tenant_id, ContactConstituent.member_id == member_id,
        ContactConstituent.occurred_on >= date(year, 1, 1),
        ContactConstituent.occurred_on <= date(year, 12, 31)))
    methods = Counter(str(c.method) for c in contacts)
    services = Counter(k for c in contacts for k in c.service_kinds)
    return {
        "contacts": len(contacts),
        "by_method": {m: methods[m] for m in sorted(methods)},
        "by_service": {k: services[k] for k in sorted(services)},
        "constituents_reached": reached,
        "opinions_collected": sum(1 for c in contacts if c.opinions),
        "opinions": [c.opinions for c in contacts if c.opinions],
    }


def _draft_texts(numbers: dict) -> tuple[str, str]:
    methods = "、".join(f"{METHOD_LABELS.get(m, m)} {n} 次"
                       for m, n in numbers["by_method"].items()) or "无"
    services = "、".join(f"{SERVICE_LABELS.get(k, k)} {n} 次"
                        for k, n in numbers["by_service"].items()) or "无"
    practices = (f"全年联系服务界别群众 {numbers['contacts']} 次，联系 "
                 f"{numbers['constituents_reached']} 名结对联系对象。联系方式：{methods}。"
                 f"服务内容：{services}。")
    opinions = "\n".join(f"{i}. {o}" for i, o in enumerate(numbers["opinions"], 1))
    return practices, opinions


async def _filing_member(ctx: ServiceContext, tenant: Tenant, member_id: uuid.UUID,
                         act: str) -> Member:
    member = await access_member(ctx, member_id, tenant=tenant)
    if not policies.member_scope(ctx.require_principal(), tenant, Obj.filing, act).allows(
            member.id, member.sector_id):
        raise Forbidden("没有权限填写该委员的计划或报告")
    return member


def check_year(year: int) -> None:
    """Plans and reports exist for 2000–2100 (as quarters do); anything else is refused."""
    if not 2000 <= year <= 2100:
        raise ValidationFailed([FieldProblem("year", "年份须在 2000 到 2100 之间")])


async def start(ctx: ServiceContext, member_id: uuid.UUID, kind: FilingKind,
                year: int) -> AnnualFiling:
    """The member's plan or report for a year, made as a draft if there is none yet."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    member = await _filing_member(ctx, tenant, member_id, "manage")
    check_year(year)
    existing = await ctx.session.scalar(select(AnnualFiling).where(
        AnnualFiling.tenant_id == tenant.id, AnnualFiling.member_id == member.id,
        AnnualFiling.year == year, AnnualFiling.kind == kind))
    if existing is not None:
        return existing
    filing = AnnualFiling(tenant_id=tenant.id, id=uuid.uuid4(), member_id=member.id,
                          year=year, kind=kind, status=FilingStatus.draft, late=False)
    if kind is FilingKind.report:
        numbers = await figures(ctx, tenant.id, member.id, year)
        filing.figures = {k: v for k, v in numbers.items() if k != "opinions"}
        filing.main_practices, filing.opinions = _draft_texts(numbers)
    ctx.session.add(filing)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action=f"{kind.value}_started",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("annual_filing", filing.id), after=snapshot(filing))
    return filing


async def access_filing(ctx: ServiceContext, filing_id: uuid.UUID, act: Act = Act.read, *,
                        tenant: Tenant | None = None) -> AnnualFiling:
    filing, tenant = await access.get_readable(ctx, AnnualFiling, filing_id, "计划或报告",
                                               act=act, tenant=tenant)
    try:
        member = await access_member(ctx, filing.member_id, tenant=tenant)
    except NotFound:
        raise NotFound("计划或报告", filing_id) from None
    scope = policies.readable_members(ctx.require_principal(), tenant, Obj.filing)
    if not scope.allows(member.id, member.sector_id):
        raise NotFound("计划或报告", filing_id)
    if act == Act.manage:
        await _filing_member(ctx, tenant, member.id, "manage")
    return filing


async def edit(ctx: ServiceContext, filing_id: uuid.UUID, *, main_practices: str | None,
               opinions: str | None, body: str | None) -> AnnualFiling:
    ctx.require_principal()
    filing = await access_filing(ctx, filing_id, Act.manage)
    if filing.status not in EDITABLE:
        raise ValidationFailed([FieldProblem("id", "已提交或已采纳的计划、报告不能再修改")])
    before = snapshot(filing)
    problems = []
    for key, value in (("main_practices", main_practices), ("opinions", opinions),
                       ("body", body)):
        if value is None:
            continue
        cleaned = clean_text(value)
        if cleaned is not None and len(cleaned) > TEXT_LIMIT:
            problems.append(FieldProblem(key, f"不超过 {TEXT_LIMIT} 个字符"))
        setattr(filing, key, cleaned)
    if problems:
        raise ValidationFailed(problems)
    await audit.record_change(ctx, "filing_edited", filing, before, only_if_changed=True)
    return filing


async def _transition(ctx: ServiceContext, filing: AnnualFiling, to: FilingStatus,
                      **values) -> AnnualFiling:
    ctx.require_principal()
    before = snapshot(filing)
    filing.status = to
    for key, value in values.items():
        setattr(filing, key, value)
    await audit.record_change(ctx, f"filing_{to.value}", filing, before)
    return filing


async def submit(ctx: ServiceContext, filing_id: uuid.UUID,
                 now: datetime | None = None) -> AnnualFiling:
    tenant = await own_tenant(ctx)
    filing = await access_filing(ctx, filing_id, Act.manage)
    if filing.status not in EDITABLE:
        raise ValidationFailed([FieldProblem("id", "该计划或报告已提交")])
    if filing.kind is FilingKind.plan and not filing.body:
        raise ValidationFailed([FieldProblem("body", "请先填写年度联系群众计划")])
    now = now or clock.now()
    due = await deadline(ctx.session, tenant.id, FilingKind(filing.kind), filing.year)
    local = now.astimezone(ZoneInfo(tenant.timezone)).date()
    return await _transition(ctx, filing, FilingStatus.submitted, submitted_at=now,
                             late=local > due, returned_reason=None)


async def review(ctx: ServiceContext, filing_id: uuid.UUID, accept: bool,
                 reason: str | None = None, now: datetime | None = None) -> AnnualFiling:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    # Reviewed in the own tenant only: a city reads its counties' filings, reviews none.
    filing = await access_filing(ctx, filing_id, tenant=tenant)
    if not policies.can_review_filings(principal, tenant):
        raise Forbidden("只有本级委员联络办、领导小组或主席可以退回或采纳")
    if filing.status is not FilingStatus.submitted:
        raise ValidationFailed([FieldProblem("id", "只有已提交的计划、报告可以退回或采纳")])
    if accept:
        return await _transition(ctx, filing, FilingStatus.accepted,
                                 accepted_at=now or clock.now())
    reason = clean_text(reason)
    if not reason or len(reason) > 500:
        raise ValidationFailed([FieldProblem("reason", "请填写退回原因（不超过 500 个字符）")])
    return await _transition(ctx, filing, FilingStatus.returned, returned_reason=reason)


async def member_filings(ctx: ServiceContext, tenant: Tenant, member: Member
                         ) -> list[AnnualFiling]:
    """A readable member's plans and reports, newest year first — or Forbidden."""
    check_readable(ctx, tenant, member, Obj.filing)
    return list(await ctx.session.scalars(select(AnnualFiling).where(
        AnnualFiling.tenant_id == tenant.id, AnnualFiling.member_id == member.id)
        .order_by(AnnualFiling.year.desc(), AnnualFiling.kind)))


async def overview(ctx: ServiceContext, tenant: Tenant, kind: FilingKind, year: int
                   ) -> list[tuple[Member, AnnualFiling | None]]:
    """Every serving member the caller may read, with their filing (None: not started)."""
    principal = ctx.require_principal()
    check_year(year)
    scope = policies.member_scope(principal, tenant, Obj.filing, Act.read)
    if scope.empty:
        raise Forbidden("没有权限查看计划和报告")
    members = [m for m in await ctx.session.scalars(select(Member).where(
        Member.tenant_id == tenant.id, Member.status == MemberStatus.serving)
        .order_by(Member.name, Member.id)) if scope.allows(m.id, m.sector_id)]
    filings = {f.member_id: f for f in await ctx.session.scalars(select(AnnualFiling).where(
        AnnualFiling.tenant_id == tenant.id, AnnualFiling.kind == kind,
        AnnualFiling.year == year))}
    return [(m, filings.get(m.id)) for m in members]
