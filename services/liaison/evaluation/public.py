"""The person's side, without an account: look a code up, answer once.

The caller (``web/evaluation.py``) has scoped the transaction to the one tenant whose page
was opened, and there is no principal. A code is usable when it is this tenant's, its round
is open and it has not been answered; anything else — unknown, malformed, used, replaced by
a reissue, its round closed, another tenant's — is ``InvalidCode``, one message for all, so
nothing tells which codes or members exist. What a usable code shows is the member's name
and sector, and the year.

Guessing is slowed per source address: ``WRONG_CODES`` refusals a quarter hour, counted in
a transaction of their own (``security/ratelimit.py``); past that every code is refused
with RATE_LIMITED before it is looked up, right ones too, so the limit cannot be probed.

An answer locks the round (shared) and the code: a review closing the round waits for it
or wins, and two answers with one code cannot both count. Its audit row names the round
only: not the code, the pairing or the rating, so the log cannot tell who answered what.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from liaison.audit import service as audit
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, ValidationFailed
from liaison.evaluation import codes
from liaison.evaluation.errors import InvalidCode
from liaison.fields import Field
from liaison.models import EvaluationCode, EvaluationRound, Member, Sector, Tenant
from liaison.models.guidance import Rating, RoundState
from liaison.security import ratelimit
from liaison.tenancy import clock
from liaison.validation import clean_text

WRONG_CODES = ratelimit.Limit("evaluate-fail:addr", 10, timedelta(minutes=15))
COMMENT = Field("comment", "意见", 500)
CHOOSE = "请选择“满意”“基本满意”或“不满意”"


@dataclass(frozen=True)
class Ballot:
    """What the person sees: the year and the member's name and sector, nothing else."""

    year: int
    member_name: str
    sector_name: str


def _usable(tenant: Tenant, hashed: str):
    return (EvaluationCode.tenant_id == tenant.id, EvaluationCode.code_hash == hashed,
            EvaluationCode.answered_at.is_(None))


async def _find(ctx: ServiceContext, tenant: Tenant, hashed: str, *, lock: bool):
    stmt = (select(EvaluationCode, EvaluationRound.year, Member.name, Sector.name)
            .join(EvaluationRound, (EvaluationRound.tenant_id == EvaluationCode.tenant_id)
                  & (EvaluationRound.id == EvaluationCode.round_id))
            .join(Member, (Member.tenant_id == EvaluationCode.tenant_id)
                  & (Member.id == EvaluationCode.member_id))
            .join(Sector, (Sector.tenant_id == Member.tenant_id)
                  & (Sector.id == Member.sector_id))
            .where(*_usable(tenant, hashed), EvaluationRound.state == RoundState.open))
    if lock:
        stmt = stmt.with_for_update(of=EvaluationCode).execution_options(
            populate_existing=True)
    return (await ctx.session.execute(stmt)).first()


async def ballot(ctx: ServiceContext, tenant: Tenant, typed: str | None) -> Ballot:
    """The ballot of a usable code; ``InvalidCode`` otherwise."""
    hashed = codes.digest_of(typed)
    found = await _find(ctx, tenant, hashed, lock=False) if hashed else None
    if found is None:
        raise InvalidCode()
    _, year, member, sector = found
    return Ballot(year, member, sector)


async def _lock_open_round(ctx: ServiceContext, tenant: Tenant, hashed: str) -> uuid.UUID:
    """The code's round, locked shared while it is open: a review closing it waits."""
    round_id = await ctx.session.scalar(select(EvaluationCode.round_id).where(
        *_usable(tenant, hashed)))
    locked = round_id and await ctx.session.scalar(
        select(EvaluationRound.id).where(EvaluationRound.tenant_id == tenant.id,
                                         EvaluationRound.id == round_id,
                                         EvaluationRound.state == RoundState.open)
        .with_for_update(read=True))
    if not locked:
        raise InvalidCode()
    return locked


def lines(text: str | None) -> str | None:
    """Line breaks as ``\n`` (a browser sends a textarea's as ``\r\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def _checked(rating: str | None, comment: str | None) -> tuple[Rating, str | None]:
    problems = []
    try:
        chosen = Rating(rating or "")
    except ValueError:
        chosen = None
        problems.append(FieldProblem("rating", CHOOSE))
    comment = clean_text(lines(comment))
    if COMMENT.too_long(comment):
        problems.append(COMMENT.problem())
    if problems:
        raise ValidationFailed(problems)
    return chosen, comment


async def answer(ctx: ServiceContext, tenant: Tenant, typed: str | None, rating: str | None,
                 comment: str | None) -> Ballot:
    """Record the person's answer with a usable code (once); ``InvalidCode`` for any other
    code, ``ValidationFailed`` (nothing written) for a missing rating or a long comment."""
    hashed = codes.digest_of(typed)
    if hashed is None:
        raise InvalidCode()
    round_id = await _lock_open_round(ctx, tenant, hashed)
    found = await _find(ctx, tenant, hashed, lock=True)
    if found is None:
        raise InvalidCode()
    row, year, member, sector = found
    row.rating, row.comment = _checked(rating, comment)
    row.answered_at = clock.now()
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="evaluation_answered",
                       origin=ctx.origin, target=("evaluation_round", round_id))
    return Ballot(year, member, sector)


def _address(ctx: ServiceContext) -> str:
    return ctx.origin.source_addr or "unknown"


async def check_limit(ctx: ServiceContext) -> None:
    """``RateLimited`` when the address has used up its wrong codes; counts nothing."""
    async with ctx.sessions.begin() as session:
        await ratelimit.check(session, WRONG_CODES, _address(ctx))


async def count_wrong(ctx: ServiceContext) -> None:
    """One wrong code from the caller's address (its own transaction: it counts whatever
    becomes of the request); ``RateLimited`` once the address is over the limit."""
    await ratelimit.hit_now(ctx.sessions, WRONG_CODES, _address(ctx))
