"""Members (委员): list with search and filters, create, update, mark as left.

Who sees which members is decided by ``policies.member_scope``: the office, leadership,
committees everyone; a convenor the members of their sector; a member themself. Anything
outside that scope — and anything in another tenant — is not found.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, false, func, or_, select

from liaison import fields
from liaison.accounts.auth import revoke_tokens
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import Partial, clean_texts
from liaison.models import ActivityGroup, Committee, Member, Pairing, Sector, Term
from liaison.models.members import Gender, MemberStatus
from liaison.models.tenant import Tenant
from liaison.organisation import service as organisation
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text, normalize_phone
from liaison.venues import feed_tokens

CONTACT_FIELDS = frozenset({"phone", "work_unit", "post"})


class PairingStatus(enum.StrEnum):
    complete = "complete"      # at least the minimum number of active pairings
    incomplete = "incomplete"  # serving, with fewer than the minimum


class MemberSort(enum.StrEnum):
    name = "name"
    sector = "sector"


@dataclass(frozen=True)
class MemberFilter:
    name: str | None = None
    sector_id: uuid.UUID | None = None
    committee_id: uuid.UUID | None = None
    activity_group_id: uuid.UUID | None = None
    status: MemberStatus | None = None
    term_id: uuid.UUID | None = None
    pairing_status: PairingStatus | None = None


def _scoped(stmt: Select, scope: policies.MemberScope) -> Select:
    if scope.everyone:
        return stmt
    conditions = []
    if scope.sector_ids:
        conditions.append(Member.sector_id.in_(scope.sector_ids))
    if scope.member_id is not None:
        conditions.append(Member.id == scope.member_id)
    return stmt.where(or_(*conditions) if conditions else false())


def active_pairings_count():
    return (select(func.count()).where(Pairing.tenant_id == Member.tenant_id,
                                       Pairing.member_id == Member.id,
                                       Pairing.ended_on.is_(None))
            .correlate(Member).scalar_subquery())


def read_scope(ctx: ServiceContext, tenant: Tenant) -> policies.MemberScope:
    """Which members of ``tenant`` the caller may list; Forbidden when none."""
    scope = policies.member_scope(ctx.require_principal(), tenant, Obj.member, Act.read)
    if scope.empty:
        raise Forbidden("没有权限查看该单位的委员")
    return scope


async def member_query(ctx: ServiceContext, tenant: Tenant, flt: MemberFilter) -> Select:
    """The members of ``tenant`` the caller may read, filtered (no order, no limit)."""
    scope = read_scope(ctx, tenant)
    stmt = _scoped(select(Member).where(Member.tenant_id == tenant.id), scope)
    if flt.name:
        escaped = flt.name.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Member.name.ilike(f"%{escaped}%"))
    for column, value in ((Member.sector_id, flt.sector_id),
                          (Member.committee_id, flt.committee_id),
                          (Member.activity_group_id, flt.activity_group_id),
                          (Member.status, flt.status), (Member.term_id, flt.term_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if flt.pairing_status is not None:
        settings = await organisation.liaison_settings(ctx, tenant.id)
        count = active_pairings_count()
        if flt.pairing_status is PairingStatus.incomplete:
            stmt = stmt.where(Member.status == MemberStatus.serving,
                              count < settings.min_pairings)
        else:
            stmt = stmt.where(count >= settings.min_pairings)
    return stmt


async def list_members(ctx: ServiceContext, tenant: Tenant, flt: MemberFilter,
                       sort: MemberSort, *, first: int, after: str | None) -> Page[Member]:
    stmt = await member_query(ctx, tenant, flt)
    if sort is MemberSort.sector:
        stmt = stmt.join(Sector, (Sector.tenant_id == Member.tenant_id)
                         & (Sector.id == Member.sector_id))
        keys = [Sector.sort_order, Member.name, Member.id]
    else:
        keys = [Member.name, Member.id]
    return await paginate(ctx.session, stmt, keys, first=first, after=after)


async def count_members(ctx: ServiceContext, tenant: Tenant, flt: MemberFilter) -> int:
    stmt = await member_query(ctx, tenant, flt)
    return await ctx.session.scalar(select(func.count()).select_from(stmt.subquery()))


async def access_member(ctx: ServiceContext, member_id: uuid.UUID, act: Act = Act.read, *,
                        tenant: Tenant | None = None) -> Member:
    """A member the caller may read (or manage); not found otherwise. Manage is only ever in
    the caller's own tenant; ``tenant`` narrows the lookup to that tenant."""
    principal = ctx.require_principal()
    member, tenant = await access.get_readable(ctx, Member, member_id, "委员", act=act,
                                               tenant=tenant)
    if not policies.readable_members(principal, tenant).allows(member.id, member.sector_id):
        raise NotFound("委员", member_id)
    if act != Act.read and not policies.member_scope(principal, tenant, Obj.member, act).allows(
            member.id, member.sector_id):
        raise Forbidden("没有权限修改该委员")
    return member


