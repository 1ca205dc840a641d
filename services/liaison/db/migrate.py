"""Run the Alembic migrations from code (``liaison migrate``, tests, ``make run``)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(owner: URL, app_password: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["owner_url"] = owner
    config.attributes["app_password"] = app_password
    return config


def upgrade(owner: URL, app_password: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(owner, app_password), revision)


def downgrade(owner: URL, app_password: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(owner, app_password), revision)


def head_revision() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(sync_connection) -> str | None:
    return MigrationContext.configure(sync_connection).get_current_revision()
