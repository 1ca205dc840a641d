"""Engines and sessions. The server's engine connects as the restricted application role.

Bounded waits, so that a database outage fails requests fast (``db.faults``) instead of
hanging them: connecting gives up after ``CONNECT_TIMEOUT`` seconds, waiting for a pooled
connection after ``POOL_TIMEOUT``, and one statement after ``command_timeout`` (generous: a
province's roll-up takes 0.4 s, a whole 10,000-member import 4 s; docs/benchmarks.md).
The pool keeps every connection it opens, up to ``pool_size`` at once (no overflow): a
connection opened for a burst and closed when it came back cost the next burst a new
PostgreSQL backend each (a fork, authentication, asyncpg's set-up: the p99 of every load
test, and up to a third of the throughput of logging contacts, docs/benchmarks.md).
Pooled connections are not pinged on checkout (a round trip and 0.4 ms on every request,
docs/benchmarks.md): after a database restart the first request on a dropped connection
answers DB_UNAVAILABLE like any request during the outage, and that first disconnect
invalidates every older connection in the pool, so the server recovers by itself once the
database is back (tests/db/test_faults.py).
"""

import logging

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger("liaison.db")

CONNECT_TIMEOUT = 2.0
POOL_TIMEOUT = 3.0
COMMAND_TIMEOUT = 30.0


class Database:
    def __init__(self, url: URL, *, pool_size: int = 20,
                 command_timeout: float = COMMAND_TIMEOUT) -> None:
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=pool_size, max_overflow=0, pool_pre_ping=False,
            pool_timeout=POOL_TIMEOUT,
            connect_args={"timeout": CONNECT_TIMEOUT, "command_timeout": command_timeout},
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False,
                                           autoflush=False)

    def session(self) -> AsyncSession:
        return self.sessions()

    async def dispose(self) -> None:
        await self.engine.dispose()


async def discard(session: AsyncSession, request_id: str) -> None:
    """Roll back, and if even that fails (the database is gone) drop the connection instead;
    never raises, so a request boundary can always answer."""
    try:
        await session.rollback()
    except Exception as exc:
        log.warning("rollback failed (request %s): %r", request_id, exc)
        try:
            await session.invalidate()
        except Exception as again:
            log.warning("dropping the connection failed (request %s): %r", request_id, again)


async def close(session: AsyncSession, request_id: str) -> None:
    """Close the session; a connection that cannot be returned is the pool's to replace."""
    try:
        await session.close()
    except Exception as exc:
        log.warning("closing the session failed (request %s): %r", request_id, exc)
