"""Which PostgreSQL to talk to, as whom."""

import asyncpg
from sqlalchemy.engine import URL, make_url

from liaison.db import embedded
from liaison.settings import APP_ROLE, Settings


def to_async(url: str | URL) -> URL:
    """Any postgres URL as a SQLAlchemy asyncpg URL."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql+asyncpg")


def server_url(settings: Settings) -> URL:
    """The owner's URL (database left as configured; embedded: the maintenance db)."""
    if settings.database_url:
        return to_async(settings.database_url)
    return embedded.start(settings.data_dir)


def owner_url(settings: Settings, database: str | None = None) -> URL:
    """The owner's URL to the application's database; used for migrations and manifests."""
    url = server_url(settings)
    if settings.embedded or database:
        url = url.set(database=database or settings.database_name)
    return url


def app_url(settings: Settings, owner: URL) -> URL:
    """The restricted application role's URL: never the owner, never a superuser."""
    if settings.app_database_url:
        return to_async(settings.app_database_url)
    return owner.set(username=APP_ROLE, password=settings.app_db_password)


def asyncpg_dsn(url: URL) -> dict:
    """Keyword arguments for ``asyncpg.connect`` from a SQLAlchemy URL."""
    query = dict(url.query)
    return {
        "user": url.username,
        "password": url.password,
        "database": url.database,
        "host": url.host or query.get("host"),
        "port": url.port or (int(query["port"]) if "port" in query else None),
    }


async def ensure_database(url: URL, *, recreate: bool = False) -> None:
    """Create the database named in ``url`` if missing (``recreate``: drop it first)."""
    maintenance = asyncpg_dsn(url.set(database="postgres"))
    conn = await asyncpg.connect(**maintenance)
    try:
        name = url.database
        quoted = '"' + name.replace('"', '""') + '"'
        if recreate:
            await conn.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0")
    finally:
        await conn.close()
