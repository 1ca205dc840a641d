"""群众评议 (R21): the office opens a year's round, every active pairing gets a one-time code
for the person; the chair or the leadership group records the standing committee's review
and closes the round, which freezes the answers. Answering is public (``public.py``); what
each role sees of the answers is in ``results.py``.

Slips. The plain codes exist only in what ``open_round`` and ``reissue`` return (the slips,
printed at once as .docx or a print page, or sent); the database keeps their SHA-256. A lost
slip is replaced by ``reissue``: every unanswered code of the round (or of one member) gets a
new code and the old ones stop working; answered codes are never touched. A pairing that
starts after the round opened gets no code. Reissuing necessarily tells the office who has
not answered yet; nothing tells anyone what a person answered.

Only the tenant's own office (manage) and its chair and leadership group (read, review) see
rounds; another tenant's round is not found, other roles of the tenant are forbidden.
Every write is audited; bad input writes nothing.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.evaluation import codes, queries
from liaison.evaluation.errors import RoundClosed, RoundExists
from liaison.fields import Field
from liaison.models import EvaluationCode, EvaluationRound, Member, Tenant
from liaison.models.guidance import RoundState
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text

KIND = "群众评议"
CONCLUSION = Field("conclusion", "审议结论", 2000)
MAX_NAMED = 500  # members named for commendation or for talks, each list
FORBIDDEN = {Act.read: "只有委员联络办、主席和党组（领导小组）可以查看评议结果",
             Act.manage: "只有委员联络办可以开启评议或补发评议码",
             Act.review: "只有主席或党组（领导小组）可以审议并结束评议"}


@dataclass(frozen=True)
class Slip:
    """One printed or sent slip: the plain code (shown this once) and who it is about."""

    code: str  # XXXXX-XXXXX
    year: int
    recipient: queries.Recipient

    def url(self, base: str, tenant_code: str) -> str:
        return f"{base.rstrip('/')}{evaluate_path(tenant_code)}?code={self.code}"


@dataclass(frozen=True)
class Issued:
    round: EvaluationRound
    slips: list[Slip]


@dataclass
class Review:
    review_on: date
    conclusion: str
    commended: list[uuid.UUID] = field(default_factory=list)
    talks: list[uuid.UUID] = field(default_factory=list)


def evaluate_path(tenant_code: str) -> str:
    """The public evaluation page of a tenant."""
    return f"/p/{tenant_code}/evaluate"


def may(ctx: ServiceContext, tenant: Tenant, act: Act) -> bool:
    """Whether the caller may ``act`` on the evaluation of ``tenant`` (its own only); reading
    means reading every member's results."""
    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        return False
    if act == Act.read:
        return policies.member_scope(principal, tenant, Obj.evaluation, Act.read).everyone
    return policies.has_permission(principal, tenant.path, Obj.evaluation, act)


def check(ctx: ServiceContext, tenant: Tenant, act: Act) -> None:
    """NotFound for another tenant, Forbidden for a role of the tenant that may not."""
    if tenant.id != ctx.require_principal().tenant_id:
        raise NotFound("单位", tenant.code)
    if not may(ctx, tenant, act):
        raise Forbidden(FORBIDDEN[act])


async def access_round(ctx: ServiceContext, round_id: uuid.UUID, act: Act = Act.read, *,
                       tenant: Tenant | None = None) -> EvaluationRound:
    """A round of the caller's own tenant (another tenant's: not found) that the caller may
    ``act`` on (forbidden otherwise)."""
    principal = ctx.require_principal()
    row = await access.find_readable(ctx, EvaluationRound, round_id, act=act, tenant=tenant)
    if row is None or row.tenant_id != principal.tenant_id:
        raise NotFound(KIND, round_id)
    check(ctx, await own_tenant(ctx), act)
    return row


async def round_of_year(ctx: ServiceContext, tenant: Tenant, year: int) -> EvaluationRound:
    check(ctx, tenant, Act.read)
    if not 2000 <= year <= 2100:  # the table's range; a year past int32 is no query at all
        raise NotFound(KIND, year)
    found = await queries.round_of_year(ctx.session, tenant.id, year)
    if found is None:
        raise NotFound(KIND, year)
    return found


async def list_rounds(ctx: ServiceContext, tenant: Tenant) -> list[EvaluationRound]:
    """The tenant's rounds, newest first (office, chair, leadership group)."""
    check(ctx, tenant, Act.read)
    return await queries.rounds(ctx.session, tenant.id)


async def totals(ctx: ServiceContext, rnd: EvaluationRound) -> tuple[int, int]:
    """How many codes the round has and how many were answered."""
    return await queries.totals(ctx.session, rnd)


async def names_of(ctx: ServiceContext, rnd: EvaluationRound) -> dict[uuid.UUID, str]:
    """The names of the members the review named (for commendation or for talks)."""
    return await queries.members_of(ctx.session, rnd.tenant_id, {*rnd.commended, *rnd.talks})


