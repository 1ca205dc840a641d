"""Constituents (界别群众) and pairings (结对联系): choose, change, end — history kept (R12).

A member keeps between the tenant's minimum and maximum active pairings (default 2–3, R10).
Members pair with people of their own sector, except members of a 特邀 sector (R11).
"""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import Partial, clean_texts
from liaison.members.service import access_member, check_readable
from liaison.models import Constituent, Member, Pairing, Sector
from liaison.models.members import ConstituentCategory, MemberStatus
from liaison.models.tenant import Tenant
from liaison.organisation import service as organisation
from liaison.pairings import rules
from liaison.pairings.errors import PairingLimitReached
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text, normalize_phone


@dataclass
class ConstituentInput(Partial):
    name: str | None = ...  # type: ignore[assignment]
    party: str | None = ...  # type: ignore[assignment]
    work_unit: str | None = ...  # type: ignore[assignment]
    post: str | None = ...  # type: ignore[assignment]
    phone: str | None = ...  # type: ignore[assignment]
    sector_id: uuid.UUID | None = ...  # type: ignore[assignment]
    category: ConstituentCategory | None = ...  # type: ignore[assignment]



async def _manageable_member(ctx: ServiceContext, tenant: Tenant, member_id: uuid.UUID
                             ) -> Member:
    member = await access_member(ctx, member_id, tenant=tenant)
    scope = policies.member_scope(ctx.require_principal(), tenant, Obj.pairing, Act.manage)
    if not scope.allows(member.id, member.sector_id):
        raise Forbidden("没有权限调整该委员的结对联系对象")
    return member


async def check_constituent(ctx: ServiceContext, tenant_id: uuid.UUID, values: dict,
                            prefix: str = "") -> tuple[dict, list[FieldProblem]]:
    cleaned, problems = clean_texts(values, fields.CONSTITUENT, prefix)
    if "name" in cleaned and not cleaned["name"]:
        problems.append(FieldProblem(prefix + "name", "联系对象姓名必填"))
    if cleaned.get("phone"):
        phone = normalize_phone(cleaned["phone"])
        if phone is None:
            problems.append(FieldProblem(prefix + "phone", "联系电话格式不正确"))
        cleaned["phone"] = phone
    elif "phone" in cleaned:
        cleaned["phone"] = None
    if "category" in cleaned and cleaned["category"] is None:
        problems.append(FieldProblem(prefix + "category", "请选择联系对象类别"))
    if cleaned.get("sector_id") is not None and await ctx.session.get(
            Sector, (tenant_id, cleaned["sector_id"])) is None:
        problems.append(FieldProblem(prefix + "sectorId",
                                     f"本单位没有该界别：{cleaned['sector_id']}"))
    return cleaned, problems


async def active_count(ctx: ServiceContext, tenant_id: uuid.UUID, member_id: uuid.UUID) -> int:
    return await ctx.session.scalar(select(func.count()).select_from(Pairing).where(
        Pairing.tenant_id == tenant_id, Pairing.member_id == member_id,
        Pairing.ended_on.is_(None)))


async def sector_rule_problem(ctx: ServiceContext, tenant_id: uuid.UUID, member: Member,
                              constituent_sector: uuid.UUID | None) -> str | None:
    """The constituent is of the member's sector, unless the member is 特邀 (rules.py)."""
    sector = await ctx.session.get(Sector, (tenant_id, member.sector_id))
    return rules.sector_problem(member.sector_id, sector.name, sector.invited,
                                constituent_sector)


