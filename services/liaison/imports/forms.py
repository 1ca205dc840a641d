"""Importing filled official forms: Form 1 → pairings, Form 2 → contacts, all or nothing.

The forms are read by ``imports.official``; each field is parsed like the matching column of
the flat templates (``members.PAIRING_COLUMNS``, ``contacts.CONTACT_COLUMNS``), then checked
and inserted by the same code as those imports, in one savepoint: one bad field anywhere
refuses the whole upload. Errors name the form (``row`` its number in the upload, ``source``
the file and form) and the form's own Chinese label.
"""

import asyncio
import dataclasses
import re
from collections import defaultdict

from sqlalchemy import select

from liaison.context import ServiceContext
from liaison.imports import contacts as contact_imports
from liaison.imports import members as member_imports
from liaison.imports.official import OfficialForm, read_forms
from liaison.imports.reader import ParsedRow, RowError, _parse
from liaison.models import Constituent, Member, Pairing, Sector

ImportReport = member_imports.ImportReport
SLOT = 1000  # a Form 1 row's number while checking: form * SLOT + person
OTHER_CATEGORY = "other"  # Form 1 has no category: 其他, for the office to refine
PAIRING = {c.key: c for c in member_imports.PAIRING_COLUMNS}
CONTACT = {c.key: c for c in contact_imports.CONTACT_COLUMNS}
# the flat templates' headers, as the forms label the same field
PAIRING_LABELS = {"委员姓名": "委员姓名", "委员联系电话": "委员姓名",
                  "联系对象姓名": "界别群众姓名",
                  "联系对象界别": "所在界别", "结对开始日期": "界别群众姓名"}
CONTACT_LABELS = {"委员联系电话": "委员姓名", "联系服务时间": "联系服务时间及地点"}
WHEN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                  r"(?:[\sT\u3000]*(\d{1,2})\s*[:：时]\s*(\d{2})分?)?[\s\u3000]*(.*)$", re.S)
KINDS_LINE = re.compile(r"\n?服务类型[：:](.*)$")


def _field(columns: dict, key: str, label: str, text: str, row: int, problems: list):
    value, problem = _parse(dataclasses.replace(columns[key], header=label), text or None)
    if problem:
        problems.append(RowError(row, label, problem))
    return value


async def import_forms(ctx: ServiceContext, files: list[tuple[str, bytes]]) -> ImportReport:
    await member_imports._require_office(ctx)
    await contact_imports.require_contact_office(ctx)
    forms = await asyncio.to_thread(read_forms, files)
    sources = {n: f.source for n, f in enumerate(forms, 1)}
    tenant_id = ctx.require_principal().tenant_id
    members = (await ctx.session.execute(select(Member.id, Member.name, Member.phone,
                                                Member.sector_id).where(
        Member.tenant_id == tenant_id))).all()
    sectors = dict((await ctx.session.execute(select(Sector.id, Sector.name).where(
        Sector.tenant_id == tenant_id))).all())
    paired = defaultdict(set)
    for member_id, name in (await ctx.session.execute(
            select(Pairing.member_id, Constituent.name)
            .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
                  & (Constituent.id == Pairing.constituent_id))
            .where(Pairing.tenant_id == tenant_id, Pairing.ended_on.is_(None)))).all():
        paired[member_id].add(name)
    errors: list[RowError] = []
    pairing_rows, contact_rows = [], {}
    for n, form in enumerate(forms, 1):
        sector_label = "所在界别" if form.kind == "form1" else "界别"
        member = _member(form, members, sectors, sector_label, n, errors)
        if form.kind == "form1":
            pairing_rows += _pairing_rows(form, n, member, paired, errors)
        else:
            _contact_row(form, n, member, contact_rows, errors)
    created = 0
    savepoint = await ctx.session.begin_nested()
    if pairing_rows:
        report = await member_imports.pairings_from_rows(ctx, pairing_rows, [])
        errors += [_renamed(e, PAIRING_LABELS, SLOT) for e in report.errors]
        created += report.created
    if contact_rows:
        report = await contact_imports.contacts_from_rows(ctx, list(contact_rows.values()), [])
        errors += [_renamed(e, CONTACT_LABELS, 1) for e in report.errors]
        created += report.created
    if errors:
        await savepoint.rollback()
        unique = list(dict.fromkeys(dataclasses.replace(e, source=sources[e.row])
                                    for e in errors))
        return ImportReport(errors=sorted(unique, key=lambda e: e.row))
    await savepoint.commit()
    return ImportReport(created=created)


