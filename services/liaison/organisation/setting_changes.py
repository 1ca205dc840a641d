"""The office changes its tenant's liaison settings: its own values, which settings follow the
tenant above, and which it fixes for the tenants below (``defaults`` resolves them)."""

from dataclasses import asdict
from datetime import date

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, ValidationFailed
from liaison.models import LiaisonSettings
from liaison.organisation.defaults import (
    COLUMNS,
    KEY_LABELS,
    Resolved,
    SettingKey,
    Value,
    is_fixed,
    own_value,
    resolved,
)
from liaison.tenancy.access import own_tenant

FIELDS = {SettingKey.pairing: "minPairings", SettingKey.plan_due: "planDue",
          SettingKey.report_due: "reportDue", SettingKey.opinion_reply_days: "opinionReplyDays"}


def _day_problem(field: str, value: tuple[int, int] | None) -> list[FieldProblem]:
    if value is None:
        return []
    try:
        date(2001, *value)  # any non-leap year: 29 February is refused
    except (TypeError, ValueError):
        return [FieldProblem(field, "日期无效（月 1–12，日须存在，且不能是 2 月 29 日）")]
    return []


def _value_problems(values: dict[SettingKey, Value]) -> list[FieldProblem]:
    problems = []
    if SettingKey.pairing in values:
        low, high = values[SettingKey.pairing]
        if not 0 <= low <= 20:
            problems.append(FieldProblem("minPairings", "最少结对人数须在 0 到 20 之间"))
        if not 1 <= high <= 20:
            problems.append(FieldProblem("maxPairings", "最多结对人数须在 1 到 20 之间"))
        if high < low:
            problems.append(FieldProblem("maxPairings", "最多结对人数不能少于最少结对人数"))
    for key in (SettingKey.report_due, SettingKey.plan_due):
        problems += _day_problem(FIELDS[key], values.get(key))
    days = values.get(SettingKey.opinion_reply_days)
    if days is not None and not 1 <= days[0] <= 365:
        problems.append(FieldProblem("opinionReplyDays", "反馈群众的期限须在 1 到 365 天之间"))
    return problems


def stored(row: LiaisonSettings | None) -> dict:
    """What the tenant itself stored: its own values and what it fixes below it."""
    return {"own": {k.value: own_value(row, k) for k in SettingKey},
            "fixed": sorted(k.value for k in SettingKey if is_fixed(row, k))}


async def update_settings(ctx: ServiceContext, min_pairings: int, max_pairings: int,
                          report_due: tuple[int, int] | None = None,
                          plan_due: tuple[int, int] | None = None,
                          opinion_reply_days: int | None = None, *,
                          inherit: frozenset[SettingKey] = frozenset(),
                          fixed: frozenset[SettingKey] | None = None) -> Resolved:
    """The pairing range always; the deadlines and the days to answer the people when given
    (None: unchanged). ``inherit``: settings that follow the tenant above from now on (their
    values given here are ignored); ``fixed``: the settings the tenants below may not change
    (None: unchanged). A value a tenant above has fixed may only be given as it is."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.can_manage_settings(principal, tenant):
        raise Forbidden("只有本级委员联络办可以修改结对设置")
    given: dict[SettingKey, Value] = {SettingKey.pairing: (min_pairings, max_pairings)}
    for key, value in ((SettingKey.report_due, report_due), (SettingKey.plan_due, plan_due),
                       (SettingKey.opinion_reply_days,
                        None if opinion_reply_days is None else (opinion_reply_days,))):
        if value is not None:
            given[key] = tuple(value)
    given = {k: v for k, v in given.items() if k not in inherit}
    problems = _value_problems(given)
    if inherit and tenant.parent_id is None:
        problems.append(FieldProblem("inherit", "本级没有上级单位，不能沿用上级设置"))
    before = await resolved(ctx.session, tenant)
    for key, value in given.items():
        locked_by = before.rules[key].locked_by
        if locked_by is not None and value != before.rules[key].value:
            problems.append(FieldProblem(FIELDS[key], f"{KEY_LABELS[key]}由{locked_by.name}"
                                                      "统一规定，本级不能修改"))
    if problems:
        raise ValidationFailed(problems)
    row = await ctx.session.get(LiaisonSettings, tenant.id)
    was = stored(row)
    if row is None:
        row = LiaisonSettings(tenant_id=tenant.id)
        ctx.session.add(row)
    for key in SettingKey:
        if key in inherit:
            value: Value | None = (None,) * len(COLUMNS[key])
        elif key in given and before.rules[key].locked_by is None:
            value = given[key]
        else:
            continue
        for column, part in zip(COLUMNS[key], value, strict=True):
            setattr(row, column, part)
    if fixed is not None:
        for key in SettingKey:
            setattr(row, f"{key.value}_fixed", key in fixed)
    row.updated_by = principal.account_id
    await ctx.session.flush()
    after = await resolved(ctx.session, tenant)
    await audit.record(ctx.session, tenant_id=tenant.id, action="settings_saved",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("liaison_settings", tenant.id),
                       before={**asdict(before.settings), **was},
                       after={**asdict(after.settings), **stored(row)})
    return after
