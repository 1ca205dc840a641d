"""The server's pool keeps the connections it opens (db/engine.py): a burst above the usual
load does not leave the next burst to open new PostgreSQL backends, and never more than
``pool_size`` are open at once."""

import asyncio

from sqlalchemy import text

from liaison.db.engine import POOL_TIMEOUT, Database


async def backends(database: Database, n: int) -> set[int]:
    """The backend pids of ``n`` sessions holding a connection at the same time."""
    sessions = [database.session() for _ in range(n)]
    try:
        return {await s.scalar(text("SELECT pg_backend_pid()")) for s in sessions}
    finally:
        await asyncio.gather(*(s.close() for s in sessions))


async def test_a_burst_keeps_its_connections_for_the_next(app_url):
    database = Database(app_url, pool_size=12)
    try:
        first = await backends(database, 12)
        assert (len(first), database.engine.pool.checkedin()) == (12, 12)
        assert await backends(database, 12) == first  # the same backends, none opened
        assert await backends(database, 3) <= first
    finally:
        await database.dispose()


async def test_no_more_than_the_pool_size_at_once(app_url):
    database = Database(app_url, pool_size=2)
    try:
        held = [database.session() for _ in range(2)]
        for session in held:
            await session.scalar(text("SELECT 1"))
        waiting = asyncio.create_task(backends(database, 1))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # waits for a connection (up to POOL_TIMEOUT) …
        await held[0].close()
        assert len(await asyncio.wait_for(waiting, POOL_TIMEOUT)) == 1  # … and gets one
        await held[1].close()
    finally:
        await database.dispose()
