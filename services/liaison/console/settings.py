"""设置: the tenant's pairing range, the plan and report deadlines and the days to answer the
people who raised an opinion. The own tenant's office changes them; other roles that read the
organisation (and a parent city) see them read-only."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz import policies
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Tenant
from liaison.organisation import service as organisation

INPUTS = {"minPairings": "min_pairings", "maxPairings": "max_pairings",
          "reportDue": "report_due", "planDue": "plan_due",
          "opinionReplyDays": "opinion_reply_days"}
NUMBERS = {"min_pairings": "最少结对人数", "max_pairings": "最多结对人数",
           "plan_month": "计划截止月份", "plan_day": "计划截止日",
           "report_month": "报告截止月份", "report_day": "报告截止日",
           "opinion_reply_days": "意见建议反馈期限"}


def values_of(current: organisation.Settings) -> dict[str, str]:
    return {"min_pairings": str(current.min_pairings),
            "max_pairings": str(current.max_pairings),
            "plan_month": str(current.plan_due[0]), "plan_day": str(current.plan_due[1]),
            "report_month": str(current.report_due[0]),
            "report_day": str(current.report_due[1]),
            "opinion_reply_days": str(current.opinion_reply_days)}


def numbers(form: Form, errors: dict[str, list[str]]) -> dict[str, int]:
    """Every number of the form, or an error next to the one that is not a whole number."""
    found = {}
    for name, label in NUMBERS.items():
        try:
            found[name] = int(form.values.get(name, "").strip())
        except ValueError:
            month_or_day = name.endswith(("_month", "_day"))
            errors.setdefault(name.rsplit("_", 1)[0] + "_due" if month_or_day else name,
                              []).append(f"{label}须为整数")
    return found


async def settings_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *,
                        values: dict | None = None, errors: dict | None = None,
                        status: int = 200, saved: bool = False) -> Template:
    organisation.check_readable(ctx, tenant)
    if values is None:
        values = values_of(await organisation.liaison_settings(ctx, tenant.id))
    return page("settings.html", status=status, viewer=who, tenant=tenant, form=values,
                errors=errors or {}, saved=saved, own=tenant.id == who.tenant.id,
                can_edit=policies.can_manage_settings(ctx.require_principal(), tenant))


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
        n = numbers(form, errors)
        if not errors:
            _, refused = await attempt(ctx, lambda: organisation.update_settings(
                ctx, n["min_pairings"], n["max_pairings"],
                report_due=(n["report_month"], n["report_day"]),
                plan_due=(n["plan_month"], n["plan_day"]),
                opinion_reply_days=n["opinion_reply_days"]))
            for key, messages in refused.items():
                errors.setdefault(INPUTS.get(key, key if key in NUMBERS else FORM),
                                  []).extend(messages)
        if errors:
            return await settings_page(ctx, who, tenant, values=form.values, errors=errors,
                                       status=400)
    return see_other(f"/t/{tenant.code}/settings?saved=1")
