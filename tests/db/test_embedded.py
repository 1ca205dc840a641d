"""The embedded PostgreSQL starts in a directory whose parents are closed to other users
(as a CI checkout may be when run as root), answers, and stops."""

import asyncio
import os

import asyncpg

from liaison.db import embedded, urls


def test_start_query_and_stop_in_a_closed_directory(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    data_dir = closed / "checkout" / ".data"
    url = embedded.start(data_dir)
    try:
        async def version() -> str:
            conn = await asyncpg.connect(**urls.asyncpg_dsn(url))
            try:
                return await conn.fetchval("SHOW server_version")
            finally:
                await conn.close()

        assert int(asyncio.run(version()).split(".")[0]) >= 15
        assert embedded.is_running(data_dir)
    finally:
        assert embedded.stop(data_dir) is True
    assert not embedded.is_running(data_dir)
    assert embedded.stop(data_dir) is False
    if os.geteuid() == 0:  # pgserver opened the parents to its system user
        assert closed.stat().st_mode & 0o005 == 0o005
