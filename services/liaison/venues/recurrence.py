"""Recurring reception days: an RFC 5545 RRULE (or a simple weekly or monthly choice made into
one) over a period, with the days on a Chinese public holiday flagged, or moved to the next
working day. Pure: no database, no clock.

Holidays come from ``chinese_calendar`` (the State Council's yearly arrangements; its make-up
working days are working days). A year it has no data for gets no flag and no move, and the
plan says so in its notes.

dateutil checks UNTIL only when a date matches, so a rule that never matches (``BYMONTH=2;
BYMONTHDAY=30``) would run on to the year 9999. The Gregorian calendar repeats exactly every
400 years, so the rule is evaluated 400·k years later, near 9999, where it stops soon
either way; the dates are shifted back.
"""

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

import chinese_calendar
from dateutil.rrule import rrulestr

from liaison.errors import FieldProblem, ValidationFailed
from liaison.models.venues import HolidayPolicy
from liaison.validation import small_int
from liaison.venues.errors import TooManySessions

MAX_SESSIONS = 400
MAX_RULE_LENGTH = 200
MAX_PERIOD_DAYS = 731
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH",
                   "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "WKST"})
RULE_CHARS = re.compile(r"[A-Z0-9=;,+\-]+")
UNTIL = re.compile(r"(\d{8})(T\d{6}Z?)?")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = (1, 2, 3, 4, -1)
_H = chinese_calendar.Holiday
HOLIDAY_NAMES = {_H.new_years_day.value: "元旦", _H.spring_festival.value: "春节",
                 _H.tomb_sweeping_day.value: "清明节", _H.labour_day.value: "劳动节",
                 _H.dragon_boat_festival.value: "端午节", _H.mid_autumn_festival.value: "中秋节",
                 _H.national_day.value: "国庆节",
                 _H.anti_fascist_70th_day.value: "抗战胜利70周年纪念日"}
_CYCLE = 400  # years after which the Gregorian calendar (weekdays, leap years) repeats


class Repeat(enum.StrEnum):
    weekly = "weekly"  # every ``interval`` weeks on a weekday
    monthly = "monthly"  # the ``ordinal``-th weekday of every month (-1: the last)


@dataclass(frozen=True)
class Occurrence:
    on: date
    holiday_name: str | None = None  # kept on a public holiday: which one (Chinese)
    moved_from: date | None = None  # moved off a public holiday: the day it fell on


@dataclass(frozen=True)
class Plan:
    rule: str  # the rule as stored (upper case, no ``RRULE:``)
    occurrences: tuple[Occurrence, ...]
    unknown_years: tuple[int, ...] = ()  # years without holiday data: not flagged or moved

    @property
    def notes(self) -> list[str]:
        return [f"{year} 年的法定节假日安排尚未发布，该年的接待日未做节假日标注或顺延"
                for year in self.unknown_years]


def _bad(message: str, field: str = "rrule") -> ValidationFailed:
    return ValidationFailed([FieldProblem(field, message)])


def simple_rule(repeat: Repeat, weekday: int, *, ordinal: int | None = None,
                interval: int = 1) -> str:
    """The RRULE of a simple choice: weekday 0 (Monday) … 6 (Sunday)."""
    if not 0 <= weekday <= 6:
        raise _bad("星期须为 0（周一）到 6（周日）", "weekday")
    day = WEEKDAYS[weekday]
    if repeat is Repeat.weekly:
        if not 1 <= interval <= 4:
            raise _bad("间隔周数须为 1 到 4", "interval")
        return f"FREQ=WEEKLY;BYDAY={day}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if ordinal not in ORDINALS:
        raise _bad("每月第几个须为 1 到 4，或 -1（最后一个）", "ordinal")
    return f"FREQ=MONTHLY;BYDAY={ordinal}{day}"


