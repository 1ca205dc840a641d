"""What a sector activity needs before anything is written: its texts, a day not in the
future, the tenant's sectors (at least one), serving members of the tenant (at least one),
the tenant's constituents, a studio the caller may keep records for."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from liaison import fields
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, ValidationFailed
from liaison.fields import clean_texts
from liaison.models import Constituent, Member, Sector, Tenant, Venue
from liaison.models.members import MemberStatus
from liaison.models.venues import ActivityKind, VenueKind
from liaison.tenancy import clock

MAX_SECTORS = 50
MAX_MEMBERS = 200
MAX_PEOPLE = 500
MAX_REACHED = 1_000_000


@dataclass
class ActivityInput:
    kind: ActivityKind
    title: str
    held_on: date
    sector_ids: list[uuid.UUID]
    member_ids: list[uuid.UUID]
    constituent_ids: list[uuid.UUID] = field(default_factory=list)  # paired people
    place: str | None = None
    venue_id: uuid.UUID | None = None  # a studio (界别委员工作室)
    people_reached: int = 0
    summary: str | None = None


def check_writer(ctx: ServiceContext, tenant: Tenant, venue_id: uuid.UUID | None) -> None:
    """The office records any activity; a studio's staff only their studio's."""
    scope = policies.venue_scope(ctx.require_principal(), tenant, Act.manage)
    if scope.everyone:
        return
    if scope.none:
        raise Forbidden("只有委员联络办或工作室工作人员可以登记界别活动")
    if venue_id is None:
        raise Forbidden("工作室工作人员只能登记本工作室的界别活动")


async def _ids(ctx: ServiceContext, model, tenant: Tenant, ids: list[uuid.UUID]) -> dict:
    if not ids:
        return {}
    return {r.id: r for r in await ctx.session.scalars(select(model).where(
        model.tenant_id == tenant.id, model.id.in_(ids)))}


def _listed(ids: list[uuid.UUID], key: str, label: str, least: int, most: int,
            problems: list[FieldProblem]) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(ids))
    if len(unique) < least:
        problems.append(FieldProblem(key, f"请选择至少一个{label}"))
    if len(unique) > most:
        problems.append(FieldProblem(key, f"{label}最多 {most} 个"))
        return []
    return unique


async def check(ctx: ServiceContext, tenant: Tenant, data: ActivityInput) -> dict:
    """The activity's values (texts cleaned, ids de-duplicated), or ValidationFailed."""
    texts, problems = clean_texts({"title": data.title, "place": data.place,
                                   "summary": data.summary}, fields.ACTIVITY)
    if not texts["title"]:
        problems.append(FieldProblem("title", "请填写活动名称"))
    if data.held_on > clock.today_in(tenant.timezone):
        problems.append(FieldProblem("heldOn", "活动日期不能晚于今天"))
    elif data.held_on.year < 2000:
        problems.append(FieldProblem("heldOn", "活动日期无效"))
    if not 0 <= data.people_reached <= MAX_REACHED:
        problems.append(FieldProblem("peopleReached", f"覆盖群众人数须在 0 到 {MAX_REACHED} 之间"))
    sector_ids = _listed(data.sector_ids, "sectorIds", "界别", 1, MAX_SECTORS, problems)
    member_ids = _listed(data.member_ids, "memberIds", "参加委员", 1, MAX_MEMBERS, problems)
    people = _listed(data.constituent_ids, "constituentIds", "联系对象", 0, MAX_PEOPLE, problems)
    sectors = await _ids(ctx, Sector, tenant, sector_ids)
    problems += [FieldProblem("sectorIds", f"本单位没有该界别：{s}")
                 for s in sector_ids if s not in sectors]
    members = await _ids(ctx, Member, tenant, member_ids)
    for member_id in member_ids:
        member = members.get(member_id)
        if member is None:
            problems.append(FieldProblem("memberIds", f"找不到委员：{member_id}"))
        elif member.status != MemberStatus.serving:
            problems.append(FieldProblem("memberIds", f"{member.name} 已离任"))
    known = await _ids(ctx, Constituent, tenant, people)
    problems += [FieldProblem("constituentIds", f"找不到联系对象：{c}")
                 for c in people if c not in known]
    if data.venue_id is not None:
        venue = await ctx.session.get(Venue, (tenant.id, data.venue_id))
        scope = policies.venue_scope(ctx.require_principal(), tenant, Act.manage)
        if venue is None or not scope.allows(venue.id):
            problems.append(FieldProblem("venueId", f"找不到该工作室：{data.venue_id}"))
        elif venue.kind != VenueKind.studio:
            problems.append(FieldProblem("venueId", f"{venue.name} 不是界别委员工作室"))
    if problems:
        raise ValidationFailed(problems)
    return {"kind": data.kind, "title": texts["title"], "held_on": data.held_on,
            "place": texts["place"], "venue_id": data.venue_id,
            "people_reached": data.people_reached, "summary": texts["summary"],
            "sector_ids": sector_ids, "member_ids": member_ids, "constituent_ids": people}
