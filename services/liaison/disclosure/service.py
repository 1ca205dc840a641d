"""Public supervision (公开, R22): the office publishes a frozen snapshot of one period (1
January to the end of a chosen quarter) that a page without login shows (``web/disclosure.py``).

What a snapshot holds, and nothing else: per sector, how many serving members, their
contacts, the reception days held, the opinions they raised and how many were converted
(into a proposal, social information, or referred to a department), and the satisfaction of
the year's evaluation ((满意 + 基本满意) / answers, shown only from 3 answers, per sector and
overall, never per member); per member only the name, the sector and their counts. No
constituent, phone, contact content or opinion text is ever read here (``queries.py``).

Counting. Contacts: per member, occurred in the period. Reception: per member, duties served
(not declined) at held sessions; per sector, the distinct held sessions at which a member of
the sector served, so a session two members of one sector served counts once, and the total
the distinct sessions any member served. Opinions: raised by the member in the period.

Publishing freezes the data; one snapshot is published at a time (publishing withdraws the
previous one); a snapshot with no members, or with every count zero, is refused. Only the
tenant's own office publishes and withdraws; the office, the chair and the leadership group
read (the preview and the published snapshot); another tenant is not found. Writes are audited.
"""

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.disclosure import queries
from liaison.disclosure.errors import EmptySnapshot
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import DisclosureSnapshot, Tenant
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant

KIND = "公开数据"
MIN_ANSWERS = 3  # below this the satisfaction is not shown
COUNTS = ("contacts", "reception_days", "opinions_raised", "opinions_converted")
FORBIDDEN = {Act.read: "只有委员联络办、主席和党组（领导小组）可以查看公开数据",
             Act.manage: "只有委员联络办可以发布或撤下公开数据"}


def check(ctx: ServiceContext, tenant: Tenant, act: Act) -> None:
    """NotFound for another tenant, Forbidden for a role of the tenant that may not."""
    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        raise NotFound("单位", tenant.code)
    if not policies.has_permission(principal, tenant.path, Obj.disclosure, act):
        raise Forbidden(FORBIDDEN[act])


def period_of(tenant: Tenant, year: int, quarter: int) -> queries.Period:
    """The period, once the quarter has begun (not in the future)."""
    problems = []
    if not 1 <= quarter <= 4:
        problems.append(FieldProblem("quarter", "季度须为 1 至 4"))
    today = clock.today_in(tenant.timezone)
    if not 2000 <= year <= today.year:
        problems.append(FieldProblem("year", f"年度须在 2000 至 {today.year} 之间"))
    elif not problems and date(year, 3 * quarter - 2, 1) > today:
        problems.append(FieldProblem("quarter", f"{year} 年第 {quarter} 季度尚未开始"))
    if problems:
        raise ValidationFailed(problems)
    return queries.Period(year, quarter, tenant.timezone)


def satisfaction(answers: int, content: int) -> dict:
    """Answers and the rate in whole percent (half up), the rate only from 3 answers."""
    rate = (200 * content + answers) // (2 * answers) if answers >= MIN_ANSWERS else None
    return {"answers": answers, "rate": rate}


async def _data(session: AsyncSession, tenant: Tenant, period: queries.Period) -> dict:
    members = await queries.members(session, tenant.id)
    contacts = await queries.contacts(session, tenant.id, period)
    duties = await queries.duties(session, tenant.id, period)
    raised, converted = await queries.opinions(session, tenant.id, period)
    ratings = await queries.ratings(session, tenant.id, period.year)
    served = Counter(m for _, m in duties)
    sessions_of: dict = {}
    for session_id, member_id in duties:
        sessions_of.setdefault(member_id, set()).add(session_id)
    rated: dict = {}
    for member_id, rating in ratings:
        rated.setdefault(member_id, []).append(rating in queries.CONTENT)
    sectors: dict = {}
    rows = []
    for m in members:
        rows.append({"name": m.name, "sector": m.sector, "contacts": contacts[m.member_id],
                     "reception_duties": served[m.member_id],
                     "opinions_raised": raised[m.member_id],
                     "opinions_converted": converted[m.member_id]})
        s = sectors.setdefault(m.sector_id, {"name": m.sector, "members": 0, "contacts": 0,
                                             "sessions": set(), "opinions_raised": 0,
                                             "opinions_converted": 0, "rated": []})
        s["members"] += 1
        s["contacts"] += contacts[m.member_id]
        s["sessions"] |= sessions_of.get(m.member_id, set())
        s["opinions_raised"] += raised[m.member_id]
        s["opinions_converted"] += converted[m.member_id]
        s["rated"] += rated.get(m.member_id, [])
    groups = [_group(s) for s in sectors.values()]
    everyone = {"members": len(members), "sessions": set().union(
        *(s["sessions"] for s in sectors.values())), "rated": [
        x for s in sectors.values() for x in s["rated"]], **{
        k: sum(s[k] for s in sectors.values())
        for k in ("contacts", "opinions_raised", "opinions_converted")}}
    totals = _group(everyone)
    return {"year": period.year, "quarter": period.quarter, "from": period.first.isoformat(),
            "until": date.fromordinal(period.after.toordinal() - 1).isoformat(),
            "totals": totals, "sectors": groups, "members": rows}


