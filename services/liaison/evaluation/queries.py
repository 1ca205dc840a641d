"""The evaluation's SQL: who gets a slip, a round's codes with the names a slip prints, and
the answers counted per member. Every statement names its tenant (RLS is the second wall)."""

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Constituent, EvaluationCode, EvaluationRound, Member, Pairing, Sector
from liaison.models.guidance import Rating


@dataclass(frozen=True)
class Recipient:
    """A pairing as a slip needs it: the member it evaluates and the person it goes to."""

    pairing_id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    sector_name: str
    constituent_name: str
    phone: str | None  # the person's, for a phone channel (never shown on a slip)


def _joined(stmt: Select, member_id) -> Select:
    """``stmt`` (over pairings) joined to the member, the member's sector and the person."""
    return (stmt
            .join(Member, (Member.tenant_id == Pairing.tenant_id) & (Member.id == member_id))
            .join(Sector, (Sector.tenant_id == Member.tenant_id)
                  & (Sector.id == Member.sector_id))
            .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
                  & (Constituent.id == Pairing.constituent_id))
            .order_by(Sector.sort_order, Sector.name, Member.name, Member.id, Constituent.name,
                      Pairing.id))


_NAMES = (Member.id, Member.name, Sector.name, Constituent.name, Constituent.phone)


def _recipient(pairing_id, member_id, member_name, sector, person, phone) -> Recipient:
    return Recipient(pairing_id, member_id, member_name, sector, person, phone)


async def active_pairings(session: AsyncSession, tenant_id: uuid.UUID) -> list[Recipient]:
    """Every pairing of the tenant that has not ended, by sector, member and person."""
    stmt = _joined(select(Pairing.id, *_NAMES).select_from(Pairing), Pairing.member_id).where(
        Pairing.tenant_id == tenant_id, Pairing.ended_on.is_(None))
    return [_recipient(*row) for row in (await session.execute(stmt)).all()]


async def unanswered(session: AsyncSession, rnd: EvaluationRound,
                     member_id: uuid.UUID | None) -> list[tuple[EvaluationCode, Recipient]]:
    """The round's codes not answered yet (of one member, if given), locked for update."""
    stmt = _joined(
        select(EvaluationCode, *_NAMES).select_from(EvaluationCode).join(
            Pairing, (Pairing.tenant_id == EvaluationCode.tenant_id)
            & (Pairing.id == EvaluationCode.pairing_id)),
        EvaluationCode.member_id,
    ).where(EvaluationCode.tenant_id == rnd.tenant_id, EvaluationCode.round_id == rnd.id,
            EvaluationCode.answered_at.is_(None))
    if member_id is not None:
        stmt = stmt.where(EvaluationCode.member_id == member_id)
    stmt = stmt.with_for_update(of=EvaluationCode).execution_options(populate_existing=True)
    rows = (await session.execute(stmt)).all()
    return [(code, _recipient(code.pairing_id, *names)) for code, *names in rows]


async def round_of_year(session: AsyncSession, tenant_id: uuid.UUID,
                        year: int) -> EvaluationRound | None:
    return await session.scalar(select(EvaluationRound).where(
        EvaluationRound.tenant_id == tenant_id, EvaluationRound.year == year))


async def rounds(session: AsyncSession, tenant_id: uuid.UUID) -> list[EvaluationRound]:
    """The tenant's rounds, newest year first."""
    return list(await session.scalars(select(EvaluationRound).where(
        EvaluationRound.tenant_id == tenant_id).order_by(EvaluationRound.year.desc())))


def _count(rating: Rating):
    return func.count(case((EvaluationCode.rating == rating, 1)))


@dataclass(frozen=True)
class MemberRow:
    member_id: uuid.UUID
    member_name: str
    sector_name: str
    codes: int
    satisfied: int
    fairly: int
    unsatisfied: int


async def member_rows(session: AsyncSession, rnd: EvaluationRound,
                      member_id: uuid.UUID | None = None) -> list[MemberRow]:
    """Per member with codes in the round: codes issued and answers per rating, by sector
    and name."""
    stmt = (select(Member.id, Member.name, Sector.name, func.count(EvaluationCode.id),
                   _count(Rating.satisfied), _count(Rating.fairly), _count(Rating.unsatisfied))
            .select_from(EvaluationCode)
            .join(Member, (Member.tenant_id == EvaluationCode.tenant_id)
                  & (Member.id == EvaluationCode.member_id))
            .join(Sector, (Sector.tenant_id == Member.tenant_id)
                  & (Sector.id == Member.sector_id))
            .where(EvaluationCode.tenant_id == rnd.tenant_id, EvaluationCode.round_id == rnd.id)
            .group_by(Member.id, Member.name, Sector.name, Sector.sort_order)
            .order_by(Sector.sort_order, Sector.name, Member.name, Member.id))
    if member_id is not None:
        stmt = stmt.where(EvaluationCode.member_id == member_id)
    return [MemberRow(*row) for row in (await session.execute(stmt)).all()]


async def comments(session: AsyncSession, rnd: EvaluationRound,
                   member_id: uuid.UUID | None = None) -> dict[uuid.UUID, list[str]]:
    """The comments per member, sorted by their text (never by who or when)."""
    stmt = select(EvaluationCode.member_id, EvaluationCode.comment).where(
        EvaluationCode.tenant_id == rnd.tenant_id, EvaluationCode.round_id == rnd.id,
        EvaluationCode.comment.is_not(None))
    if member_id is not None:
        stmt = stmt.where(EvaluationCode.member_id == member_id)
    found: dict[uuid.UUID, list[str]] = {}
    for member, text in (await session.execute(stmt)).all():
        found.setdefault(member, []).append(text)
    return {member: sorted(texts) for member, texts in found.items()}


async def totals(session: AsyncSession, rnd: EvaluationRound) -> tuple[int, int]:
    """The round's codes and answers."""
    row = (await session.execute(select(
        func.count(EvaluationCode.id), func.count(EvaluationCode.answered_at)).where(
        EvaluationCode.tenant_id == rnd.tenant_id, EvaluationCode.round_id == rnd.id))).one()
    return row[0], row[1]


async def members_of(session: AsyncSession, tenant_id: uuid.UUID,
                     ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Of these ids, the tenant's members, with their names."""
    if not ids:
        return {}
    rows = await session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == tenant_id, Member.id.in_(ids)))
    return dict(rows.all())
