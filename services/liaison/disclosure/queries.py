"""The counts a snapshot is made of, per member, for one tenant over one period. Only ids,
names and counts leave this module; never a constituent, a phone, a contact's content or an
opinion's text. Callers check who may ask; the queries name the tenant (RLS is the second
wall)."""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import (
    Contact,
    EvaluationCode,
    EvaluationRound,
    Member,
    Opinion,
    ReceptionSession,
    Sector,
    SessionDuty,
)
from liaison.models.guidance import Rating, RoundState
from liaison.models.members import MemberStatus
from liaison.models.opinions import OutcomeKind
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.venues.public import local_midnight

CONVERTED = (OutcomeKind.proposal, OutcomeKind.social_info, OutcomeKind.referred)
CONTENT = (Rating.satisfied, Rating.fairly)


@dataclass(frozen=True)
class Period:
    """1 January to the quarter's last day, inclusive, in the tenant's zone."""

    year: int
    quarter: int
    timezone: str

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def after(self) -> date:
        """The day after the quarter's end."""
        return date(self.year + 1, 1, 1) if self.quarter == 4 else date(
            self.year, 3 * self.quarter + 1, 1)


@dataclass(frozen=True)
class Row:
    member_id: uuid.UUID
    name: str
    sector_id: uuid.UUID
    sector: str
    sector_order: int


async def members(session: AsyncSession, tenant_id: uuid.UUID) -> list[Row]:
    """The serving members with their sector, by sector order, then name."""
    rows = await session.execute(select(
        Member.id, Member.name, Sector.id, Sector.name, Sector.sort_order).join(
        Sector, (Sector.tenant_id == Member.tenant_id) & (Sector.id == Member.sector_id)).where(
        Member.tenant_id == tenant_id, Member.status == MemberStatus.serving).order_by(
        Sector.sort_order, Sector.name, Member.name, Member.id))
    return [Row(*r) for r in rows]


async def contacts(session: AsyncSession, tenant_id: uuid.UUID, period: Period
                   ) -> Counter[uuid.UUID]:
    rows = await session.execute(select(Contact.member_id, func.count()).where(
        Contact.tenant_id == tenant_id, Contact.occurred_on >= period.first,
        Contact.occurred_on < period.after).group_by(Contact.member_id))
    return Counter(dict(rows.all()))


async def duties(session: AsyncSession, tenant_id: uuid.UUID, period: Period
                 ) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(session id, member id) of every duty served (not declined) at a held session."""
    rows = await session.execute(select(SessionDuty.session_id, SessionDuty.member_id).join(
        ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
        & (ReceptionSession.id == SessionDuty.session_id)).where(
        SessionDuty.tenant_id == tenant_id, SessionDuty.status != DutyStatus.declined,
        ReceptionSession.status == SessionStatus.held,
        ReceptionSession.starts_at >= local_midnight(period.first, period.timezone),
        ReceptionSession.starts_at < local_midnight(period.after, period.timezone)))
    return [(s, m) for s, m in rows]


async def opinions(session: AsyncSession, tenant_id: uuid.UUID, period: Period
                   ) -> tuple[Counter[uuid.UUID], Counter[uuid.UUID]]:
    """Opinions raised by each member in the period, and how many of them were converted."""
    rows = await session.execute(select(Opinion.member_id, Opinion.outcome_kind).where(
        Opinion.tenant_id == tenant_id, Opinion.member_id.is_not(None),
        Opinion.raised_on >= period.first, Opinion.raised_on < period.after))
    raised: Counter[uuid.UUID] = Counter()
    converted: Counter[uuid.UUID] = Counter()
    for member_id, outcome in rows:
        raised[member_id] += 1
        if outcome in CONVERTED:
            converted[member_id] += 1
    return raised, converted


async def ratings(session: AsyncSession, tenant_id: uuid.UUID, year: int
                  ) -> list[tuple[uuid.UUID, Rating]]:
    """(member id, rating) of every answer in the year's evaluation round, once it is closed:
    an open round's answers are not shown even to the member (evaluation/results.py), let
    alone counted on a public page as they come in."""
    rows = await session.execute(select(EvaluationCode.member_id, EvaluationCode.rating).join(
        EvaluationRound, (EvaluationRound.tenant_id == EvaluationCode.tenant_id)
        & (EvaluationRound.id == EvaluationCode.round_id)).where(
        EvaluationCode.tenant_id == tenant_id, EvaluationRound.year == year,
        EvaluationRound.state == RoundState.closed, EvaluationCode.rating.is_not(None)))
    return [(m, r) for m, r in rows]
