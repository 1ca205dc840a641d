"""Building the downloadable files from the database: the member list and Form 1.

Phones are masked exactly as in GraphQL: clear only for the tenant's office, the member
themself, and (for constituents) the member they are paired with.
"""

import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.documents.form1 import Form1, Form1Constituent, form1_docx, form1_xlsx
from liaison.documents.tables import xlsx_table
from liaison.errors import NotFound, PublicError
from liaison.members import phones
from liaison.members import service as members
from liaison.models import (
    ActivityGroup,
    Committee,
    Constituent,
    ContactConstituent,
    Member,
    Pairing,
    Sector,
    Tenant,
    Term,
)
from liaison.models.members import GENDER_LABELS, STATUS_LABELS, MemberStatus
from liaison.tenancy import access, registry
from liaison.tenancy.access import own_tenant

MAX_EXPORT_ROWS = 50_000
MEMBER_HEADERS = ["序号", "姓名", "性别", "民族", "党派", "界别", "专门委员会", "活动组",
                  "工作单位", "职务", "联系电话", "党员领导干部", "状态", "届次", "结对人数"]


async def tenant_by_code(ctx: ServiceContext, code: str | None) -> Tenant:
    """The tenant a download names (the caller's own when none), if the caller sees it."""
    principal = ctx.require_principal()
    if not code:
        return await own_tenant(ctx)
    tenant = await registry.get_tenant_by_code(ctx.session, code)
    if tenant is None or not policies.can_see_tenant(principal, tenant):
        raise NotFound("单位", code)
    return tenant


async def names(ctx: ServiceContext, model, tenant_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = await ctx.session.execute(select(model.id, model.name)
                                     .where(model.tenant_id == tenant_id))
    return dict(rows.all())


async def members_xlsx(ctx: ServiceContext, *, tenant_code: str | None, name: str | None,
                       sector_id: uuid.UUID | None, committee_id: uuid.UUID | None,
                       group_id: uuid.UUID | None, status: str | None) -> tuple[bytes, str]:
    ctx.require_principal()
    tenant = await tenant_by_code(ctx, tenant_code)
    try:
        state = MemberStatus(status) if status else None
    except ValueError:
        raise PublicError("BAD_REQUEST", "status 须为 serving 或 left") from None
    flt = members.MemberFilter(name=name, sector_id=sector_id, committee_id=committee_id,
                               activity_group_id=group_id, status=state)
    stmt = (await members.member_query(ctx, tenant, flt)).join(
        Sector, (Sector.tenant_id == Member.tenant_id) & (Sector.id == Member.sector_id)
    ).order_by(Sector.sort_order, Member.name, Member.id).limit(MAX_EXPORT_ROWS)
    rows = list(await ctx.session.scalars(stmt))
    sectors = await names(ctx, Sector, tenant.id)
    committees = await names(ctx, Committee, tenant.id)
    groups = await names(ctx, ActivityGroup, tenant.id)
    terms = await names(ctx, Term, tenant.id)
    active = defaultdict(int)
    for member_id in await ctx.session.scalars(select(Pairing.member_id).where(
            Pairing.tenant_id == tenant.id, Pairing.ended_on.is_(None))):
        active[member_id] += 1
    table = []
    phone_view = phones.view(ctx, tenant.path)
    for n, m in enumerate(rows, 1):
        phone = phone_view.member(m.id, m.phone)
        table.append([n, m.name, GENDER_LABELS.get(m.gender) if m.gender else None,
                      m.ethnicity, m.party, sectors.get(m.sector_id),
                      committees.get(m.committee_id), groups.get(m.activity_group_id),
                      m.work_unit, m.post, phone, m.is_leading_cadre,
                      STATUS_LABELS[m.status], terms.get(m.term_id), active[m.id]])
    title = f"{tenant.short_name}委员名单（共 {len(table)} 人）"
    data = xlsx_table(title=title, headers=MEMBER_HEADERS, rows=table, sheet_name="委员名单")
    return data, f"{tenant.short_name}委员名单.xlsx"


async def form1(ctx: ServiceContext, fmt: str, *, member_id: uuid.UUID | None,
                sector_id: uuid.UUID | None) -> tuple[bytes, str]:
    """Form 1 for one member, or for every serving member of a sector the caller may read."""
    principal = ctx.require_principal()
    if member_id is not None:
        chosen = [await members.access_member(ctx, member_id)]
        tenant = await access.tenant_of(ctx, chosen[0])
        label = chosen[0].name
    else:
        sector, tenant = await access.get_readable(ctx, Sector, sector_id, "界别")
        stmt = await members.member_query(ctx, tenant, members.MemberFilter(
            sector_id=sector.id, status=MemberStatus.serving))
        chosen = list(await ctx.session.scalars(stmt.order_by(Member.name, Member.id)))
        label = sector.name
    scope = policies.member_scope(principal, tenant, Obj.pairing, Act.read)
    sector_names = await names(ctx, Sector, tenant.id)
    ids = [m.id for m in chosen if scope.allows(m.id, m.sector_id)]
    pairs = (await ctx.session.execute(
        select(Pairing.member_id, Constituent)
        .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
              & (Constituent.id == Pairing.constituent_id))
        .where(Pairing.tenant_id == tenant.id, Pairing.member_id.in_(ids),
               Pairing.ended_on.is_(None))
        .order_by(Pairing.started_on, Pairing.created_at))).all()
    by_member = defaultdict(list)
    for owner_id, constituent in pairs:
        by_member[owner_id].append(constituent)
    forms = []
    for m in chosen:
        view = phones.view(ctx, tenant.path)
        forms.append(Form1(
            member_name=m.name, sector_name=sector_names.get(m.sector_id, ""),
            constituents=tuple(Form1Constituent(
                name=c.name, party=c.party or "",
                unit_and_post=" ".join(x for x in (c.work_unit, c.post) if x),
                phone=view.constituent(c.phone, [m.id]) or "")
                for c in by_member[m.id])))
    render = form1_docx if fmt == "docx" else form1_xlsx
    return render(forms), f"委员结对联系服务界别群众信息表-{label}.{fmt}"


