"""Importing members, and constituents with their pairings, from the office's xlsx files.

All or nothing: the file is read and every row checked against the tenant's sectors,
committees, groups, terms, existing members and pairing limits; one bad row refuses the whole
file, and the answer lists every bad row with its column and reason. Rows are inserted in
bulk (executemany), so 10,000 rows take seconds.
"""

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select

from liaison import fields
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import Forbidden
from liaison.imports.reader import Column, ParsedRow, RowError, read_rows_async
from liaison.models import ActivityGroup, Committee, Constituent, Member, Pairing, Sector, Term
from liaison.models.members import CATEGORY_LABELS, MemberStatus
from liaison.organisation import service as organisation
from liaison.pairings import rules
from liaison.tenancy.access import own_tenant
from liaison.tenancy.clock import today_in

M, C, UNIT = fields.MEMBER, fields.CONSTITUENT, fields.UNIT_NAME

MEMBER_COLUMNS = [
    Column("name", "姓名", required=True, max_length=M["name"].max_length, example="张伟"),
    Column("gender", "性别", kind="choice", choices={"男": "male", "女": "female"}, example="男"),
    Column("ethnicity", "民族", max_length=M["ethnicity"].max_length, example="汉族"),
    Column("party", "党派", max_length=M["party"].max_length, example="中共"),
    Column("sector", "界别", required=True, max_length=UNIT["sector"].max_length,
           example="教育界",
           note="须与本单位的界别名称一致"),
    Column("committee", "专门委员会", max_length=UNIT["committee"].max_length,
           example="提案委员会"),
    Column("activity_group", "活动组", max_length=UNIT["activity_group"].max_length,
           example="第一活动组"),
    Column("work_unit", "工作单位", max_length=M["work_unit"].max_length,
           example="贺州市第一中学"),
    Column("post", "职务", max_length=M["post"].max_length, example="校长"),
    Column("phone", "联系电话", kind="phone", example="13812345678"),
    Column("is_leading_cadre", "党员领导干部", kind="bool", example="否", note="是 / 否"),
    Column("term", "届次", max_length=fields.TERM_NAME.max_length, example="第五届",
           note="不填则为当前届次"),
]

PAIRING_COLUMNS = [
    Column("member_name", "委员姓名", required=True, max_length=M["name"].max_length,
           example="张伟"),
    Column("member_phone", "委员联系电话", kind="phone", example="13812345678",
           note="有同名委员时必填"),
    Column("name", "联系对象姓名", required=True, max_length=C["name"].max_length,
           example="李群众"),
    Column("party", "联系对象党派", max_length=C["party"].max_length, example="群众"),
    Column("work_unit", "联系对象单位", max_length=C["work_unit"].max_length,
           example="八步区某社区"),
    Column("post", "联系对象职务", max_length=C["post"].max_length, example="居委会主任"),
    Column("phone", "联系对象电话", kind="phone", example="13900001111"),
    Column("category", "类别", required=True, kind="choice",
           choices={label: value.value for value, label in CATEGORY_LABELS.items()},
           example="基层群众"),
    Column("sector", "联系对象界别", max_length=UNIT["sector"].max_length, example="教育界",
           note="不填则与委员同一界别（特邀界别委员可不填）"),
    Column("started_on", "结对开始日期", kind="date", example="2024-01-01", note="不填则为今天"),
]

MEMBER_INSTRUCTIONS = [
    "每行一名委员；带 * 的列必填。",
    "界别、专门委员会、活动组、届次须与系统中本单位的名称一致。",
    "整个文件一次导入：任何一行有误，全部不导入，并列出每一处错误。",
]
PAIRING_INSTRUCTIONS = [
    "每行一个结对：委员与一名联系对象；带 * 的列必填。",
    "委员按姓名匹配；有同名委员时请填写委员联系电话。",
    "每名委员结对人数不超过本单位上限（默认 3 名）；非特邀界别委员只能联系本界别群众。",
    "整个文件一次导入：任何一行有误，全部不导入，并列出每一处错误。",
]


@dataclass
class ImportReport:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


