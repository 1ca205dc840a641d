"""The migrations build the schema from empty, tear it down to base, and match the models."""

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from liaison.db import migrate, urls
from liaison.db.base import Base


async def _tables(url) -> list[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"))
            return [r[0] for r in rows]
    finally:
        await engine.dispose()


def test_upgrade_from_empty_downgrade_to_base_and_up_again(settings, owner_url):
    url = owner_url.set(database=f"{owner_url.database}_migrations")
    asyncio.run(urls.ensure_database(url, recreate=True))
    migrate.upgrade(url, settings.app_db_password)
    assert asyncio.run(_tables(url)) == [
        "account", "activity_group", "activity_member", "activity_person", "activity_sector",
        "alembic_version", "annual_filing", "api_key", "assessment_mark", "assessment_weights",
        "attachment", "audit_log", "committee", "constituent", "contact", "contact_constituent",
        "disclosure_snapshot", "evaluation_code", "evaluation_round", "feed_token",
        "guidance_item", "guidance_target", "liaison_settings", "login_throttle",
        "major_decision", "member", "notification", "opinion", "opinion_category",
        "opinion_event", "opinion_note", "opinion_person", "pairing", "rate_limit",
        "reception_series", "reception_session", "role_assignment", "sector", "sector_activity",
        "session_duty", "session_visitor", "tenant", "tenant_directory", "term", "venue",
        "venue_sector"]
    migrate.downgrade(url, settings.app_db_password, "0005")
    assert len(asyncio.run(_tables(url))) == 20
    migrate.downgrade(url, settings.app_db_password, "0002")
    assert len(asyncio.run(_tables(url))) == 13
    migrate.downgrade(url, settings.app_db_password, "0001")
    assert len(asyncio.run(_tables(url))) == 8
    migrate.downgrade(url, settings.app_db_password, "base")
    assert asyncio.run(_tables(url)) == ["alembic_version"]
    migrate.upgrade(url, settings.app_db_password)
    assert len(asyncio.run(_tables(url))) == 46


async def test_models_match_the_migrations(owner_engine):
    def diff(sync_conn):
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with owner_engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_readiness_reports_the_head_revision(owner_engine):
    async with owner_engine.connect() as conn:
        current = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    assert current == migrate.head_revision() == "0014"
