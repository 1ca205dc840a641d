"""The opinions board (the console's 意见建议看板): one page of the filtered list and how
many of them are in each state, on the one scoped statement of listing.py (the same filter
as GraphQL and the downloads)."""

import dataclasses
from datetime import date

from sqlalchemy import func, select

from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.models import Opinion
from liaison.models.opinions import OpinionState
from liaison.models.tenant import Tenant
from liaison.opinions.deadlines import UNHANDLED
from liaison.opinions.listing import OpinionFilter, statement


def is_overdue(opinion: Opinion, today: date) -> bool:
    """Past its handling due date and still registered or handling (as ``overdue=1``)."""
    return opinion.due_on is not None and opinion.due_on < today \
        and OpinionState(opinion.state) in UNHANDLED


async def board(ctx: ServiceContext, tenant: Tenant, flt: OpinionFilter, *, first: int,
                after: str | None) -> Page[Opinion]:
    """One page of the filtered opinions the caller reads, newest raised first."""
    return await paginate(ctx.session, statement(ctx, tenant, flt),
                          [Opinion.raised_on, Opinion.id], first=first, after=after,
                          descending=True)


async def state_counts(ctx: ServiceContext, tenant: Tenant,
                       flt: OpinionFilter) -> dict[OpinionState, int]:
    """How many of the filtered opinions (whatever their state) are in each state."""
    listed = statement(ctx, tenant, dataclasses.replace(flt, state=None)).subquery()
    rows = await ctx.session.execute(select(listed.c.state, func.count())
                                     .group_by(listed.c.state))
    found = {OpinionState(state): n for state, n in rows.all()}
    return {state: found.get(state, 0) for state in OpinionState}