def _group(s: dict) -> dict:
    found = {"name": s.get("name"), "members": s["members"], "contacts": s["contacts"],
             "reception_days": len(s["sessions"]), "opinions_raised": s["opinions_raised"],
             "opinions_converted": s["opinions_converted"],
             "satisfaction": satisfaction(len(s["rated"]), sum(s["rated"]))}
    return found if s.get("name") is not None else {k: v for k, v in found.items()
                                                    if k != "name"}


def is_empty(data: dict) -> bool:
    totals = data["totals"]
    return totals["members"] == 0 or (
        all(totals[k] == 0 for k in COUNTS) and totals["satisfaction"]["answers"] == 0)


async def build(ctx: ServiceContext, year: int, quarter: int) -> dict:
    """The aggregates of the caller's own tenant for the period: counts and the names of
    members and sectors, nothing else."""
    tenant = await own_tenant(ctx)
    return await _data(ctx.session, tenant, period_of(tenant, year, quarter))


async def preview(ctx: ServiceContext, year: int, quarter: int) -> dict:
    """Exactly what publishing now would show (office, leadership group)."""
    check(ctx, await own_tenant(ctx), Act.read)
    return await build(ctx, year, quarter)


async def published(session: AsyncSession, tenant_id) -> DisclosureSnapshot | None:
    """The tenant's published snapshot, if any (raw: the public page's read)."""
    return await session.scalar(select(DisclosureSnapshot).where(
        DisclosureSnapshot.tenant_id == tenant_id, DisclosureSnapshot.published_at.is_not(None),
        DisclosureSnapshot.unpublished_at.is_(None)).order_by(
        DisclosureSnapshot.published_at.desc()).limit(1))


async def current(ctx: ServiceContext, tenant: Tenant) -> DisclosureSnapshot | None:
    """The published snapshot, for the office and the leadership group."""
    check(ctx, tenant, Act.read)
    return await published(ctx.session, tenant.id)


async def publish(ctx: ServiceContext, year: int, quarter: int) -> DisclosureSnapshot:
    """Freeze the period's aggregates and publish them, withdrawing the previous snapshot."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    check(ctx, tenant, Act.manage)
    data = await build(ctx, year, quarter)
    if is_empty(data):
        raise EmptySnapshot(year, quarter)
    now = clock.now()
    await _withdraw(ctx, tenant, now)
    row = DisclosureSnapshot(tenant_id=tenant.id, year=year, quarter=quarter, data=data,
                             created_by=principal.account_id, created_at=now,
                             published_at=now, published_by=principal.account_id)
    ctx.session.add(row)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="disclosure_published",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("disclosure_snapshot", row.id),
                       after={"year": year, "quarter": quarter})
    return row


async def unpublish(ctx: ServiceContext) -> DisclosureSnapshot:
    """Withdraw the published snapshot: the public page answers not-found at once."""
    tenant = await own_tenant(ctx)
    check(ctx, tenant, Act.manage)
    row = await _withdraw(ctx, tenant, clock.now())
    if row is None:
        raise NotFound(KIND, "已发布")
    return row


async def _withdraw(ctx: ServiceContext, tenant: Tenant, now) -> DisclosureSnapshot | None:
    row = await published(ctx.session, tenant.id)
    if row is None:
        return None
    row.unpublished_at = now
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="disclosure_unpublished",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("disclosure_snapshot", row.id),
                       after={"year": row.year, "quarter": row.quarter})
    return row
