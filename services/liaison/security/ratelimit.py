"""Rate limits kept in PostgreSQL, so every replica shares them (GCRA, one statement a hit).

A limit allows ``count`` requests per ``period`` with a burst of ``count``: each hit moves
the key's theoretical arrival time (``tat``) on by ``period / count``; a hit that would move
it further than ``period`` ahead of now is refused, and nothing is written. Keys name what is
limited and for whom (``login:addr:203.0.113.7``). Callers run a hit in a transaction of its
own (``hit_now``) or inside the transaction that records the outcome (``hit``), never in the
request's transaction, which may be rolled back.
"""

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from liaison.errors import DomainError


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    period: timedelta

    @property
    def interval(self) -> timedelta:
        return self.period / self.count

    def key(self, subject: str) -> str:
        return f"{self.name}:{subject}"[:200]


# Every login attempt from one address; the failures of one address (so that it cannot lock
# many accounts: 30 failures are at most six locks per quarter hour); password changes per
# account; any request without a token, per address.
LOGIN_PER_ADDRESS = Limit("login:addr", 20, timedelta(minutes=1))
LOGIN_FAILURES_PER_ADDRESS = Limit("login-fail:addr", 30, timedelta(minutes=15))
PASSWORD_CHANGE_PER_ACCOUNT = Limit("password:acct", 5, timedelta(minutes=15))
ANONYMOUS_PER_ADDRESS = Limit("anon:addr", 120, timedelta(minutes=1))


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(f"请求过于频繁，请在 {self.retry_after} 秒后重试")


_HIT = text("""
    INSERT INTO rate_limit AS r (key, tat) VALUES (:key, now() + CAST(:interval AS interval))
    ON CONFLICT (key) DO UPDATE SET tat = greatest(r.tat, now()) + CAST(:interval AS interval)
      WHERE greatest(r.tat, now()) + CAST(:interval AS interval)
            <= now() + CAST(:period AS interval)
    RETURNING tat
""")
_WAIT = text("""
    SELECT extract(epoch FROM (greatest(tat, now()) + CAST(:interval AS interval)
                              - CAST(:period AS interval)) - now())
    FROM rate_limit WHERE key = :key
""")
_SWEEP = text("DELETE FROM rate_limit WHERE tat < now()")


def _params(limit: Limit, subject: str) -> dict:
    return {"key": limit.key(subject), "interval": limit.interval, "period": limit.period}


async def hit(session: AsyncSession, limit: Limit, subject: str) -> None:
    """Count one request; raises ``RateLimited`` (and counts nothing) when over the limit."""
    params = _params(limit, subject)
    if (await session.execute(_HIT, params)).first() is None:
        raise RateLimited(float(await session.scalar(_WAIT, params) or 1))
    if random.random() < 0.01:  # expired buckets mean nothing; clear them now and then
        await session.execute(_SWEEP)


async def check(session: AsyncSession, limit: Limit, subject: str) -> None:
    """Raise ``RateLimited`` when the next hit would be refused; counts nothing."""
    wait = await session.scalar(_WAIT, _params(limit, subject))
    if wait is not None and wait > 0:
        raise RateLimited(float(wait))


async def hit_now(sessions: async_sessionmaker, limit: Limit, subject: str) -> None:
    """A hit in a transaction of its own: it counts whatever happens to the request."""
    async with sessions.begin() as session:
        await hit(session, limit, subject)
