"""Opinion deadlines and the overdue lists, one per step.

- 办理超期 (``handling``): registered or handling, and the handling due date the office set
  when assigning it (``due_on``; a merged opinion has its lead's) has passed — as the
  board's ``overdue`` filter counts it.
- 反馈超期 (``feedback``): not yet fed back (nor closed), and ``raised_on`` + the tenant's
  days to answer the people (``opinion_reply_days``, default 30) has passed.

"Passed" is strictly before today in the tenant's time zone: on the due day itself nothing
is overdue yet. The reminder job, GraphQL (``Tenant.overdueOpinions``) and the console read
the same queries.
"""

import uuid
from datetime import date, timedelta

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import Forbidden, NotFound
from liaison.labels import Labelled, labels
from liaison.models import Opinion, Tenant
from liaison.models.opinions import OpinionState
from liaison.organisation import defaults
from liaison.tenancy import access, clock

UNHANDLED = (OpinionState.registered, OpinionState.handling)
FED_BACK = (OpinionState.fed_back, OpinionState.closed)


class OverdueStep(Labelled):
    handling = "handling"
    feedback = "feedback"


STEP_LABELS = labels(OverdueStep, {OverdueStep.handling: "办理超期",
                                   OverdueStep.feedback: "反馈超期"})


async def reply_days(session: AsyncSession, tenant_id: uuid.UUID) -> int:
    """The days to answer the people that apply to the tenant (its own or from above)."""
    return (await defaults.effective(session, tenant_id)).opinion_reply_days


def reply_due_on(opinion: Opinion, days: int) -> date:
    """The day by which the people who raised the opinion should have heard back."""
    return opinion.raised_on + timedelta(days=days)


def due_on(opinion: Opinion, step: OverdueStep, days: int) -> date | None:
    """The day ``step`` is due for the opinion (handling: None until the office sets one)."""
    return opinion.due_on if step is OverdueStep.handling else reply_due_on(opinion, days)


def overdue_condition(step: OverdueStep, today: date, days: int):
    if step is OverdueStep.handling:
        return and_(Opinion.state.in_(UNHANDLED), Opinion.due_on < today)
    return and_(Opinion.state.not_in(FED_BACK), Opinion.raised_on < today - timedelta(days=days))


def _order(step: OverdueStep) -> list:
    """Longest overdue first: by the date the step was due (a handling due date, or the day
    raised, which orders the reply due dates the same way), then by id."""
    return [Opinion.due_on if step is OverdueStep.handling else Opinion.raised_on, Opinion.id]


async def overdue(session: AsyncSession, tenant: Tenant, step: OverdueStep,
                  today: date) -> list[Opinion]:
    """Every opinion of ``tenant`` overdue at ``step`` on ``today`` (the reminder job's)."""
    days = await reply_days(session, tenant.id)
    stmt: Select = select(Opinion).where(Opinion.tenant_id == tenant.id,
                                         overdue_condition(step, today, days))
    return list(await session.scalars(stmt.order_by(*_order(step))))


async def list_overdue(ctx: ServiceContext, tenant: Tenant, step: OverdueStep, *,
                       first: int, after: str | None) -> Page[Opinion]:
    """The opinions of a readable tenant overdue at ``step`` today, those the caller may read
    (as ``opinions.service.list_opinions``), longest overdue first."""
    scope = policies.opinion_scope(ctx.require_principal(), tenant, Act.read)
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if scope == policies.OpinionScope():
        raise Forbidden("没有权限查看意见建议")
    days = await reply_days(ctx.session, tenant.id)
    today = clock.today_in(tenant.timezone)
    stmt = select(Opinion).where(Opinion.tenant_id == tenant.id, scope.condition(Opinion),
                                 overdue_condition(step, today, days))
    return await paginate(ctx.session, stmt, _order(step), first=first, after=after)
