"""Alembic environment: async engine as the owner, migrations in one transaction."""

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

import liaison.models  # noqa: F401  (registers every table)
from liaison.db import rls
from liaison.db.base import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transaction_per_migration=False,
    )
    password = config.attributes.get("app_password", "")
    with context.begin_transaction():
        context.run_migrations(app_password=password)
        if password and context.get_context().get_current_revision() is not None:
            # The configured password is the role's password from now on (rotation works by
            # changing LIAISON_APP_DB_PASSWORD and migrating again).
            connection.exec_driver_sql(rls.set_app_password(password))


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
