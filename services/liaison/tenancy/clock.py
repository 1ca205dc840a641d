"""The time liaison rules use, and dates in a tenant's time zone (never in UTC).

``now()`` is the wall clock unless a test pins it (``pinned``): date rules (quarters,
deadlines, "not in the future") must not depend on the day the tests run. Security clocks
(token expiry, lockouts, rate limits) always use real time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_pinned: datetime | None = None


def now() -> datetime:
    return _pinned or datetime.now(UTC)


@contextmanager
def pinned(at: datetime) -> Iterator[datetime]:
    """Pin the liaison clock (an aware datetime) for the block."""
    global _pinned
    if at.tzinfo is None:
        raise ValueError("pin an aware datetime")
    previous, _pinned = _pinned, at
    try:
        yield at
    finally:
        _pinned = previous


def today_in(timezone: str, at: datetime | None = None) -> date:
    return (at or now()).astimezone(ZoneInfo(timezone)).date()
