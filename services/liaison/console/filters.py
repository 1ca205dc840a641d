"""Jinja filters for the console's templates: figures and dates as Chinese readers write
them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from litestar.plugins.jinja import JinjaTemplateEngine


def percent(rate: float | None) -> str:
    """0.3333 → 33.3%; no pairing due → —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def chinese_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def local_time(value: datetime | None, timezone: str = "Asia/Shanghai") -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def local_clock(value: datetime | None, timezone: str = "Asia/Shanghai") -> str:
    """The wall-clock time alone: 09:00."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def local_date(value: datetime | None, timezone: str = "Asia/Shanghai") -> date | None:
    """The day an instant falls on in ``timezone``."""
    return None if value is None else value.astimezone(ZoneInfo(timezone)).date()


def weekday(value: date | None) -> str:
    """星期四."""
    return "" if value is None else "星期" + "一二三四五六日"[value.weekday()]


def register(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(percent=percent, cdate=chinese_date, local_time=local_time,
                                  local_clock=local_clock, local_date=local_date,
                                  weekday=weekday)
