"""Reading the generated database back, as its owner."""

import asyncpg

from liaison.db import urls


async def fetch(url, sql: str):
    conn = await asyncpg.connect(**urls.asyncpg_dsn(url))
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()
