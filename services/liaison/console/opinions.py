"""意见建议 for the office, committees, convenors and leadership: the board (a tab per state
with its count, filters, pages, each card with its next action) and an opinion's page (every
field, its people, outcome, reply, feedback, the city's guidance notes, its whole history and
the forms the viewer may use in its state). A parent city reads a county's without controls
but may add a guidance note. The posts are in opinion_moves.py, registering in
opinion_forms.py; the services decide again on every post."""

import uuid
from dataclasses import dataclass, field

from litestar import Request, get
from litestar.response import Template

from liaison.authz import policies
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.members import phones
from liaison.members import service as members
from liaison.members.service import MemberFilter, MemberSort
from liaison.models import Opinion, Tenant
from liaison.models.opinions import (
    OUTCOME_LABELS,
    STATE_LABELS,
    URGENCY_LABELS,
    OpinionState,
    OutcomeKind,
)
from liaison.opinions import board, groups, notes
from liaison.opinions import service as opinions
from liaison.opinions.errors import IllegalTransition
from liaison.opinions.listing import OpinionFilter, parse_filter
from liaison.opinions.rules import GROUP_MOVES, Move, next_action, next_state
from liaison.organisation import service as organisation
from liaison.organisation.service import UnitKind
from liaison.pairings import service as pairings
from liaison.tenancy import clock
from liaison.validation import small_int

PAGE = 20
ALL = 100  # names for the selects and cards are read a service page at a time
FILTERS = ("state", "category", "committee", "member", "overdue")
FEEDBACK_WAYS = ("当面", "电话", "微信", "短信", "书面", "其他")


@dataclass
class Names:
    """What the pages show instead of ids."""

    categories: dict[uuid.UUID, str]
    committees: dict[uuid.UUID, str]
    members: dict[uuid.UUID, str]


async def member_names(ctx: ServiceContext, tenant: Tenant) -> dict[uuid.UUID, str]:
    """Every member of ``tenant`` the caller reads, by name."""
    found, after = {}, None
    while True:
        chunk = await members.list_members(ctx, tenant, MemberFilter(), MemberSort.name,
                                           first=ALL, after=after)
        found.update({m.id: m.name for m in chunk.items})
        if not chunk.has_next:
            return found
        after = chunk.cursors[-1]


async def names(ctx: ServiceContext, tenant: Tenant) -> Names:
    return Names(
        categories={c.id: c.name for c in await opinions.categories(ctx, tenant)},
        committees={u.id: u.name for u in await organisation.list_units(
            ctx, tenant, UnitKind.committee)},
        members=await member_names(ctx, tenant))


def next_step(opinion: Opinion) -> str | None:
    """The next action's label (None once closed; a merged one follows its lead)."""
    if opinion.merged_into_id is not None and OpinionState(opinion.state) in (
            OpinionState.registered, OpinionState.handling, OpinionState.disposed):
        return "随主件办理"
    outcome = OutcomeKind(opinion.outcome_kind) if opinion.outcome_kind else None
    return next_action(OpinionState(opinion.state), outcome)


def is_office(ctx: ServiceContext, tenant: Tenant) -> bool:
    """Whether the caller manages every opinion of ``tenant`` (its own office): the one who
    assigns is the one who registers for anyone and merges."""
    return tenant.id == ctx.require_principal().tenant_id and opinions.may_move(
        ctx.require_principal(), tenant, Opinion(), Move.assign)


def shared(tenant: Tenant, who: Viewer) -> dict:
    """What every opinion page's template reads."""
    return {"viewer": who, "tenant": tenant, "own": tenant.id == who.tenant.id,
            "states": STATE_LABELS, "outcomes": OUTCOME_LABELS, "urgencies": URGENCY_LABELS,
            "today": clock.today_in(tenant.timezone), "next_step": next_step,
            "is_overdue": board.is_overdue}


async def board_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, query: dict, *,
                     after: str | None = None, notice: str | None = None,
                     errors: dict | None = None, status: int = 200) -> Template:
    flt = parse_filter(query)
    found = await board.board(ctx, tenant, flt, first=PAGE, after=after or None)
    counts = await board.state_counts(ctx, tenant, flt)
    own = tenant.id == who.tenant.id
    office = is_office(ctx, tenant)
    actionable = {o.id for o in found.items if own and allowed_moves(ctx, tenant, o)}
    return page("opinions.html", status=status, **shared(tenant, who), rows=found.items,
                actionable=actionable, counts=counts, total=sum(counts.values()),
                query=query, office=office,
                names=await names(ctx, tenant), notice=notice, errors=errors or {},
                categories=await opinions.categories(ctx, tenant) if office else [],
                next_cursor=found.cursors[-1] if found.has_next else None,
                without_state={k: v for k, v in query.items() if k != "state"})


@get("/t/{code:str}/opinions")
async def opinion_board(request: Request, code: str, after: str | None = None,
                        converted: str | None = None) -> Template:
    """Filters as query parameters (``state`` is a name Litestar keeps for itself)."""
    query = {k: v for k in FILTERS if (v := request.query_params.get(k))}
    count = small_int(converted)
    notice = f"已将 {count} 条联系记录中的意见建议登记为意见建议。" \
        if count is not None else None
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await board_page(ctx, who, tenant, query, after=after, notice=notice)