def check_readable(ctx: ServiceContext, tenant: Tenant, member: Member, obj: Obj) -> None:
    """The caller may read this member's ``obj`` (contacts, filings, pairings) — or Forbidden
    (the member itself was already found readable)."""
    if not policies.readable_members(ctx.require_principal(), tenant, obj).allows(
            member.id, member.sector_id):
        raise Forbidden(READ_REFUSED[obj])


READ_REFUSED = {Obj.contact: "没有权限查看该委员的联系服务记录、计划和报告",
                Obj.filing: "没有权限查看该委员的联系服务记录、计划和报告",
                Obj.pairing: "没有权限查看该委员的结对联系对象"}


@dataclass
class MemberInput(Partial):
    """Fields of a member; on update, only the fields set (not ``...``) change."""

    name: str | None = ...  # type: ignore[assignment]
    gender: Gender | None = ...  # type: ignore[assignment]
    ethnicity: str | None = ...  # type: ignore[assignment]
    party: str | None = ...  # type: ignore[assignment]
    sector_id: uuid.UUID | None = ...  # type: ignore[assignment]
    committee_id: uuid.UUID | None = ...  # type: ignore[assignment]
    activity_group_id: uuid.UUID | None = ...  # type: ignore[assignment]
    work_unit: str | None = ...  # type: ignore[assignment]
    post: str | None = ...  # type: ignore[assignment]
    phone: str | None = ...  # type: ignore[assignment]
    is_leading_cadre: bool | None = ...  # type: ignore[assignment]
    term_id: uuid.UUID | None = ...  # type: ignore[assignment]



async def _check(ctx: ServiceContext, tenant_id: uuid.UUID, values: dict) -> dict:
    """Clean and validate member fields; returns the cleaned values or raises."""
    cleaned, problems = clean_texts(values, fields.MEMBER)
    if "name" in cleaned and not cleaned["name"]:
        problems.append(FieldProblem("name", "姓名必填"))
    if cleaned.get("phone"):
        phone = normalize_phone(cleaned["phone"])
        if phone is None:
            problems.append(FieldProblem("phone", "联系电话格式不正确（手机号或 0774-5123911）"))
        cleaned["phone"] = phone
    elif "phone" in cleaned:
        cleaned["phone"] = None
    if "sector_id" in cleaned and cleaned["sector_id"] is None:
        problems.append(FieldProblem("sectorId", "界别必填"))
    references = (("sector_id", Sector, "界别"), ("committee_id", Committee, "专门委员会"),
                  ("activity_group_id", ActivityGroup, "活动组"), ("term_id", Term, "届次"))
    for key, model, label in references:
        value = cleaned.get(key)
        if value is not None and await ctx.session.get(model, (tenant_id, value)) is None:
            problems.append(FieldProblem(_camel(key), f"本单位没有该{label}：{value}"))
    if "is_leading_cadre" in cleaned and cleaned["is_leading_cadre"] is None:
        cleaned["is_leading_cadre"] = False
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


