"""Dates in a tenant's time zone (Asia/Shanghai by default), never in UTC."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def today_in(timezone: str, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).date()
