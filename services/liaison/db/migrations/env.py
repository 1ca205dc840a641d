"""Alembic environment: async engine as the owner, migrations in one transaction."""

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

import liaison.models  # noqa: F401  (registers every table)
from liaison.db.base import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations(app_password=config.attributes.get("app_password", ""))


async def main() -> None:
    engine = create_async_engine(config.attributes["owner_url"])
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
asyncio.run(main())
