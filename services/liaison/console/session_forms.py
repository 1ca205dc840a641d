"""Scheduling reception days at a venue: one session (date, start and end, theme, capacity,
public notice, members on duty), or a pattern repeated over a period (每周 / 每月第N个星期X,
or an RRULE) with what to do on public holidays (flag it, or move it to the next working
day), previewed before it is saved. The office or the venue's staff, in their own tenant; a
conflict (a member on duty elsewhere, the venue booked, a member who left, the venue closed)
refuses it whole, named, and nothing is written."""

import re
from datetime import date, time

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.venues import calendar_path, labels, manages, serving_members
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import Tenant, Venue
from liaison.models.venues import HolidayPolicy
from liaison.tenancy import clock
from liaison.venues import access as venue_access
from liaison.venues import checks, recurrence, rota, series
from liaison.venues.recurrence import Repeat

SERVICE_FIELDS = {"memberIds": "members", "lastOn": "last_on", "firstOn": "first_on",
                  "rrule": "rule", "holidayPolicy": "holiday_policy"}
SESSION_INPUTS = {"on", "starts", "ends", "theme", "capacity", "notice", "members"}
SERIES_INPUTS = {"repeat", "weekday", "interval", "ordinal", "rule", "first_on", "last_on",
                 "starts", "ends", "holiday_policy", "theme", "capacity", "notice", "members"}
ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}


def on_form(errors: dict[str, list[str]], inputs: set[str]) -> dict[str, list[str]]:
    """Per input; a conflict's rows (one message each) above the form."""
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = SERVICE_FIELDS.get(key, key)
        name = name if name in inputs else FORM
        for message in messages:
            shown.setdefault(name, []).extend(
                message.split("；") if name == FORM else [message])
    return shown


def clock_time(form: Form, name: str, label: str, errors: dict) -> time | None:
    value = form.text(name)
    try:
        if value is None:
            raise ValueError(name)
        return time.fromisoformat(value)
    except ValueError:
        errors.setdefault(name, []).append(f"请按 09:00 的格式填写{label}")
        return None


def whole(form: Form, name: str, label: str, errors: dict) -> int | None:
    value = form.text(name)
    if value is None:
        return None
    if not re.fullmatch(r"-?[0-9]{1,6}", value):
        errors.setdefault(name, []).append(f"{label}须为整数")
        return None
    return int(value)