def _parts(text: str) -> dict[str, str]:
    if len(text) > MAX_RULE_LENGTH:
        raise _bad(f"重复规则不超过 {MAX_RULE_LENGTH} 个字符")
    value = text.strip().upper().removeprefix("RRULE:")
    if not value or not RULE_CHARS.fullmatch(value):
        raise _bad("重复规则须为一条 RFC 5545 RRULE，例如 FREQ=MONTHLY;BYDAY=2TH")
    parts: dict[str, str] = {}
    for item in value.split(";"):
        key, sep, part = item.partition("=")
        if key in parts:
            raise _bad(f"重复规则中 {key} 出现了两次")
        if not sep or not part:
            raise _bad(f"重复规则的“{item}”无法识别")
        if key not in PARTS:
            raise _bad(f"重复规则不支持 {key}（时间由开始、结束时间决定）")
        parts[key] = part
    if parts.get("FREQ") not in FREQUENCIES:
        raise _bad("FREQ 须为 DAILY、WEEKLY、MONTHLY 或 YEARLY")
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not 1 <= (small_int(parts[key]) or 0) <= 1000:
            raise _bad(f"{key} 须为 1 到 1000 的整数")
    return parts


def _until(value: str) -> date:
    match = UNTIL.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        return datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        raise _bad(f"UNTIL 须为日期，例如 20251231：{value}") from None


def _check_period(first_on: date, last_on: date) -> None:
    if last_on < first_on:
        raise _bad("结束日期不能早于开始日期", "lastOn")
    if (last_on - first_on).days >= MAX_PERIOD_DAYS:
        raise _bad("期间最长两年", "lastOn")


def expand(text: str, first_on: date, last_on: date) -> tuple[str, list[date]]:
    """The rule as stored and its dates within ``first_on``…``last_on`` (both included)."""
    _check_period(first_on, last_on)
    parts = _parts(text)
    stored = ";".join(f"{k}={v}" for k, v in parts.items())
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    until = _until(parts.pop("UNTIL")) if "UNTIL" in parts else None
    if until is not None and until > last_on:
        raise _bad(f"UNTIL（{until.isoformat()}）超出期间（至 {last_on.isoformat()}）")
    shift = _CYCLE * ((datetime.max.year - 1 - last_on.year) // _CYCLE)
    end = min(last_on, until or last_on)
    try:
        rule = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()),
                        dtstart=datetime(first_on.year + shift, first_on.month, first_on.day))
        rule = rule.replace(until=datetime.combine(end.replace(year=end.year + shift),
                                                   time.max))
        found = [d.date() for d in islice(rule, MAX_PERIOD_DAYS + 1)]
    except Exception:  # anything dateutil refuses is the client's bad rule, never a 500
        raise _bad("无法解析的重复规则：请检查 BYDAY、BYMONTHDAY、BYSETPOS 等的取值") from None
    dates = [d.replace(year=d.year - shift) for d in found]
    if count is not None:
        if len(dates) < count:
            raise _bad(f"COUNT={count} 超出期间：期间内只有 {len(dates)} 次")
        dates = dates[:count]
    if not dates:
        raise _bad("该规则在期间内没有接待日")
    if len(dates) > MAX_SESSIONS:
        raise TooManySessions(len(dates), MAX_SESSIONS)
    return stored, dates


def holiday_of(on: date) -> str | None:
    """The public holiday ``on`` falls on, in Chinese (None on working days and ordinary
    weekends); NotImplementedError for a year chinese_calendar has no data for."""
    on_holiday, name = chinese_calendar.get_holiday_detail(on)
    return HOLIDAY_NAMES.get(name, name) if on_holiday and name else None


def holiday_name(on: date) -> str | None:
    """``holiday_of``, None for a year without data."""
    try:
        return holiday_of(on)
    except NotImplementedError:
        return None


def next_working_day(on: date) -> date:
    """The first working day after ``on`` (make-up working days count); NotImplementedError
    when the search reaches a year without data."""
    day = on + timedelta(days=1)
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def _occurrence(on: date, policy: HolidayPolicy, unknown: set[int]) -> Occurrence:
    try:
        name = holiday_of(on)
    except NotImplementedError:
        unknown.add(on.year)
        return Occurrence(on)
    if name is None or policy is HolidayPolicy.flag:
        return Occurrence(on, holiday_name=name)
    try:
        return Occurrence(next_working_day(on), moved_from=on)
    except NotImplementedError:
        unknown.add(on.year + 1)
        return Occurrence(on, holiday_name=name)


def plan(text: str, first_on: date, last_on: date, policy: HolidayPolicy) -> Plan:
    """The occurrences of the rule in the period, holidays flagged or moved."""
    rule, dates = expand(text, first_on, last_on)
    unknown: set[int] = set()
    found = [_occurrence(d, policy, unknown) for d in dates]
    found.sort(key=lambda o: (o.on, o.moved_from or o.on))
    return Plan(rule, tuple(found), tuple(sorted(unknown)))
