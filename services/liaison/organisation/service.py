"""Terms (届), sectors, committees, activity groups and the tenant's liaison settings."""

import enum
import uuid
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select, update

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import ActivityGroup, Committee, LiaisonSettings, Sector, Tenant, Term
from liaison.models.organisation import is_invited_sector
from liaison.opinions.deadlines import DEFAULT_REPLY_DAYS
from liaison.tenancy.access import own_tenant

DEFAULT_MIN_PAIRINGS = 2
DEFAULT_MAX_PAIRINGS = 3


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

@dataclass(frozen=True)
class Settings:
    min_pairings: int
    max_pairings: int
    report_due: tuple[int, int] = (12, 20)  # month, day: the report on year Y (R9)
    plan_due: tuple[int, int] = (3, 31)     # month, day: the plan for year Y (R6)
    opinion_reply_days: int = DEFAULT_REPLY_DAYS  # days from raising an opinion to 反馈


def settings_from_row(row: LiaisonSettings | None) -> Settings:
    if row is None:
        return Settings(DEFAULT_MIN_PAIRINGS, DEFAULT_MAX_PAIRINGS)
    return Settings(row.min_pairings, row.max_pairings,
                    (row.report_due_month, row.report_due_day),
                    (row.plan_due_month, row.plan_due_day), row.opinion_reply_days)


async def liaison_settings(ctx: ServiceContext, tenant_id: uuid.UUID) -> Settings:
    return settings_from_row(await ctx.session.get(LiaisonSettings, tenant_id))


def _day_problem(field: str, value: tuple[int, int] | None) -> list[FieldProblem]:
    if value is None:
        return []
    try:
        date(2001, *value)  # any non-leap year: 29 February is refused
    except (TypeError, ValueError):
        return [FieldProblem(field, "日期无效（月 1–12，日须存在，且不能是 2 月 29 日）")]
    return []


async def update_settings(ctx: ServiceContext, min_pairings: int, max_pairings: int,
                          report_due: tuple[int, int] | None = None,
                          plan_due: tuple[int, int] | None = None,
                          opinion_reply_days: int | None = None) -> Settings:
    """The pairing range always; the deadlines and the days to answer the people when given
    (None: unchanged)."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.can_manage_settings(principal, tenant):
        raise Forbidden("只有本级委员联络办可以修改结对设置")
    problems = []
    if not 0 <= min_pairings <= 20:
        problems.append(FieldProblem("minPairings", "最少结对人数须在 0 到 20 之间"))
    if not 1 <= max_pairings <= 20:
        problems.append(FieldProblem("maxPairings", "最多结对人数须在 1 到 20 之间"))
    if max_pairings < min_pairings:
        problems.append(FieldProblem("maxPairings", "最多结对人数不能少于最少结对人数"))
    problems += _day_problem("reportDue", report_due) + _day_problem("planDue", plan_due)
    if opinion_reply_days is not None and not 1 <= opinion_reply_days <= 365:
        problems.append(FieldProblem("opinionReplyDays", "反馈群众的期限须在 1 到 365 天之间"))
    if problems:
        raise ValidationFailed(problems)
    row = await ctx.session.get(LiaisonSettings, tenant.id)
    before = settings_from_row(row)
    if row is None:
        row = LiaisonSettings(tenant_id=tenant.id, report_due_month=12, report_due_day=20,
                              plan_due_month=3, plan_due_day=31,
                              opinion_reply_days=DEFAULT_REPLY_DAYS)
        ctx.session.add(row)
    row.min_pairings, row.max_pairings = min_pairings, max_pairings
    if report_due is not None:
        row.report_due_month, row.report_due_day = report_due
    if plan_due is not None:
        row.plan_due_month, row.plan_due_day = plan_due
    if opinion_reply_days is not None:
        row.opinion_reply_days = opinion_reply_days
    await ctx.session.flush()
    after = settings_from_row(row)
    await audit.record(ctx.session, tenant_id=tenant.id, action="settings_saved",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("liaison_settings", tenant.id), before=asdict(before),
                       after=asdict(after))
    return after
