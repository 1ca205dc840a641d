"""Merging (R7): several opinions on one matter become one proposal or one 社情民意信息.

The office merges opinions into a lead; those merged keep their own people and their own
feedback and closing, and follow the lead's assignment, outcome and reply (service.move
applies the lead's move to each of them, with its own history entry). A group is one level
deep: a lead is not itself merged, and an opinion merged elsewhere cannot lead.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Opinion
from liaison.models.opinions import OpinionState

# Merging happens before the outcome: the group is handled as one from then on.
MERGEABLE = {OpinionState.registered, OpinionState.handling}


async def merged_into(session: AsyncSession, lead: Opinion) -> list[Opinion]:
    """The opinions merged into ``lead``, oldest first."""
    return list(await session.scalars(select(Opinion).where(
        Opinion.tenant_id == lead.tenant_id, Opinion.merged_into_id == lead.id)
        .order_by(Opinion.raised_on, Opinion.created_at, Opinion.id)))


async def group_of(session: AsyncSession, opinion: Opinion) -> list[Opinion]:
    """The lead of ``opinion``'s group and every opinion merged into it (lead first)."""
    lead = opinion
    if opinion.merged_into_id is not None:
        lead = await session.get(Opinion, (opinion.tenant_id, opinion.merged_into_id))
    return [lead, *await merged_into(session, lead)]


async def is_lead(session: AsyncSession, opinion: Opinion) -> bool:
    return await session.scalar(select(Opinion.id).where(
        Opinion.tenant_id == opinion.tenant_id, Opinion.merged_into_id == opinion.id)
        .limit(1)) is not None


def ids(values) -> list[uuid.UUID]:
    return list(dict.fromkeys(values))
