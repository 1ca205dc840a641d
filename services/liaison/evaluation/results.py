"""What each role sees of the answers.

- The office, the chair and the leadership group: per member of a round, the codes issued,
  the answers per rating, the satisfaction rate and the comments — never who gave which.
- A member: their own summary only, once the round is closed (reviewed): counts per rating
  and the comments. While the round is open nothing is shown (figures that grow answer by
  answer would tell who answered what); with fewer than three answers neither counts nor
  comments are shown ("too few to show").
Comments are sorted by their text, never by who wrote them or when.
"""

import uuid
from dataclasses import dataclass

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.evaluation import queries
from liaison.evaluation.service import access_round, check
from liaison.models import EvaluationRound, Member, Sector, Tenant
from liaison.models.guidance import Rating, RoundState

MIN_ANSWERS = 3
TOO_FEW = "样本不足（少于3份），暂不显示"
IN_PROGRESS = "评议尚未结束，常委会审议后可查看结果"


@dataclass(frozen=True)
class Tally:
    satisfied: int = 0
    fairly: int = 0
    unsatisfied: int = 0

    @property
    def answers(self) -> int:
        return self.satisfied + self.fairly + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """满意率: (满意 + 基本满意) / answers; None without answers."""
        return (self.satisfied + self.fairly) / self.answers if self.answers else None

    def counts(self) -> list[tuple[Rating, int]]:
        return [(Rating.satisfied, self.satisfied), (Rating.fairly, self.fairly),
                (Rating.unsatisfied, self.unsatisfied)]


@dataclass(frozen=True)
class MemberResult:
    member_id: uuid.UUID
    member_name: str
    sector_name: str
    codes: int
    tally: Tally
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """A member's own view of one round; ``tally`` None and no comments when ``hidden``."""

    round_id: uuid.UUID
    year: int
    state: RoundState
    member_id: uuid.UUID
    member_name: str
    sector_name: str
    hidden: str | None
    tally: Tally | None
    comments: tuple[str, ...]


async def member_results(ctx: ServiceContext, rnd: EvaluationRound) -> list[MemberResult]:
    """Every member of the round (office, chair, leadership group), by sector and name."""
    rnd = await access_round(ctx, rnd.id, Act.read)
    notes = await queries.comments(ctx.session, rnd)
    return [MemberResult(r.member_id, r.member_name, r.sector_name, r.codes,
                         Tally(r.satisfied, r.fairly, r.unsatisfied),
                         tuple(notes.get(r.member_id, ())))
            for r in await queries.member_rows(ctx.session, rnd)]


async def _summary(ctx: ServiceContext, rnd: EvaluationRound, member: Member, sector: str,
                   *, as_member: bool) -> Summary:
    [row] = await queries.member_rows(ctx.session, rnd, member.id) or [None]
    tally = Tally(row.satisfied, row.fairly, row.unsatisfied) if row else Tally()
    hidden = None
    if as_member and rnd.state == RoundState.open:
        hidden = IN_PROGRESS
    elif as_member and tally.answers < MIN_ANSWERS:
        hidden = TOO_FEW
    notes = () if hidden else tuple(
        (await queries.comments(ctx.session, rnd, member.id)).get(member.id, ()))
    return Summary(rnd.id, rnd.year, RoundState(rnd.state), member.id, member.name, sector,
                   hidden, None if hidden else tally, notes)


async def _member(ctx: ServiceContext, tenant: Tenant,
                  member_id: uuid.UUID | None) -> tuple[Member, str, bool]:
    """The member whose summary is asked for, their sector's name, and whether the caller
    sees it as that member (the rules for members) rather than as the office or leaders."""
    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        raise NotFound("单位", tenant.code)
    scope = policies.member_scope(principal, tenant, Obj.evaluation, Act.read)
    member_id = member_id or principal.member_id
    if member_id is None or not (scope.everyone or scope.member_id == member_id):
        if scope.empty:
            check(ctx, tenant, Act.read)  # Forbidden: a role that reads no evaluation
        raise NotFound("委员", member_id)
    member = await ctx.session.get(Member, (tenant.id, member_id))
    if member is None:
        raise NotFound("委员", member_id)
    sector = await ctx.session.get(Sector, (tenant.id, member.sector_id))
    return member, sector.name, not scope.everyone


async def member_summary(ctx: ServiceContext, tenant: Tenant, year: int,
                         member_id: uuid.UUID | None = None) -> Summary:
    """One member's summary of the year's round: the caller's own member by default; the
    office and the leaders may name any member of the tenant."""
    member, sector, as_member = await _member(ctx, tenant, member_id)
    rnd = await queries.round_of_year(ctx.session, tenant.id, year)
    if rnd is None:
        raise NotFound("群众评议", year)
    return await _summary(ctx, rnd, member, sector, as_member=as_member)


async def member_summaries(ctx: ServiceContext, tenant: Tenant,
                           member_id: uuid.UUID | None = None) -> list[Summary]:
    """Every round's summary of one member, newest first (the member's own page)."""
    member, sector, as_member = await _member(ctx, tenant, member_id)
    return [await _summary(ctx, rnd, member, sector, as_member=as_member)
            for rnd in await queries.rounds(ctx.session, tenant.id)]
