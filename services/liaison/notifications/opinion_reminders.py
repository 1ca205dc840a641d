"""Reminders of overdue opinions (办理超期, 反馈超期; see ``opinions/deadlines.py``).

For each overdue step of an opinion: one notification to the member who brought it (if
any) and one to the committee handling it (if assigned to one), keys
``opinion:{step}:{opinion}:member`` and ``…:committee``. The key makes each exactly once,
however often the job runs: an opinion overdue again at the same step (reopened, or given a
new due date) is not reminded again.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Opinion, Tenant
from liaison.models.opinions import OpinionState
from liaison.notifications.channels import one_line
from liaison.opinions import deadlines
from liaison.opinions.deadlines import OverdueStep


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str
    title: str
    body: str
    member_id: uuid.UUID | None = None
    committee_id: uuid.UUID | None = None


def key(step: OverdueStep, opinion_id: uuid.UUID, recipient: str) -> str:
    return f"opinion:{step.value}:{opinion_id}:{recipient}"  # at most 63 characters


def _what(step: OverdueStep, due: date, days: int) -> str:
    if step is OverdueStep.handling:
        return f"办理期限为 {due}"
    return f"应于 {due} 前向反映群众反馈（自提出之日起 {days} 天）"


def reminders_for(opinion: Opinion, step: OverdueStep, days: int) -> list[Reminder]:
    """The notifications an opinion overdue at ``step`` gives (none, one or two)."""
    due = deadlines.due_on(opinion, step, days)
    title = one_line(opinion.title)
    state = OpinionState(opinion.state).label
    heading = f"意见建议{step.label}：{title}（{due} 到期）"
    facts = f"意见建议“{title}”{_what(step, due, days)}，目前仍为“{state}”，已{step.label}。"
    kind = f"opinion_{step.value}"
    found = []
    if opinion.member_id is not None:
        found.append(Reminder(key(step, opinion.id, "member"), kind, heading,
                              f"您报送的{facts}", member_id=opinion.member_id))
    if opinion.committee_id is not None:
        ask = "请尽快办理。" if step is OverdueStep.handling else "请尽快办理并向反映群众反馈。"
        found.append(Reminder(key(step, opinion.id, "committee"), kind, heading,
                              f"贵委承办的{facts}{ask}", committee_id=opinion.committee_id))
    return found


async def due(session: AsyncSession, tenant: Tenant, today: date) -> list[Reminder]:
    """Every reminder the tenant's overdue opinions give on ``today`` (made or not yet)."""
    days = await deadlines.reply_days(session, tenant.id)
    found = []
    for step in OverdueStep:
        for opinion in await deadlines.overdue(session, tenant, step, today):
            found += reminders_for(opinion, step, days)
    return found