async def _require_office(ctx: ServiceContext):
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.member_scope(principal, tenant, Obj.member, Act.manage).everyone:
        raise Forbidden("只有本级委员联络办可以导入")
    return principal, tenant


async def _names(ctx: ServiceContext, model, tenant_id: uuid.UUID) -> dict[str, uuid.UUID]:
    rows = await ctx.session.execute(select(model.name, model.id)
                                     .where(model.tenant_id == tenant_id))
    return {name: id_ for name, id_ in rows}


async def import_members(ctx: ServiceContext, data: bytes) -> ImportReport:
    principal, tenant = await _require_office(ctx)
    rows, errors = await read_rows_async(data, MEMBER_COLUMNS)
    sectors = await _names(ctx, Sector, tenant.id)
    committees = await _names(ctx, Committee, tenant.id)
    groups = await _names(ctx, ActivityGroup, tenant.id)
    terms = await _names(ctx, Term, tenant.id)
    current = await organisation.current_term(ctx, tenant.id)
    existing = set((await ctx.session.execute(
        select(Member.name, Member.phone).where(Member.tenant_id == tenant.id))).all())
    seen: dict[tuple, int] = {}
    inserts = []
    for row in rows:
        v = row.values
        problems: list[RowError] = []
        sector_id = _lookup(row, "sector", sectors, "界别", problems)
        committee_id = _lookup(row, "committee", committees, "专门委员会", problems)
        group_id = _lookup(row, "activity_group", groups, "活动组", problems)
        term_id = _lookup(row, "term", terms, "届次", problems) if v.get("term") else (
            current.id if current else None)
        if term_id is None and not v.get("term"):
            problems.append(RowError(row.row, "届次", "本单位还没有设置当前届次，请填写届次"))
        key = (v.get("name"), v.get("phone"))
        if key in seen:
            problems.append(RowError(row.row, "姓名", f"与第 {seen[key]} 行重复（姓名和电话相同）"))
        elif key in existing:
            problems.append(RowError(row.row, "姓名", "系统中已有同名同电话的委员"))
        seen.setdefault(key, row.row)
        if problems:
            errors += problems
            continue
        inserts.append({
            "tenant_id": tenant.id, "id": uuid.uuid4(), "term_id": term_id, "name": v["name"],
            "gender": v.get("gender"), "ethnicity": v.get("ethnicity"), "party": v.get("party"),
            "sector_id": sector_id, "committee_id": committee_id,
            "activity_group_id": group_id, "work_unit": v.get("work_unit"),
            "post": v.get("post"), "phone": v.get("phone"),
            "is_leading_cadre": bool(v.get("is_leading_cadre")),
            "status": MemberStatus.serving.value,
        })
    report = ImportReport(errors=_sorted(errors))
    if not report.ok:
        return report
    if inserts:
        await ctx.session.execute(insert(Member), inserts)
    report.created = len(inserts)
    await audit.record_import(ctx, "members_imported", "member", inserts)
    return report


async def import_pairings(ctx: ServiceContext, data: bytes) -> ImportReport:
    await _require_office(ctx)
    rows, errors = await read_rows_async(data, PAIRING_COLUMNS)
    return await pairings_from_rows(ctx, rows, errors)