async def create_member(ctx: ServiceContext, data: MemberInput) -> Member:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    values = data.given()
    scope = policies.member_scope(principal, tenant, Obj.member, Act.manage)
    if not scope.everyone and not scope.sector_ids:
        raise Forbidden("只有委员联络办或界别召集人可以新增委员")
    if not scope.everyone and values.get("sector_id") not in scope.sector_ids:
        raise ValidationFailed([FieldProblem("sectorId", "界别召集人只能在本界别新增委员")])
    if values.get("term_id") is None:
        term = await organisation.current_term(ctx, tenant.id)
        if term is None:
            raise ValidationFailed([FieldProblem("termId", "本单位还没有设置当前届次")])
        values["term_id"] = term.id
    values.setdefault("name", None)
    values.setdefault("sector_id", None)
    values.setdefault("is_leading_cadre", False)
    cleaned = await _check(ctx, tenant.id, values)
    member = Member(tenant_id=tenant.id, id=uuid.uuid4(), status=MemberStatus.serving,
                    **cleaned)
    ctx.session.add(member)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="member_created",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("member", member.id), after=snapshot(member))
    return member


async def update_member(ctx: ServiceContext, member_id: uuid.UUID, data: MemberInput) -> Member:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    member = await access_member(ctx, member_id, Act.manage)
    values = data.given()
    scope = policies.member_scope(principal, tenant, Obj.member, Act.manage)
    if not scope.everyone and not scope.sector_ids.intersection({member.sector_id}):
        outside = sorted(set(values) - CONTACT_FIELDS)
        if outside:
            message = "委员本人只能修改联系电话、工作单位和职务"
            raise ValidationFailed([FieldProblem(_camel(k), message) for k in outside])
    if not scope.everyone and "sector_id" in values and values["sector_id"] not in \
            scope.sector_ids:
        raise ValidationFailed([FieldProblem("sectorId", "界别召集人不能把委员调出本界别")])
    cleaned = await _check(ctx, tenant.id, values)
    before = snapshot(member)
    for key, value in cleaned.items():
        setattr(member, key, value)
    await audit.record_change(ctx, "member_updated", member, before, only_if_changed=True)
    return member


async def mark_left(ctx: ServiceContext, member_id: uuid.UUID, left_on: date,
                    reason: str | None) -> Member:
    """A member leaves (离任): their active pairings end on the same day, with the reason."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    member = await access_member(ctx, member_id, Act.manage)
    scope = policies.member_scope(principal, tenant, Obj.member, Act.manage)
    if scope.self_only:
        raise Forbidden("委员离任须由委员联络办或界别召集人办理")
    reason = clean_text(reason)
    problems = []
    if member.status is MemberStatus.left:
        problems.append(FieldProblem("memberId", f"{member.name} 已于 {member.left_on} 离任"))
    if problem := fields.LEFT_REASON.required_problem(reason):
        problems.append(problem)
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(member)
    member.status, member.left_on, member.left_reason = MemberStatus.left, left_on, reason
    pairings = await ctx.session.scalars(select(Pairing).where(
        Pairing.tenant_id == tenant.id, Pairing.member_id == member.id,
        Pairing.ended_on.is_(None)))
    ended = []
    for pairing in pairings:
        pairing.ended_on = max(left_on, pairing.started_on)
        pairing.end_reason = f"委员离任：{reason}"
        ended.append(str(pairing.id))
    await ctx.session.flush()
    # The member's own accounts: tokens issued while serving stop working (and a new login
    # reads the record but cannot change it).
    await revoke_tokens(ctx.session, tenant.id, member_id=member.id)
    await feed_tokens.revoke_all(ctx.session, tenant.id, member.id)  # their duty calendar
    await audit.record_change(ctx, "member_left", member, before,
                              extra_after={"ended_pairings": ended})
    return member
