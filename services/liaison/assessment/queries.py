"""The year's facts per member of one tenant, in a handful of queries (one per quarter for
compliance, one each for filings, opinions, duties and the evaluation)."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.assessment.rules import Facts
from liaison.compliance import queries as compliance
from liaison.compliance.quarters import Quarter
from liaison.models import AnnualFiling, EvaluationCode, Opinion, ReceptionSession, SessionDuty
from liaison.models.contacts import FilingKind, FilingStatus
from liaison.models.guidance import Rating, RoundState
from liaison.models.opinions import OutcomeKind
from liaison.models.tenant import Tenant
from liaison.models.venues import DutyStatus, SessionStatus

CONVERTED = (OutcomeKind.proposal, OutcomeKind.social_info, OutcomeKind.referred)
ON_TIME = (FilingStatus.submitted, FilingStatus.accepted)
# compliance's window of each due pairing in a quarter, summed per member
_PER_MEMBER = compliance.DUE_PAIRINGS + """
    SELECT member_id, bool_and(contacted) AS complete FROM due GROUP BY member_id
"""


def quarters_counted(year: int, today: date) -> list[Quarter]:
    """The year's quarters, up to the current one while the year runs."""
    if year > today.year:
        return []
    last = 4 if year < today.year else Quarter.of(today).number
    return [Quarter(year, n) for n in range(1, last + 1)]


@dataclass
class _Tally:
    values: dict

    def add(self, member_id: uuid.UUID, **counts: int) -> None:
        row = self.values.setdefault(member_id, {})
        for key, value in counts.items():
            row[key] = row.get(key, 0) + value

    def set(self, member_id: uuid.UUID, key: str) -> None:
        self.values.setdefault(member_id, {})[key] = True


async def facts(session: AsyncSession, tenant: Tenant, year: int, today: date,
                round_state: RoundState | None, round_id: uuid.UUID | None
                ) -> dict[uuid.UUID, Facts]:
    tally = _Tally({})
    for quarter in quarters_counted(year, today):
        rows = await session.execute(text(_PER_MEMBER), {
            "tenants": [tenant.id], "qs": quarter.start, "qe": quarter.end,
            "min_days": compliance.MIN_DAYS_DUE})
        for member_id, complete in rows:
            tally.add(member_id, quarters_due=1, quarters_complete=int(complete))
    filings = await session.execute(select(AnnualFiling.member_id, AnnualFiling.kind).where(
        AnnualFiling.tenant_id == tenant.id, AnnualFiling.year == year,
        AnnualFiling.status.in_(ON_TIME), AnnualFiling.late.is_(False)))
    for member_id, kind in filings:
        key = "plan_on_time" if kind is FilingKind.plan else "report_on_time"
        tally.set(member_id, key)
    opinions = await session.execute(select(Opinion.member_id, func.count()).where(
        Opinion.tenant_id == tenant.id, Opinion.member_id.is_not(None),
        Opinion.raised_on.between(date(year, 1, 1), date(year, 12, 31)),
        Opinion.outcome_kind.in_(CONVERTED)).group_by(Opinion.member_id))
    for member_id, count in opinions:
        tally.add(member_id, converted=count)
    zone = ZoneInfo(tenant.timezone)
    duties = await session.execute(select(SessionDuty.member_id, SessionDuty.status).join(
        ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
        & (ReceptionSession.id == SessionDuty.session_id)).where(
        SessionDuty.tenant_id == tenant.id, ReceptionSession.status == SessionStatus.held,
        ReceptionSession.starts_at >= datetime(year, 1, 1, tzinfo=zone),
        ReceptionSession.starts_at < datetime(year + 1, 1, 1, tzinfo=zone)))
    for member_id, status in duties:
        tally.add(member_id, duties_assigned=1,
                  duties_served=int(status is not DutyStatus.declined))
    if round_id is not None:
        answers = await session.execute(select(
            EvaluationCode.member_id, EvaluationCode.rating, func.count()).where(
            EvaluationCode.tenant_id == tenant.id, EvaluationCode.round_id == round_id,
            EvaluationCode.rating.is_not(None)).group_by(EvaluationCode.member_id,
                                                        EvaluationCode.rating))
        for member_id, rating, count in answers:
            tally.add(member_id, **{Rating(rating).value: count})
    closed = round_state is RoundState.closed
    result = defaultdict(lambda: Facts(round_closed=closed))
    for member_id, values in tally.values.items():
        result[member_id] = Facts(round_closed=closed, **values)
    return result
