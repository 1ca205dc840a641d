"""Terms (届), sectors, committees, activity groups and the tenant's liaison settings."""

import enum
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import ActivityGroup, Committee, Sector, Tenant, Term
from liaison.models.organisation import is_invited_sector
from liaison.organisation.defaults import Settings, effective
from liaison.organisation.setting_changes import update_settings as update_settings
from liaison.tenancy.access import own_tenant


class UnitKind(enum.StrEnum):
    sector = "sector"
    committee = "committee"
    activity_group = "activity_group"


UNIT_MODELS = {UnitKind.sector: Sector, UnitKind.committee: Committee,
               UnitKind.activity_group: ActivityGroup}
UNIT_LABELS = {UnitKind.sector: "界别", UnitKind.committee: "专门委员会",
               UnitKind.activity_group: "活动组"}
UNIT_NAME_LIMITS = {kind: fields.UNIT_NAME[kind.value].max_length for kind in UnitKind}


def check_readable(ctx: ServiceContext, tenant: Tenant) -> None:
    """The caller may read the tenant's organisation (units, terms, settings) — or Forbidden."""
    if not policies.can_read(ctx.require_principal(), tenant, Obj.organisation):
        raise Forbidden("没有权限查看该单位的组织设置")


async def _managing_tenant(ctx: ServiceContext) -> Tenant:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.can_manage_organisation(principal, tenant):
        raise Forbidden("只有本级委员联络办可以维护届次、界别、专门委员会和活动组")
    return tenant


async def list_units(ctx: ServiceContext, tenant: Tenant, kind: UnitKind) -> list:
    """A readable tenant's sectors, committees or activity groups, in their order."""
    check_readable(ctx, tenant)
    model = UNIT_MODELS[kind]
    return list(await ctx.session.scalars(select(model).where(model.tenant_id == tenant.id)
                                          .order_by(model.sort_order, model.name)))


# -- terms -------------------------------------------------------------------------------

async def list_terms(ctx: ServiceContext, tenant_id: uuid.UUID) -> list[Term]:
    rows = await ctx.session.scalars(select(Term).where(Term.tenant_id == tenant_id)
                                     .order_by(Term.starts_on.desc()))
    return list(rows)


async def current_term(ctx: ServiceContext, tenant_id: uuid.UUID) -> Term | None:
    return await ctx.session.scalar(select(Term).where(Term.tenant_id == tenant_id,
                                                       Term.is_current))


def _term_problems(name: str | None, starts_on: date, ends_on: date) -> list[FieldProblem]:
    problems = []
    limit = fields.TERM_NAME.max_length
    if name is not None and not (1 <= len(name.strip()) <= limit):
        problems.append(FieldProblem("name", f"届次名称必填，不超过 {limit} 个字符"))
    if ends_on <= starts_on:
        problems.append(FieldProblem("endsOn", "结束日期须晚于开始日期"))
    return problems


async def save_term(ctx: ServiceContext, *, term_id: uuid.UUID | None, name: str | None,
                    starts_on: date | None, ends_on: date | None,
                    is_current: bool | None) -> Term:
    """Create a term (term_id None) or change one. Making a term current un-currents the
    previous one."""
    tenant = await _managing_tenant(ctx)
    ctx.require_principal()
    term = None
    if term_id is not None:
        term = await ctx.session.get(Term, (tenant.id, term_id))
        if term is None:
            raise NotFound("届次", term_id)
    elif name is None or starts_on is None or ends_on is None:
        raise ValidationFailed([FieldProblem("name", "新建届次须填写名称、开始和结束日期")])
    before = snapshot(term) if term else {}
    new_name = name.strip() if name is not None else term.name
    new_start = starts_on or term.starts_on
    new_end = ends_on or term.ends_on
    problems = _term_problems(name, new_start, new_end)
    duplicate = await ctx.session.scalar(select(Term.id).where(
        Term.tenant_id == tenant.id, Term.name == new_name,
        Term.id != (term.id if term else uuid.uuid4())))
    if duplicate is not None:
        problems.append(FieldProblem("name", f"已有届次：{new_name}"))
    if problems:
        raise ValidationFailed(problems)
    if is_current:
        await ctx.session.execute(update(Term).where(Term.tenant_id == tenant.id, Term.is_current)
                                  .values(is_current=False))
    if term is None:
        term = Term(tenant_id=tenant.id, id=uuid.uuid4(), is_current=bool(is_current))
        ctx.session.add(term)
    term.name, term.starts_on, term.ends_on = new_name, new_start, new_end
    if is_current is not None:
        term.is_current = is_current
    await audit.record_change(ctx, "term_saved", term, before)
    return term


# -- sectors, committees, activity groups ---------------------------------------------------

@dataclass(frozen=True)
class UnitChanges:
    name: str | None = None
    sort_order: int | None = None
    invited: bool | None = None


async def save_unit(ctx: ServiceContext, kind: UnitKind, unit_id: uuid.UUID | None,
                    changes: UnitChanges):
    tenant = await _managing_tenant(ctx)
    ctx.require_principal()
    model = UNIT_MODELS[kind]
    unit = None
    if unit_id is not None:
        unit = await ctx.session.get(model, (tenant.id, unit_id))
        if unit is None:
            raise NotFound(UNIT_LABELS[kind], unit_id)
    before = snapshot(unit) if unit else {}
    name = changes.name.strip() if changes.name is not None else (unit.name if unit else "")
    limit = UNIT_NAME_LIMITS[kind]
    problems = []
    if not 1 <= len(name) <= limit:
        problems.append(FieldProblem("name", f"{UNIT_LABELS[kind]}名称必填，不超过 {limit} 个字符"))
    if changes.invited is not None and kind is not UnitKind.sector:
        problems.append(FieldProblem("invited", "只有界别有“特邀”属性"))
    duplicate = await ctx.session.scalar(select(model.id).where(
        model.tenant_id == tenant.id, model.name == name,
        model.id != (unit.id if unit else uuid.uuid4())))
    if duplicate is not None:
        problems.append(FieldProblem("name", f"已有{UNIT_LABELS[kind]}：{name}"))
    if problems:
        raise ValidationFailed(problems)
    if unit is None:
        last = await ctx.session.scalar(select(func.max(model.sort_order))
                                        .where(model.tenant_id == tenant.id))
        unit = model(tenant_id=tenant.id, id=uuid.uuid4(), sort_order=(last or 0) + 1)
        if kind is UnitKind.sector:
            unit.invited = is_invited_sector(name)
        ctx.session.add(unit)
    unit.name = name
    if changes.sort_order is not None:
        unit.sort_order = changes.sort_order
    if changes.invited is not None:
        unit.invited = changes.invited
    await audit.record_change(ctx, f"{kind.value}_saved", unit, before,
                              target_type=kind.value)
    return unit


# -- settings --------------------------------------------------------------------------

async def liaison_settings(ctx: ServiceContext, tenant_id: uuid.UUID) -> Settings:
    """The settings every rule of the tenant uses (its own, or those of the tenant above)."""
    return await effective(ctx.session, tenant_id)
