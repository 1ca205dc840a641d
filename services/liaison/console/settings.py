"""设置: the tenant's pairing range, the plan and report deadlines and the days to answer the
people who raised an opinion. The own tenant's office changes them, follows the tenant above
for some, and (a city) fixes some for its counties and sees what each county applies; other
roles that read the organisation (and a parent city) see them read-only."""

from litestar import Request, Response, get, post
from litestar.response import Template
from sqlalchemy import select

from liaison.authz import policies
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Tenant
from liaison.organisation import defaults
from liaison.organisation import service as organisation
from liaison.organisation.defaults import SettingKey
from liaison.tenancy import access

INPUTS = {"minPairings": "min_pairings", "maxPairings": "max_pairings",
          "reportDue": "report_due", "planDue": "plan_due",
          "opinionReplyDays": "opinion_reply_days", "inherit": FORM}
NUMBERS = {"min_pairings": "最少结对人数", "max_pairings": "最多结对人数",
           "plan_month": "计划截止月份", "plan_day": "计划截止日",
           "report_month": "报告截止月份", "report_day": "报告截止日",
           "opinion_reply_days": "意见建议反馈期限"}
KEY_OF = {"min_pairings": SettingKey.pairing, "max_pairings": SettingKey.pairing,
          "plan_month": SettingKey.plan_due, "plan_day": SettingKey.plan_due,
          "report_month": SettingKey.report_due, "report_day": SettingKey.report_due,
          "opinion_reply_days": SettingKey.opinion_reply_days}


def values_of(current: defaults.Settings) -> dict[str, str]:
    return {"min_pairings": str(current.min_pairings),
            "max_pairings": str(current.max_pairings),
            "plan_month": str(current.plan_due[0]), "plan_day": str(current.plan_due[1]),
            "report_month": str(current.report_due[0]),
            "report_day": str(current.report_due[1]),
            "opinion_reply_days": str(current.opinion_reply_days)}


def numbers(form: Form, errors: dict[str, list[str]],
            skip: frozenset[SettingKey]) -> dict[str, int]:
    """The form's numbers of the settings not in ``skip``, or an error next to the one that is
    not a whole number."""
    found = {}
    for name, label in NUMBERS.items():
        if KEY_OF[name] in skip:
            continue
        try:
            found[name] = int(form.values.get(name, "").strip())
        except ValueError:
            month_or_day = name.endswith(("_month", "_day"))
            errors.setdefault(name.rsplit("_", 1)[0] + "_due" if month_or_day else name,
                              []).append(f"{label}须为整数")
    return found


def checked(form: Form, prefix: str) -> frozenset[SettingKey]:
    return frozenset(k for k in SettingKey if form.values.get(f"{prefix}_{k.value}"))


async def lower_tenants(ctx: ServiceContext, tenant: Tenant) -> list[Tenant]:
    """The tenants right below ``tenant`` that the caller reads (their settings rows are
    visible only then; a city member's page must not show counties as following the city)."""
    return list(await ctx.session.scalars(
        select(Tenant).where(Tenant.parent_id == tenant.id,
                             Tenant.id.in_(access.readable_ids(ctx))).order_by(Tenant.code)))


async def settings_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *,
                        form: Form | None = None, errors: dict | None = None,
                        status: int = 200, saved: bool = False) -> Template:
    organisation.check_readable(ctx, tenant)
    below = await lower_tenants(ctx, tenant)
    found = await defaults.resolve_many(ctx.session, [tenant, *below])
    mine = found[tenant.id]
    if form is None:
        values = values_of(mine.settings)
        inherit = frozenset(k for k, r in mine.rules.items() if r.own is None)
        fixed = frozenset(k for k, r in mine.rules.items() if r.fixed)
    else:
        values, inherit, fixed = form.values, checked(form, "inherit"), checked(form, "fixed")
    return page("settings.html", status=status, viewer=who, tenant=tenant, form=values,
                errors=errors or {}, saved=saved, own=tenant.id == who.tenant.id,
                can_edit=policies.can_manage_settings(ctx.require_principal(), tenant),
                rules=mine.rules, keys=list(SettingKey), labels=defaults.KEY_LABELS,
                describe=defaults.describe, inherit=inherit, fixed=fixed,
                has_above=tenant.parent_id is not None,
                below=[(t, found[t.id].rules) for t in below])


@get("/t/{code:str}/settings")
async def settings_form(request: Request, code: str, saved: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await settings_page(ctx, who, tenant, saved=bool(saved))


@post("/t/{code:str}/settings")
async def settings_save(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)  # settings are changed in one's own tenant only
        errors: dict[str, list[str]] = {}
        current = await defaults.resolved(ctx.session, tenant)
        shown = values_of(current.settings)
        # A ticked box follows the tenant above, unless the office changed that setting's
        # numbers too: a number typed in is the tenant's own value.
        inherit = frozenset(k for k in checked(form, "inherit") if tenant.parent_id and all(
            form.values.get(name, "").strip() == shown[name]
            for name, key in KEY_OF.items() if key is k))
        # A locked field is disabled, so not posted: it stands as it is. Posted anyway, it is
        # checked like any other and refused by the service unless unchanged.
        locked = {k for k, r in current.rules.items() if r.locked_by}
        form.values = {**{name: value for name, value in shown.items() if KEY_OF[name] in locked},
                       **form.values}
        n = {**shown, **numbers(form, errors, inherit)}
        fixed = checked(form, "fixed") if await lower_tenants(ctx, tenant) else None
        if not errors:
            _, refused = await attempt(ctx, lambda: organisation.update_settings(
                ctx, int(n["min_pairings"]), int(n["max_pairings"]),
                report_due=(int(n["report_month"]), int(n["report_day"])),
                plan_due=(int(n["plan_month"]), int(n["plan_day"])),
                opinion_reply_days=int(n["opinion_reply_days"]), inherit=inherit,
                fixed=fixed))
            for key, messages in refused.items():
                errors.setdefault(INPUTS.get(key, key if key in NUMBERS else FORM),
                                  []).extend(messages)
        if errors:
            return await settings_page(ctx, who, tenant, form=form, errors=errors, status=400)
    return see_other(f"/t/{tenant.code}/settings?saved=1")