async def pairings_from_rows(ctx: ServiceContext, rows: list[ParsedRow],
                             errors: list[RowError]) -> ImportReport:
    """Check parsed pairing rows (keys of PAIRING_COLUMNS) and insert them, all or nothing."""
    principal, tenant = await _require_office(ctx)
    sectors = await _names(ctx, Sector, tenant.id)
    invited = set((await ctx.session.scalars(select(Sector.id).where(
        Sector.tenant_id == tenant.id, Sector.invited))).all())
    members = (await ctx.session.execute(select(
        Member.id, Member.name, Member.phone, Member.sector_id, Member.term_id, Member.status)
        .where(Member.tenant_id == tenant.id))).all()
    by_name: dict[str, list] = defaultdict(list)
    for m in members:
        by_name[m.name].append(m)
    active = Counter(dict((await ctx.session.execute(
        select(Pairing.member_id, func.count()).where(
            Pairing.tenant_id == tenant.id, Pairing.ended_on.is_(None))
        .group_by(Pairing.member_id))).all()))
    settings = await organisation.liaison_settings(ctx, tenant.id)
    today = today_in(tenant.timezone)
    planned: Counter = Counter()
    seen: dict[tuple, int] = {}
    constituents, pairings = [], []
    for row in rows:
        v = row.values
        problems: list[RowError] = []
        member = _match_member(row, by_name, problems)
        sector_id = None
        if v.get("sector"):
            sector_id = sectors.get(v["sector"])
            if sector_id is None:
                problems.append(RowError(row.row, "联系对象界别",
                                         f"本单位没有该界别：{v['sector']}"))
        if member is not None:
            if member.status != MemberStatus.serving:
                problems.append(RowError(row.row, "委员姓名", f"{member.name} 已离任"))
            is_invited = member.sector_id in invited
            if not v.get("sector"):
                sector_id = rules.default_sector(member.sector_id, is_invited, sector_id)
            if rules.sector_problem(member.sector_id, "", is_invited, sector_id) and \
                    not any(p.column == "联系对象界别" for p in problems):
                problems.append(RowError(row.row, "联系对象界别",
                                         "非特邀界别委员只能联系本界别群众"))
            key = (member.id, v.get("name"), v.get("phone"))
            if key in seen:
                problems.append(RowError(row.row, "联系对象姓名",
                                         f"与第 {seen[key]} 行重复（同一委员、同一联系对象）"))
            seen.setdefault(key, row.row)
            planned[member.id] += 1
            if rules.over_limit(active[member.id], planned[member.id], settings.max_pairings):
                problems.append(RowError(
                    row.row, "委员姓名",
                    f"{member.name} 结对将超过 {settings.max_pairings} 名"
                    f"（已有 {active[member.id]} 名）"))
        started_on = v.get("started_on") or today
        if started_on > today:
            problems.append(RowError(row.row, "结对开始日期", "开始日期不能晚于今天"))
        if problems:
            errors += problems
            continue
        constituent_id = uuid.uuid4()
        constituents.append({
            "tenant_id": tenant.id, "id": constituent_id, "name": v["name"],
            "party": v.get("party"), "work_unit": v.get("work_unit"), "post": v.get("post"),
            "phone": v.get("phone"), "sector_id": sector_id, "category": v["category"]})
        pairings.append({
            "tenant_id": tenant.id, "id": uuid.uuid4(), "member_id": member.id,
            "constituent_id": constituent_id, "term_id": member.term_id,
            "started_on": started_on})
    report = ImportReport(errors=_sorted(errors))
    if not report.ok:
        return report
    if pairings:
        await ctx.session.execute(insert(Constituent), constituents)
        await ctx.session.execute(insert(Pairing), pairings)
    report.created = len(pairings)
    await audit.record_import(ctx, "pairings_imported", "pairing", pairings)
    return report


def _lookup(row: ParsedRow, key: str, table: dict, label: str,
            problems: list[RowError]) -> uuid.UUID | None:
    """The id of a named sector/committee/group/term; a problem when the tenant has none."""
    name = row.values.get(key)
    if name is None:
        return None
    if name not in table:
        problems.append(RowError(row.row, label, f"本单位没有该{label}：{name}"))
    return table.get(name)


def _match_member(row: ParsedRow, by_name: dict, problems: list[RowError]):
    name, phone = row.values.get("member_name"), row.values.get("member_phone")
    if name is None:
        return None
    candidates = by_name.get(name, [])
    if phone:
        candidates = [m for m in candidates if m.phone == phone]
    if not candidates:
        problems.append(RowError(row.row, "委员姓名", f"本单位没有该委员：{name}"
                                 + (f"（{phone}）" if phone else "")))
        return None
    if len(candidates) > 1:
        problems.append(RowError(row.row, "委员联系电话",
                                 f"有 {len(candidates)} 名同名委员“{name}”，请填写委员联系电话"))
        return None
    return candidates[0]


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: e.row)