@dataclass
class Detail:
    opinion: Opinion
    people: list = field(default_factory=list)  # (name, phone as the caller sees it)
    unnamed: int = 0
    history: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    lead: Opinion | None = None
    merged: list = field(default_factory=list)
    candidates: list = field(default_factory=list)  # what the office may merge into it
    moves: set = field(default_factory=set)
    may_adopt: bool = False
    may_guide: bool = False
    office: bool = False


def allowed_moves(ctx: ServiceContext, tenant: Tenant, opinion: Opinion) -> set[Move]:
    """The moves the caller may make on ``opinion`` in its state (forms to show)."""
    principal = ctx.require_principal()
    outcome = OutcomeKind(opinion.outcome_kind) if opinion.outcome_kind else None
    moves = set()
    for step in Move:
        if not opinions.may_move(principal, tenant, opinion, step):
            continue
        if opinion.merged_into_id is not None and step in GROUP_MOVES:
            continue
        try:
            next_state(OpinionState(opinion.state), step, outcome)
        except IllegalTransition:
            continue
        moves.add(step)
    return moves


async def people_of(ctx: ServiceContext, tenant: Tenant, opinion: Opinion
                    ) -> tuple[list[tuple[str, str | None]], int]:
    """The named people with their phones (masked as on every page) and the unnamed count."""
    view = phones.view(ctx, tenant.path)
    mine: set[uuid.UUID] = set()
    if phones.needs_pairings(view) and tenant.id == ctx.require_principal().tenant_id:
        me = await members.access_member(ctx, view.member_id)
        mine = {c.id for p, c in await pairings.member_pairings(ctx, tenant, me)
                if p.ended_on is None}
    named, unnamed = [], 0
    for person in await opinions.people(ctx, opinion):
        if person.constituent_id is None:
            unnamed += person.unnamed_count or 0
            continue
        try:
            c = await pairings.access_constituent(ctx, person.constituent_id, tenant=tenant)
        except NotFound:
            named.append(("（无权查看）", None))
            continue
        named.append((c.name, view.constituent(c.phone, [view.member_id] if c.id in mine
                                               else [])))
    return named, unnamed


async def readable(ctx: ServiceContext, tenant: Tenant, rows: list[Opinion]) -> list[Opinion]:
    """Those of ``rows`` the caller reads."""
    found = []
    for row in rows:
        try:
            found.append(await opinions.access_opinion(ctx, row.id, tenant=tenant))
        except NotFound:
            continue
    return found


async def load_detail(ctx: ServiceContext, tenant: Tenant, opinion: Opinion) -> Detail:
    own = tenant.id == ctx.require_principal().tenant_id
    detail = Detail(opinion=opinion, history=await opinions.history(ctx, opinion),
                    notes=await notes.notes(ctx, opinion))
    detail.people, detail.unnamed = await people_of(ctx, tenant, opinion)
    if opinion.merged_into_id is not None:
        try:
            detail.lead = await opinions.access_opinion(ctx, opinion.merged_into_id,
                                                        tenant=tenant)
        except NotFound:
            detail.lead = None  # merged into one the caller does not read
    detail.merged = await readable(ctx, tenant, await groups.merged_into(ctx.session, opinion))
    detail.moves = allowed_moves(ctx, tenant, opinion) if own else set()
    principal = ctx.require_principal()
    detail.office = is_office(ctx, tenant)
    detail.may_adopt = own and opinion.outcome_kind == OutcomeKind.social_info \
        and opinions.may_move(principal, tenant, opinion, Move.reply)
    detail.may_guide = not own and policies.can_guide_opinions(principal, tenant)
    if detail.office and opinion.merged_into_id is None \
            and OpinionState(opinion.state) in groups.MERGEABLE:
        for state in groups.MERGEABLE:
            found = await board.board(ctx, tenant, OpinionFilter(state=state), first=50,
                                      after=None)
            detail.candidates += [o for o in found.items
                                  if o.id != opinion.id and o.merged_into_id is None]
    return detail


async def detail_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, opinion: Opinion, *,
                      acting: str | None = None, errors: dict | None = None,
                      form: dict | None = None, status: int = 200) -> Template:
    detail = await load_detail(ctx, tenant, opinion)
    labels = await names(ctx, tenant)
    return page("opinion.html", status=status, **shared(tenant, who), d=detail,
                o=opinion, names=labels, acting=acting, ways=FEEDBACK_WAYS,
                today_text=clock.today_in(tenant.timezone).isoformat(),
                feedback_by=labels.members.get(opinion.member_id, ""),
                errors=errors or {}, form=form or {}, moves={m.value for m in detail.moves},
                back=f"/t/{tenant.code}/opinions")


async def opinion_in(ctx: ServiceContext, code: str, opinion_id: str
                     ) -> tuple[Viewer, Tenant, Opinion]:
    """The viewer, the page's tenant and the opinion it names (not found unless readable)."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    opinion = await opinions.access_opinion(ctx, parse_id(opinion_id, "意见建议"),
                                            tenant=tenant)
    return who, tenant, opinion


@get("/t/{code:str}/opinions/{opinion_id:str}")
async def opinion_detail(request: Request, code: str, opinion_id: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant, opinion = await opinion_in(ctx, code, opinion_id)
        return await detail_page(ctx, who, tenant, opinion)

