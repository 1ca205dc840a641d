"""Opinion lookups worth isolating: categories (seeded lazily), the list, people, history."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Opinion, OpinionCategory, OpinionEvent, OpinionPerson
from liaison.models.opinions import DEFAULT_CATEGORIES


async def categories(session: AsyncSession, tenant_id: uuid.UUID, *,
                     seed: bool) -> list[OpinionCategory]:
    """The tenant's categories; a tenant with none gets the defaults when ``seed``."""
    rows = list(await session.scalars(select(OpinionCategory).where(
        OpinionCategory.tenant_id == tenant_id)
        .order_by(OpinionCategory.sort_order, OpinionCategory.name)))
    if rows or not seed:
        return rows
    rows = [OpinionCategory(tenant_id=tenant_id, id=uuid.uuid4(), name=name, sort_order=i)
            for i, name in enumerate(DEFAULT_CATEGORIES)]
    session.add_all(rows)
    await session.flush()
    return rows


async def people(session: AsyncSession, opinion: Opinion) -> list[OpinionPerson]:
    return list(await session.scalars(select(OpinionPerson).where(
        OpinionPerson.tenant_id == opinion.tenant_id, OpinionPerson.opinion_id == opinion.id)
        .order_by(OpinionPerson.unnamed_count.nulls_first(), OpinionPerson.id)))


async def history(session: AsyncSession, opinion: Opinion) -> list[OpinionEvent]:
    return list(await session.scalars(select(OpinionEvent).where(
        OpinionEvent.tenant_id == opinion.tenant_id, OpinionEvent.opinion_id == opinion.id)
        .order_by(OpinionEvent.seq)))


async def proposal_taken(session: AsyncSession, opinion: Opinion, year: int,
                         number: str) -> bool:
    return await session.scalar(select(Opinion.id).where(
        Opinion.tenant_id == opinion.tenant_id, Opinion.proposal_year == year,
        Opinion.proposal_number == number, Opinion.id != opinion.id,
        Opinion.merged_into_id.is_(None))) is not None