async def form2(ctx: ServiceContext, fmt: str, *, contact_id: uuid.UUID | None,
                member_id: uuid.UUID | None, year: int | None) -> tuple[bytes, str]:
    """Form 2 for one contact, or for all of a member's contacts in a year: one sheet per
    contacted constituent."""
    from zoneinfo import ZoneInfo

    from liaison.contacts import service as contacts
    from liaison.documents.form2 import Form2, form2_docx, form2_xlsx
    from liaison.filings.service import deadline
    from liaison.models import Contact, MajorDecision
    from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS, FilingKind, Method

    principal = ctx.require_principal()
    if contact_id is not None:
        chosen = [await contacts.access_contact(ctx, contact_id)]
        tenant = await access.tenant_of(ctx, chosen[0])
        member = await members.access_member(ctx, chosen[0].member_id, tenant=tenant)
        label = f"{member.name}-{chosen[0].occurred_on}"
    else:
        if year is None:
            raise PublicError("BAD_REQUEST", "按委员导出时请给出年份 year")
        member = await members.access_member(ctx, member_id)
        tenant = await access.tenant_of(ctx, member)
        if not policies.member_scope(principal, tenant, Obj.contact, Act.read).allows(
                member.id, member.sector_id):
            raise NotFound("委员", member_id)
        chosen = list(await ctx.session.scalars(select(Contact).where(
            Contact.tenant_id == tenant.id, Contact.member_id == member.id,
            Contact.occurred_on >= date(year, 1, 1), Contact.occurred_on <= date(year, 12, 31))
            .order_by(Contact.occurred_at, Contact.id)))
        label = f"{member.name}-{year}"
    zone = ZoneInfo(tenant.timezone)
    sectors = await names(ctx, Sector, tenant.id)
    groups = await names(ctx, ActivityGroup, tenant.id)
    decisions = await _names_by(ctx, MajorDecision, "title", tenant.id)
    due = await deadline(ctx.session, tenant.id, FilingKind.report, 2000)
    note = (f"注：请各位委员于每年的{due.month}月{due.day}日前将开展结对联系服务界别群众情况"
            f"提交{tenant.short_name}办公室。")
    links = (await ctx.session.execute(
        select(ContactConstituent.contact_id, Constituent)
        .join(Constituent, (Constituent.tenant_id == ContactConstituent.tenant_id)
              & (Constituent.id == ContactConstituent.constituent_id))
        .where(ContactConstituent.tenant_id == tenant.id,
               ContactConstituent.contact_id.in_([c.id for c in chosen]))
        .order_by(Constituent.name))).all()
    people = defaultdict(list)
    for contact_key, constituent in links:
        people[contact_key].append(constituent)
    # A person's phone is clear to the member only while they are paired now (as GraphQL).
    active = set(await ctx.session.scalars(select(Pairing.constituent_id).where(
        Pairing.tenant_id == tenant.id, Pairing.member_id == member.id,
        Pairing.ended_on.is_(None))))

    view = phones.view(ctx, tenant.path)

    forms = []
    for c in chosen:
        local = c.occurred_at.astimezone(zone)
        content = c.content or ""
        if c.service_kinds:
            content += ("\n" if content else "") + "服务类型：" + "、".join(
                SERVICE_LABELS.get(k, k) for k in c.service_kinds)
        if c.decision_id:
            content += ("\n" if content else "") + f"宣传解读：{decisions.get(c.decision_id)}"
        for person in people[c.id]:
            forms.append(Form2(
                filled_on=c.created_at.astimezone(zone).date(), member_name=member.name,
                sector_name=sectors.get(member.sector_id, ""),
                group_name=groups.get(member.activity_group_id, ""),
                constituent_name=person.name, constituent_party=person.party or "",
                constituent_phone=view.constituent(
                    person.phone, [member.id] if person.id in active else []) or "",
                constituent_unit_post=" ".join(x for x in (person.work_unit, person.post) if x),
                time_and_place=f"{local:%Y-%m-%d %H:%M}" + (f"  {c.place}" if c.place else ""),
                method=METHOD_LABELS[Method(c.method)], content=content,
                opinions=c.opinions or "", remarks=c.remarks or "", due_note=note))
    render = form2_docx if fmt == "docx" else form2_xlsx
    return render(forms), f"委员结对联系服务界别群众登记表-{label}.{fmt}"


async def _names_by(ctx: ServiceContext, model, column: str,
                    tenant_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = await ctx.session.execute(select(model.id, getattr(model, column))
                                     .where(model.tenant_id == tenant_id))
    return dict(rows.all())