def _renamed(error: RowError, labels: dict[str, str], slot: int) -> RowError:
    message = re.sub(r"第 (\d+) 行", lambda m: f"第 {int(m.group(1)) % slot} 位"
                     if slot > 1 else f"第 {m.group(1)} 张", error.message)
    return RowError(error.row // slot, labels.get(error.column, error.column), message)


def _member(form: OfficialForm, members, sectors, sector_label: str, n: int,
            errors: list[RowError]):
    """The one member the form names (by name, and by sector when there are several)."""
    name, sector = form.fields.get("委员姓名", ""), form.fields.get(sector_label, "")
    if not name:
        errors.append(RowError(n, "委员姓名", "必填"))
        return None
    same = [m for m in members if m.name == name]
    if not same:
        errors.append(RowError(n, "委员姓名", f"本单位没有该委员：{name}"))
        return None
    in_sector = [m for m in same if sectors.get(m.sector_id) == sector]
    if sector and not in_sector:
        errors.append(RowError(n, sector_label, f"{name} 不在该界别：{sector}"))
        return None
    if len(in_sector or same) > 1:
        errors.append(RowError(n, "委员姓名", f"有 {len(in_sector or same)} 名同名委员“{name}”，"
                               "无法确定是哪一位，请改用结对导入模板并填写委员联系电话"))
        return None
    return (in_sector or same)[0]


def _pairing_rows(form: OfficialForm, n: int, member, paired, errors) -> list[ParsedRow]:
    """Form 1's people not yet paired with the member, as pairing-import rows."""
    rows = []
    for i, person in enumerate(form.people, 1):
        problems: list[RowError] = []
        name = _field(PAIRING, "name", "界别群众姓名", person["界别群众姓名"], n, problems)
        if member is not None and name in paired[member.id]:
            continue  # printed from the system: already paired
        unit, _, post = person["界别群众单位及职务"].rpartition(" ")
        unit, post = (unit.strip(), post.strip()) if unit.strip() else (post.strip(), "")
        values = {
            "member_name": member.name if member else None,
            "member_phone": member.phone if member else None, "name": name,
            "party": _field(PAIRING, "party", "界别群众党派", person["界别群众党派"], n, problems),
            "work_unit": _field(PAIRING, "work_unit", "界别群众单位及职务", unit, n, problems),
            "post": _field(PAIRING, "post", "界别群众单位及职务", post, n, problems),
            "phone": _field(PAIRING, "phone", "界别群众联系电话", person["界别群众联系电话"], n,
                            problems),
            "category": OTHER_CATEGORY, "sector": None, "started_on": None}
        if not name and not problems:
            problems.append(RowError(n, "界别群众姓名", f"第 {i} 位：必填"))
        errors += problems
        if member is not None and not problems:
            rows.append(ParsedRow(n * SLOT + i, values))
    return rows


def _contact_row(form: OfficialForm, n: int, member, rows: dict, errors) -> None:
    """Form 2 as a contact-import row; forms of one contact (same member, time, method and
    text: one form per person reached) become one contact with all its people."""
    f, problems = form.fields, []
    name = _field(CONTACT, "constituents", "界别群众姓名", f.get("界别群众姓名", ""), n, problems)
    when = WHEN.match(f.get("联系服务时间及地点", ""))
    occurred_at = place = None
    if not when:
        problems.append(RowError(n, "联系服务时间及地点",
                                 "应为 时间 地点（如 2024-03-01 14:30 某社区）"))
    else:
        y, mo, d, h, mi, rest = when.groups()
        occurred_at = _field(CONTACT, "occurred_at", "联系服务时间及地点",
                             f"{y}-{mo}-{d}" + (f" {h}:{mi}" if h else ""), n, problems)
        place = _field(CONTACT, "place", "联系服务时间及地点", rest.strip(), n, problems)
    method = _field(CONTACT, "method", "联系服务方式", f.get("联系服务方式", ""), n, problems)
    content = f.get("联系服务内容和推动解决的问题", "")
    kinds = KINDS_LINE.search(content)
    service_kinds = None
    if kinds:
        content = content[:kinds.start()]
        service_kinds = _field(CONTACT, "service_kinds", "联系服务内容和推动解决的问题",
                               kinds.group(1).strip(), n, problems)
    values = {
        "member_name": member.name if member else None,
        "member_phone": member.phone if member else None, "constituents": name,
        "occurred_at": occurred_at, "place": place, "method": method,
        "service_kinds": service_kinds,
        "content": _field(CONTACT, "content", "联系服务内容和推动解决的问题", content, n, problems),
        "opinions": _field(CONTACT, "opinions", "意见建议", f.get("意见建议", ""), n, problems),
        "remarks": _field(CONTACT, "remarks", "备注", f.get("备注", ""), n, problems)}
    errors += problems
    if member is None or problems:
        return
    same = (member.id, occurred_at, place, method, tuple(service_kinds or ()),
            values["content"], values["opinions"], values["remarks"])
    if same in rows:
        rows[same].values["constituents"] += "、" + name
    else:
        rows[same] = ParsedRow(n, values)
