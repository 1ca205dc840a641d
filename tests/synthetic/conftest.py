"""The city preset generated once for tests/synthetic, into a database of its own."""

import asyncio

import pytest

from liaison import synthetic
from liaison.db import migrate, urls


@pytest.fixture(scope="package")
def generated(settings, owner_url):
    url = owner_url.set(database=f"{owner_url.database}_synthetic")
    asyncio.run(urls.ensure_database(url, recreate=True))
    migrate.upgrade(url, settings.app_db_password)
    lines: list[str] = []
    stats = asyncio.run(synthetic.generate(urls.asyncpg_dsn(url), synthetic.PRESETS["city"],
                                           years=1, progress=lines.append))
    return url, stats, lines