async def pair(ctx: ServiceContext, member_id: uuid.UUID, *, started_on: date,
               constituent_id: uuid.UUID | None = None,
               new_constituent: ConstituentInput | None = None) -> Pairing:
    """Pair a member with an existing constituent or with a new one."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    member = await _manageable_member(ctx, tenant, member_id)
    problems: list[FieldProblem] = []
    if (constituent_id is None) == (new_constituent is None):
        raise ValidationFailed([FieldProblem("constituent",
                                             "请选择已有联系对象，或填写新联系对象（二选一）")])
    if member.status is MemberStatus.left:
        problems.append(FieldProblem("memberId", f"{member.name} 已离任，不能新增结对"))
    if constituent_id is not None:
        constituent = await ctx.session.get(Constituent, (tenant.id, constituent_id))
        if constituent is None:
            raise NotFound("联系对象", constituent_id)
        sector_id = constituent.sector_id
        cleaned = None
    else:
        values = new_constituent.given()
        values.setdefault("name", None)
        values.setdefault("category", None)
        cleaned, found = await check_constituent(ctx, tenant.id, values, "constituent.")
        problems += found
        sector_id = cleaned.get("sector_id")
        if sector_id is None and not problems:
            sector = await ctx.session.get(Sector, (tenant.id, member.sector_id))
            sector_id = cleaned["sector_id"] = rules.default_sector(
                member.sector_id, sector.invited, None)
        constituent = None
    rule = await sector_rule_problem(ctx, tenant.id, member, sector_id)
    if rule:
        problems.append(FieldProblem("constituent.sectorId", rule))
    if constituent is not None:
        duplicate = await ctx.session.scalar(select(Pairing.id).where(
            Pairing.tenant_id == tenant.id, Pairing.member_id == member.id,
            Pairing.constituent_id == constituent.id, Pairing.ended_on.is_(None)))
        if duplicate is not None:
            problems.append(FieldProblem("constituentId", "该联系对象已与此委员结对"))
    if problems:
        raise ValidationFailed(problems)
    settings = await organisation.liaison_settings(ctx, tenant.id)
    active = await active_count(ctx, tenant.id, member.id)
    if rules.over_limit(active, 1, settings.max_pairings):
        raise PairingLimitReached(member.name, settings.max_pairings, active)
    if constituent is None:
        constituent = Constituent(tenant_id=tenant.id, id=uuid.uuid4(), **cleaned)
        ctx.session.add(constituent)
        await ctx.session.flush()
        await audit.record(ctx.session, tenant_id=tenant.id, action="constituent_created",
                           origin=ctx.origin, actor_id=principal.account_id,
                           target=("constituent", constituent.id), after=snapshot(constituent))
    pairing = Pairing(tenant_id=tenant.id, id=uuid.uuid4(), member_id=member.id,
                      constituent_id=constituent.id, term_id=member.term_id,
                      started_on=started_on)
    ctx.session.add(pairing)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="pairing_started",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("pairing", pairing.id), after=snapshot(pairing))
    return pairing


async def end_pairing(ctx: ServiceContext, pairing_id: uuid.UUID, ended_on: date,
                      reason: str | None) -> Pairing:
    ctx.require_principal()
    tenant = await own_tenant(ctx)
    pairing = await ctx.session.get(Pairing, (tenant.id, pairing_id))
    if pairing is None:
        raise NotFound("结对", pairing_id)
    try:
        await _manageable_member(ctx, tenant, pairing.member_id)
    except NotFound:
        raise NotFound("结对", pairing_id) from None
    reason = clean_text(reason)
    problems = []
    if pairing.ended_on is not None:
        problems.append(FieldProblem("pairingId", f"该结对已于 {pairing.ended_on} 结束"))
    if ended_on < pairing.started_on:
        problems.append(FieldProblem("endedOn", f"结束日期不能早于开始日期 {pairing.started_on}"))
    if problem := fields.END_REASON.required_problem(reason):
        problems.append(problem)
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(pairing)
    pairing.ended_on, pairing.end_reason = ended_on, reason
    await audit.record_change(ctx, "pairing_ended", pairing, before)
    return pairing


async def access_pairing(ctx: ServiceContext, pairing_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> Pairing:
    """A pairing of a member whose pairings the caller may read; not found otherwise."""
    principal = ctx.require_principal()
    pairing, tenant = await access.get_readable(ctx, Pairing, pairing_id, "结对", act=act,
                                                tenant=tenant)
    try:
        member = await access_member(ctx, pairing.member_id, tenant=tenant)
    except NotFound:
        raise NotFound("结对", pairing_id) from None
    if not policies.readable_members(principal, tenant, Obj.pairing).allows(
            member.id, member.sector_id):
        raise NotFound("结对", pairing_id)
    return pairing


async def member_pairings(ctx: ServiceContext, tenant: Tenant, member: Member
                          ) -> list[tuple[Pairing, Constituent]]:
    """A readable member's pairings, current and ended (the history), oldest first, each
    with its constituent — or Forbidden when the caller may not read them."""
    check_readable(ctx, tenant, member, Obj.pairing)
    rows = await ctx.session.execute(
        select(Pairing, Constituent)
        .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
              & (Constituent.id == Pairing.constituent_id))
        .where(Pairing.tenant_id == tenant.id, Pairing.member_id == member.id)
        .order_by(Pairing.started_on, Pairing.created_at, Pairing.id))
    return [(p, c) for p, c in rows.all()]


async def pairable_constituents(ctx: ServiceContext, tenant: Tenant, member: Member, *,
                                limit: int = 500) -> list[Constituent]:
    """The constituents of ``tenant`` the caller may read (as ``access_constituent``: all of
    them, or those ever paired with a member the caller may read) that are not paired with
    ``member`` now, by name: the pick list for pairing with an existing constituent."""
    check_readable(ctx, tenant, member, Obj.pairing)
    scope = policies.readable_members(ctx.require_principal(), tenant, Obj.pairing)
    stmt = select(Constituent).where(Constituent.tenant_id == tenant.id, ~select(Pairing.id)
                                     .where(Pairing.tenant_id == tenant.id,
                                            Pairing.member_id == member.id,
                                            Pairing.constituent_id == Constituent.id,
                                            Pairing.ended_on.is_(None)).exists())
    if not scope.everyone:
        stmt = stmt.where(select(Pairing.id).join(
            Member, (Member.tenant_id == Pairing.tenant_id) & (Member.id == Pairing.member_id))
            .where(Pairing.tenant_id == tenant.id, Pairing.constituent_id == Constituent.id,
                   scope.condition(Member.id, Member.sector_id)).exists())
    return list(await ctx.session.scalars(
        stmt.order_by(Constituent.name, Constituent.id).limit(limit)))


async def access_constituent(ctx: ServiceContext, constituent_id: uuid.UUID,
                             act: Act = Act.read, *, tenant: Tenant | None = None) -> Constituent:
    """A constituent paired (now or before) with a member the caller may read."""
    principal = ctx.require_principal()
    constituent, tenant = await access.get_readable(ctx, Constituent, constituent_id, "联系对象",
                                                    act=act, tenant=tenant)
    scope = policies.readable_members(principal, tenant, Obj.pairing)
    if not scope.everyone:
        members = (await ctx.session.execute(select(Member.id, Member.sector_id).join(
            Pairing, (Pairing.tenant_id == Member.tenant_id) & (Pairing.member_id == Member.id))
            .where(Pairing.tenant_id == tenant.id, Pairing.constituent_id == constituent.id)
        )).all()
        if not any(scope.allows(m.id, m.sector_id) for m in members):
            raise NotFound("联系对象", constituent_id)
    return constituent


async def update_constituent(ctx: ServiceContext, constituent_id: uuid.UUID,
                             data: ConstituentInput) -> Constituent:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    constituent = await access_constituent(ctx, constituent_id, Act.manage)
    scope = policies.member_scope(principal, tenant, Obj.pairing, Act.manage)
    if not scope.everyone:
        members = (await ctx.session.execute(select(Member.id, Member.sector_id).join(
            Pairing, (Pairing.tenant_id == Member.tenant_id) & (Pairing.member_id == Member.id))
            .where(Pairing.tenant_id == tenant.id, Pairing.constituent_id == constituent.id,
                   Pairing.ended_on.is_(None)))).all()
        if not any(scope.allows(m.id, m.sector_id) for m in members):
            raise Forbidden("没有权限修改该联系对象")
    cleaned, problems = await check_constituent(ctx, tenant.id, data.given())
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(constituent)
    for key, value in cleaned.items():
        setattr(constituent, key, value)
    await audit.record_change(ctx, "constituent_updated", constituent, before,
                              only_if_changed=True)
    return constituent