async def open_round(ctx: ServiceContext, year: int) -> Issued:
    """Open the year's round: a code for every pairing that has not ended. The plain codes
    are in the answer, and nowhere else."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    check(ctx, tenant, Act.manage)
    this_year = clock.today_in(tenant.timezone).year
    if not 2000 <= year <= this_year:
        raise ValidationFailed([FieldProblem("year", f"评议年度须在 2000 到 {this_year} 之间")])
    if await queries.round_of_year(ctx.session, tenant.id, year) is not None:
        raise RoundExists(year)
    recipients = await queries.active_pairings(ctx.session, tenant.id)
    if not recipients:
        raise ValidationFailed([FieldProblem("year", "本单位没有进行中的结对，无法开启评议")])
    rnd = EvaluationRound(tenant_id=tenant.id, id=uuid.uuid4(), year=year,
                          state=RoundState.open, opened_by=principal.account_id,
                          opened_at=clock.now(), commended=[], talks=[])
    ctx.session.add(rnd)
    try:
        await ctx.session.flush()
    except IntegrityError as exc:  # opened at the same moment by another request
        if "uq_evaluation_round_tenant_id_year" in str(exc.orig):
            raise RoundExists(year) from None
        raise
    slips = []
    for recipient in recipients:
        code = codes.new_code()
        ctx.session.add(EvaluationCode(
            tenant_id=tenant.id, id=uuid.uuid4(), round_id=rnd.id,
            pairing_id=recipient.pairing_id, member_id=recipient.member_id,
            code_hash=codes.digest(codes.normalise(code))))
        slips.append(Slip(code, year, recipient))
    await audit.record_change(ctx, "evaluation_round_opened", rnd, None,
                              extra_after={"codes": len(slips)})
    return Issued(rnd, slips)


async def _open_for_change(ctx: ServiceContext, round_id: uuid.UUID, act: Act, *,
                           exclusive: bool) -> EvaluationRound:
    """The round, locked (shared: codes change under it; exclusive: it closes), still open."""
    rnd = await access_round(ctx, round_id, act)
    rnd = await ctx.session.scalar(
        select(EvaluationRound).where(EvaluationRound.tenant_id == rnd.tenant_id,
                                      EvaluationRound.id == rnd.id)
        .with_for_update(read=not exclusive).execution_options(populate_existing=True))
    if rnd.state != RoundState.open:
        raise RoundClosed(rnd.year)
    return rnd


async def reissue(ctx: ServiceContext, round_id: uuid.UUID,
                  member_id: uuid.UUID | None = None) -> Issued:
    """New codes for the round's unanswered codes (of one member, if given); the replaced
    codes stop working at once."""
    rnd = await _open_for_change(ctx, round_id, Act.manage, exclusive=False)
    if member_id is not None and await ctx.session.get(Member, (rnd.tenant_id,
                                                                member_id)) is None:
        raise NotFound("委员", member_id)
    found = await queries.unanswered(ctx.session, rnd, member_id)
    if not found:
        raise ValidationFailed([FieldProblem("memberId", "没有未使用的评议码，无需补发")])
    slips = []
    for row, recipient in found:
        code = codes.new_code()
        row.code_hash = codes.digest(codes.normalise(code))
        slips.append(Slip(code, rnd.year, recipient))
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=rnd.tenant_id, action="evaluation_codes_reissued",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("evaluation_round", rnd.id),
                       detail={"member_id": str(member_id) if member_id else None,
                               "count": len(slips)})
    return Issued(rnd, slips)


def _named(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


async def review_and_close(ctx: ServiceContext, round_id: uuid.UUID, review: Review
                           ) -> EvaluationRound:
    """The standing committee's review (chair or leadership group): the meeting's date (not
    in the future, not before the round opened), the conclusion, the members named for
    commendation and for talks (members of the tenant, not both); the round closes, its
    codes expire and its answers are frozen."""
    rnd = await _open_for_change(ctx, round_id, Act.review, exclusive=True)
    tenant = await own_tenant(ctx)
    conclusion = clean_text(review.conclusion.replace("\r\n", "\n").replace("\r", "\n"))
    problems = [p for p in [CONCLUSION.required_problem(conclusion)] if p]
    opened_on = clock.today_in(tenant.timezone, rnd.opened_at)
    if not opened_on <= review.review_on <= clock.today_in(tenant.timezone):
        problems.append(FieldProblem("reviewOn", "审议日期须在评议开启之后、今天之前"))
    commended, talks = _named(review.commended), _named(review.talks)
    too_many = [(name, ids) for name, ids in (("commendedMemberIds", commended),
                                             ("talkMemberIds", talks)) if len(ids) > MAX_NAMED]
    if too_many:  # refused before any lookup: an id list of any length never reaches SQL
        raise ValidationFailed([FieldProblem(name, f"名单不超过 {MAX_NAMED} 人")
                                for name, _ in too_many])
    known = await queries.members_of(ctx.session, tenant.id, {*commended, *talks})
    for name, ids in (("commendedMemberIds", commended), ("talkMemberIds", talks)):
        problems += [FieldProblem(name, f"找不到委员：{i}") for i in ids if i not in known]
    if set(commended) & set(talks):
        problems.append(FieldProblem("talkMemberIds", "同一委员不能既列入表扬又列入约谈"))
    if problems:
        raise ValidationFailed(problems)
    rnd.review_on, rnd.conclusion = review.review_on, conclusion
    rnd.commended, rnd.talks = commended, talks
    rnd.state, rnd.closed_at = RoundState.closed, clock.now()
    rnd.reviewed_by = ctx.require_principal().account_id
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=rnd.tenant_id, action="evaluation_round_reviewed",
                       origin=ctx.origin, actor_id=rnd.reviewed_by,
                       target=("evaluation_round", rnd.id), before={"state": "open"},
                       after={"state": "closed", "review_on": rnd.review_on.isoformat(),
                              "conclusion": conclusion,
                              "commended": [str(i) for i in commended],
                              "talks": [str(i) for i in talks]})
    return rnd