async def scheduling(ctx: ServiceContext, code: str, venue_id: str
                     ) -> tuple[Viewer, Tenant, Venue]:
    """A venue whose rota the caller keeps, in their own tenant (others not found)."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    venue = await venue_access.access_venue(ctx, parse_id(venue_id, "联络站或工作室"),
                                            tenant=tenant)
    if not manages(ctx, tenant, venue):
        raise Forbidden("只有委员联络办或本联络站（工作室）的工作人员可以安排接待日")
    return who, tenant, venue


async def form_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, venue: Venue,
                    template: str, *, form: dict, lists: dict | None = None,
                    errors: dict | None = None, preview=None, status: int = 200) -> Template:
    return page(template, status=status, viewer=who, tenant=tenant, venue=venue, form=form,
                chosen=set((lists or {}).get("members", [])), errors=errors or {},
                members=await serving_members(ctx, tenant), preview=preview,
                ordinals=ORDINALS, back=calendar_path(tenant, venue.id), **labels())


def session_of(venue: Venue, form: Form, errors: dict) -> rota.NewSession | None:
    on = form.date("on", errors, "日期")
    starts = clock_time(form, "starts", "开始时间", errors)
    ends = clock_time(form, "ends", "结束时间", errors)
    capacity = whole(form, "capacity", "可接待人数", errors)
    if errors:
        return None
    return rota.NewSession(venue_id=venue.id, on=on, starts=starts, ends=ends,
                           member_ids=[parse_id(v, "委员") for v in form.all("members")],
                           theme=form.text("theme"), capacity=capacity,
                           notice=form.values.get("notice"))


@get("/t/{code:str}/venues/{venue_id:str}/sessions/new")
async def new_session_form(request: Request, code: str, venue_id: str,
                           on: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who, tenant, venue = await scheduling(ctx, code, venue_id)
        day = on if on and len(on) == 10 else clock.today_in(tenant.timezone).isoformat()
        return await form_page(ctx, who, tenant, venue, "session_form.html",
                               form={"on": day, "starts": "09:00", "ends": "11:30"})


@post("/t/{code:str}/venues/{venue_id:str}/sessions/new")
async def new_session_save(request: Request, code: str, venue_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, venue = await scheduling(ctx, code, venue_id)
        errors: dict[str, list[str]] = {}
        new = session_of(venue, form, errors)
        if new is not None:
            _, errors = await attempt(ctx, lambda: rota.create_session(ctx, new))
        if errors:
            return await form_page(ctx, who, tenant, venue, "session_form.html",
                                   form=form.values, lists=form.lists, status=400,
                                   errors=on_form(errors, SESSION_INPUTS))
    return see_other(f"{calendar_path(tenant, venue.id, new.on.strftime('%Y-%m'))}"
                     "&done=created")


def series_of(venue: Venue, form: Form, errors: dict) -> series.NewSeries | None:
    first_on = form.date("first_on", errors, "开始日期")
    last_on = form.date("last_on", errors, "结束日期")
    starts = clock_time(form, "starts", "开始时间", errors)
    ends = clock_time(form, "ends", "结束时间", errors)
    capacity = whole(form, "capacity", "可接待人数", errors)
    weekday = whole(form, "weekday", "星期", errors)
    rule = rule_of(form, weekday, errors)
    policy = form.text("holiday_policy")
    if errors:
        return None
    return series.NewSeries(
        venue_id=venue.id, rule=rule, first_on=first_on, last_on=last_on, starts=starts,
        ends=ends, holiday_policy=HolidayPolicy(policy) if policy in set(HolidayPolicy)
        else HolidayPolicy.flag, member_ids=[parse_id(v, "委员") for v in form.all("members")],
        theme=form.text("theme"), capacity=capacity, notice=form.values.get("notice"))


def rule_of(form: Form, weekday: int | None, errors: dict) -> str:
    """The RRULE the form describes (errors: what it cannot be made from)."""
    repeat = form.text("repeat")
    if repeat == "rule":
        return form.values.get("rule", "")
    if weekday is None:
        errors.setdefault("weekday", []).append("请选择星期几")
        return ""
    interval = whole(form, "interval", "间隔周数", errors) or 1
    ordinal = whole(form, "ordinal", "第几个", errors)
    try:
        return recurrence.simple_rule(Repeat.monthly if repeat == "monthly" else Repeat.weekly,
                                      weekday, ordinal=ordinal, interval=interval)
    except ValidationFailed as bad:
        for p in bad.problems:
            errors.setdefault(p.field, []).append(p.message)
        return ""


@get("/t/{code:str}/venues/{venue_id:str}/series/new")
async def new_series_form(request: Request, code: str, venue_id: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant, venue = await scheduling(ctx, code, venue_id)
        today = clock.today_in(tenant.timezone)
        return await form_page(ctx, who, tenant, venue, "series_form.html", form={
            "repeat": "weekly", "weekday": "3", "interval": "1", "ordinal": "2",
            "first_on": today.isoformat(), "last_on": date(today.year, 12, 31).isoformat(),
            "starts": "09:00", "ends": "11:30", "holiday_policy": "flag"})


@post("/t/{code:str}/venues/{venue_id:str}/series/new")
async def new_series_save(request: Request, code: str, venue_id: str) -> Response:
    """Saves the pattern, or (``preview``) shows its dates and conflicts, writing nothing."""
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, venue = await scheduling(ctx, code, venue_id)
        errors: dict[str, list[str]] = {}
        new = series_of(venue, form, errors)
        made = shown = None
        if new is not None and form.text("preview"):
            shown, errors = await attempt(ctx, lambda: series.preview(ctx, new))
        elif new is not None:
            made, errors = await attempt(ctx, lambda: series.create_series(ctx, new))
        if errors or shown is not None:
            return await form_page(ctx, who, tenant, venue, "series_form.html",
                                   form=form.values, lists=form.lists, preview=shown,
                                   errors=on_form(errors, SERIES_INPUTS),
                                   status=400 if errors else 200)
    month = made.sessions[0].starts_at.astimezone(checks.zone(tenant)).strftime("%Y-%m")
    return see_other(f"{calendar_path(tenant, venue.id, month)}"
                     f"&done=series-{len(made.sessions)}")
