"""Importing contacts keyed in from paper Form 2 (登记表): all or nothing, row by row."""

import uuid
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from liaison import fields
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import Forbidden
from liaison.imports.members import ImportReport, _match_member
from liaison.imports.reader import Column, ParsedRow, RowError, read_rows_async
from liaison.models import Constituent, Contact, ContactConstituent, Member, Pairing
from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant

CONTACT_COLUMNS = [
    Column("member_name", "委员姓名", required=True, max_length=40, example="张伟"),
    Column("member_phone", "委员联系电话", kind="phone", example="13812345678",
           note="有同名委员时必填"),
    Column("constituents", "界别群众姓名", required=True, max_length=200, example="李群众",
           note="须是该委员当日的结对联系对象；多人用“、”分隔"),
    Column("occurred_at", "联系服务时间", required=True, kind="datetime",
           example="2024-03-01 14:30", note="本单位时区（北京时间）"),
    Column("place", "地点", max_length=fields.CONTACT["place"].max_length, example="八步区某社区"),
    Column("method", "联系服务方式", required=True, kind="choice",
           choices={label: m.value for m, label in METHOD_LABELS.items()}, example="走访"),
    Column("service_kinds", "服务类型", kind="choices",
           choices={label: k.value for k, label in SERVICE_LABELS.items()},
           example="政策咨询、法律援助"),
    Column("content", "联系服务内容和推动解决的问题",
           max_length=fields.CONTACT["content"].max_length, example="了解家庭困难情况",
           multiline=True),
    Column("opinions", "意见建议", max_length=fields.CONTACT["opinions"].max_length,
           example="建议增设公交站点",
           multiline=True),
    Column("remarks", "备注", max_length=fields.CONTACT["remarks"].max_length, example="",
           multiline=True),
]

CONTACT_INSTRUCTIONS = [
    "每行一次联系服务（纸质登记表一张）；带 * 的列必填。",
    "界别群众须是该委员在联系当日结对的联系对象；联系时间不能晚于现在。",
    "整个文件一次导入：任何一行有误，全部不导入，并列出每一处错误。",
]


async def import_contacts(ctx: ServiceContext, data: bytes,
                          now: datetime | None = None) -> ImportReport:
    await require_contact_office(ctx)
    rows, errors = await read_rows_async(data, CONTACT_COLUMNS)
    return await contacts_from_rows(ctx, rows, errors, now)


async def require_contact_office(ctx: ServiceContext):
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.member_scope(principal, tenant, Obj.contact, Act.manage).everyone:
        raise Forbidden("只有本级委员联络办可以导入联系服务记录")
    return principal, tenant


async def contacts_from_rows(ctx: ServiceContext, rows: list[ParsedRow], errors: list[RowError],
                             now: datetime | None = None) -> ImportReport:
    """Check parsed contact rows (keys of CONTACT_COLUMNS) and insert them, all or nothing."""
    principal, tenant = await require_contact_office(ctx)
    zone = ZoneInfo(tenant.timezone)
    now = now or clock.now()
    members = (await ctx.session.execute(select(
        Member.id, Member.name, Member.phone, Member.sector_id, Member.term_id, Member.status)
        .where(Member.tenant_id == tenant.id))).all()
    by_name = defaultdict(list)
    for m in members:
        by_name[m.name].append(m)
    pairings = defaultdict(list)  # member -> [(constituent name, constituent id, start, end)]
    for member_id, name, cid, start, end in (await ctx.session.execute(
            select(Pairing.member_id, Constituent.name, Constituent.id, Pairing.started_on,
                   Pairing.ended_on)
            .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
                  & (Constituent.id == Pairing.constituent_id))
            .where(Pairing.tenant_id == tenant.id))).all():
        pairings[member_id].append((name, cid, start, end))
    contacts, links = [], []
    unreadable = {e.row for e in errors}  # rows the reader already refused
    for row in rows:
        v = row.values
        problems: list[RowError] = []
        member = _match_member(row, by_name, problems)
        occurred_at = v.get("occurred_at")
        if occurred_at is not None:
            occurred_at = occurred_at.replace(tzinfo=zone)
            if occurred_at > now:
                problems.append(RowError(row.row, "联系服务时间", "联系时间不能晚于现在"))
        reached = []
        if member is not None and occurred_at is not None and v.get("constituents"):
            day = occurred_at.date()
            for name in [n.strip() for n in v["constituents"].replace("，", "、").replace(
                    ",", "、").split("、") if n.strip()]:
                match = [cid for n, cid, start, end in pairings[member.id]
                         if n == name and start <= day and (end is None or end >= day)]
                if not match:
                    problems.append(RowError(row.row, "界别群众姓名",
                                             f"{name} 在 {day} 未与 {member.name} 结对"))
                else:
                    reached.append(match[0])
        if problems:
            errors += problems
            continue
        if row.row in unreadable:
            continue
        contact_id = uuid.uuid4()
        contacts.append({
            "tenant_id": tenant.id, "id": contact_id, "member_id": member.id,
            "occurred_at": occurred_at, "occurred_on": occurred_at.date(),
            "place": v.get("place"), "method": v["method"],
            "service_kinds": sorted(set(v.get("service_kinds") or [])),
            "content": v.get("content"), "opinions": v.get("opinions"),
            "remarks": v.get("remarks"), "entered_by": principal.account_id,
            "entered_by_office": True})
        links += [{"tenant_id": tenant.id, "contact_id": contact_id, "constituent_id": c,
                   "member_id": member.id, "occurred_on": occurred_at.date()}
                  for c in dict.fromkeys(reached)]
    report = ImportReport(errors=sorted(errors, key=lambda e: e.row))
    if not report.ok:
        return report
    await ctx.session.execute(insert(Contact), contacts)
    await ctx.session.execute(insert(ContactConstituent), links)
    report.created = len(contacts)
    await audit.record_import(ctx, "contacts_imported", "contact", contacts)
    return report
