"""The people's codes, ratings and comments are read by their own tenant only: a city's
session, which reads its counties' other rows, sees none of a county's (migration 0014)."""

from sqlalchemy import func, select

from liaison.models import EvaluationCode
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.evaluation.evaluation_rows import open_2025


async def test_a_city_reads_no_county_evaluation_code(database, roster):
    w = roster.world
    await open_2025(database, roster)
    async with database.sessions() as session:
        await apply_scope(session, TenantScope(w.county_a.id, (w.county_a.id,)))
        own = await session.scalar(select(func.count()).select_from(EvaluationCode))
        await session.rollback()
        city = TenantScope(w.city.id, (w.city.id, w.county_a.id, w.county_b.id))
        await apply_scope(session, city)
        seen = await session.scalar(select(func.count()).select_from(EvaluationCode))
    assert (own > 0, seen) == (True, 0)
