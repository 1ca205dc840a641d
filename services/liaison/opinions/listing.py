"""The opinion list as filtered on a board, in GraphQL or for a download: one filter, one
scoped statement.

``statement`` names its tenant and applies the caller's opinion scope (the office: every
opinion; a committee: those assigned to it; a convenor: their sector's; a member: their own);
``parse_filter`` reads the filter from a query string (``?state=handling&committee=office``)
and refuses what it cannot read with a Chinese message.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, PublicError, ValidationFailed
from liaison.models import Opinion
from liaison.models.opinions import STATE_LABELS, OpinionState
from liaison.models.tenant import Tenant
from liaison.opinions import deadlines
from liaison.tenancy import access, clock

MAX_ROWS = 50_000
OFFICE = "office"  # ?committee=office: the opinions the office keeps (no committee)


@dataclass(frozen=True)
class OpinionFilter:
    state: OpinionState | None = None
    category_id: uuid.UUID | None = None
    committee_id: uuid.UUID | None = None
    office_only: bool = False  # kept by the office: no committee assigned
    member_id: uuid.UUID | None = None
    sector_id: uuid.UUID | None = None
    raised_from: date | None = None
    raised_to: date | None = None
    overdue: bool = False  # due before today and still registered or handling

    def problems(self) -> list[FieldProblem]:
        found = []
        if self.office_only and self.committee_id is not None:
            found.append(FieldProblem("committeeId", "不能同时按专门委员会和委员联络办筛选"))
        if self.raised_from and self.raised_to and self.raised_from > self.raised_to:
            found.append(FieldProblem("raisedTo", "提出日期的结束日不能早于开始日"))
        return found


def statement(ctx: ServiceContext, tenant: Tenant, flt: OpinionFilter) -> Select:
    """The opinions of ``tenant`` the caller may read that pass ``flt`` (no order, no limit):
    not found for a tenant the caller does not read, forbidden for a role without opinions."""
    scope = policies.opinion_scope(ctx.require_principal(), tenant, Act.read)
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if scope == policies.OpinionScope():
        raise Forbidden("没有权限查看意见建议")
    if problems := flt.problems():
        raise ValidationFailed(problems)
    stmt = select(Opinion).where(Opinion.tenant_id == tenant.id, scope.condition(Opinion))
    for column, value in ((Opinion.state, flt.state), (Opinion.category_id, flt.category_id),
                          (Opinion.committee_id, flt.committee_id),
                          (Opinion.member_id, flt.member_id),
                          (Opinion.sector_id, flt.sector_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if flt.office_only:
        stmt = stmt.where(Opinion.committee_id.is_(None))
    if flt.raised_from is not None:
        stmt = stmt.where(Opinion.raised_on >= flt.raised_from)
    if flt.raised_to is not None:
        stmt = stmt.where(Opinion.raised_on <= flt.raised_to)
    if flt.overdue:  # the reminders' 办理超期 (the reply days do not matter for it)
        stmt = stmt.where(deadlines.overdue_condition(
            deadlines.OverdueStep.handling, clock.today_in(tenant.timezone), 0))
    return stmt


async def rows(ctx: ServiceContext, tenant: Tenant, flt: OpinionFilter, *,
               limit: int = MAX_ROWS) -> list[Opinion]:
    """The filtered opinions, oldest first (as a printed list is read)."""
    stmt = statement(ctx, tenant, flt).order_by(Opinion.raised_on, Opinion.created_at,
                                                Opinion.id)
    return list(await ctx.session.scalars(stmt.limit(limit)))


# -- from a query string ---------------------------------------------------------------

def _bad(message: str) -> PublicError:
    return PublicError("BAD_REQUEST", message)


def _id(value: str | None, label: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _bad(f"{label}不是有效的 id：{value[:40]}") from None


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(f"{label}须为日期，如 2025-03-01") from None


def _state(value: str | None) -> OpinionState | None:
    if not value:
        return None
    by_label = {label: state for state, label in STATE_LABELS.items()}
    try:
        return by_label.get(value) or OpinionState(value.lower())
    except ValueError:
        names = "、".join(s.value for s in OpinionState)
        raise _bad(f"状态须为以下之一：{names}") from None


def _flag(value: str | None) -> bool:
    if value is None or value.lower() in ("", "0", "false", "no"):
        return False
    if value.lower() in ("1", "true", "yes"):
        return True
    raise _bad("overdue 须为 1 或 0")


def parse_filter(params: Mapping[str, str | None]) -> OpinionFilter:
    """The filter from query parameters ``state`` (``handling`` or ``办理中``), ``category``,
    ``committee`` (an id, or ``office`` for those the office keeps), ``member``, ``sector``,
    ``from``/``to`` (YYYY-MM-DD) and ``overdue`` (1); PublicError BAD_REQUEST otherwise."""
    committee = params.get("committee") or None
    office_only = committee == OFFICE
    flt = OpinionFilter(
        state=_state(params.get("state")), category_id=_id(params.get("category"), "类别"),
        committee_id=None if office_only else _id(committee, "专门委员会"),
        office_only=office_only, member_id=_id(params.get("member"), "委员"),
        sector_id=_id(params.get("sector"), "界别"),
        raised_from=_date(params.get("from"), "开始日期"),
        raised_to=_date(params.get("to"), "结束日期"), overdue=_flag(params.get("overdue")))
    if problems := flt.problems():
        raise _bad("；".join(p.message for p in problems))
    return flt
