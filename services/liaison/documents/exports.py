"""Building the downloadable files from the database: the member list and Form 1.

Phones are masked exactly as in GraphQL: clear only for the tenant's office, the member
themself, and (for constituents) the member they are paired with.
"""

import uuid
from collections import defaultdict

from sqlalchemy import select

from liaison.accounts.service import own_tenant
from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.documents.form1 import Form1, Form1Constituent, form1_docx, form1_xlsx
from liaison.documents.tables import xlsx_table
from liaison.errors import NotFound, PublicError
from liaison.members import service as members
from liaison.models import (
    ActivityGroup,
    Committee,
    Constituent,
    Member,
    Pairing,
    Sector,
    Tenant,
    Term,
)
from liaison.models.members import GENDER_LABELS, STATUS_LABELS, MemberStatus
from liaison.tenancy import registry
from liaison.validation import mask_phone

MAX_EXPORT_ROWS = 50_000
MEMBER_HEADERS = ["序号", "姓名", "性别", "民族", "党派", "界别", "专门委员会", "活动组",
                  "工作单位", "职务", "联系电话", "党员领导干部", "状态", "届次", "结对人数"]


async def _tenant(ctx: ServiceContext, code: str | None) -> Tenant:
    principal = ctx.require_principal()
    if not code:
        return await own_tenant(ctx)
    tenant = await registry.get_tenant_by_code(ctx.session, code)
    if tenant is None or not policies.can_see_tenant(principal, tenant):
        raise NotFound("单位", code)
    return tenant


async def _names(ctx: ServiceContext, model, tenant_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = await ctx.session.execute(select(model.id, model.name)
                                     .where(model.tenant_id == tenant_id))
    return dict(rows.all())


async def members_xlsx(ctx: ServiceContext, *, tenant_code: str | None, name: str | None,
                       sector_id: uuid.UUID | None, committee_id: uuid.UUID | None,
                       group_id: uuid.UUID | None, status: str | None) -> tuple[bytes, str]:
    principal = ctx.require_principal()
    tenant = await _tenant(ctx, tenant_code)
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
    sectors = await _names(ctx, Sector, tenant.id)
    committees = await _names(ctx, Committee, tenant.id)
    groups = await _names(ctx, ActivityGroup, tenant.id)
    terms = await _names(ctx, Term, tenant.id)
    active = defaultdict(int)
    for member_id in await ctx.session.scalars(select(Pairing.member_id).where(
            Pairing.tenant_id == tenant.id, Pairing.ended_on.is_(None))):
        active[member_id] += 1
    table = []
    for n, m in enumerate(rows, 1):
        phone = m.phone if policies.sees_member_phone(principal, tenant.path, m.id) \
            else mask_phone(m.phone)
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
    tenant = await own_tenant(ctx)
    if member_id is not None:
        found = await _find_member(ctx, member_id)
        tenant = await registry.get_tenant(ctx.session, found.tenant_id)
        chosen = [await members.access_member(ctx, found.id, "read", tenant)]
        label = chosen[0].name
    else:
        sector = await _find_sector(ctx, sector_id)
        tenant = await registry.get_tenant(ctx.session, sector.tenant_id)
        stmt = await members.member_query(ctx, tenant, members.MemberFilter(
            sector_id=sector.id, status=MemberStatus.serving))
        chosen = list(await ctx.session.scalars(stmt.order_by(Member.name, Member.id)))
        label = sector.name
    scope = policies.member_scope(principal, tenant, "pairing", "read")
    sector_names = await _names(ctx, Sector, tenant.id)
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
        clear = policies.sees_constituent_phone(principal, tenant.path, [m.id])
        forms.append(Form1(
            member_name=m.name, sector_name=sector_names.get(m.sector_id, ""),
            constituents=tuple(Form1Constituent(
                name=c.name, party=c.party or "",
                unit_and_post=" ".join(x for x in (c.work_unit, c.post) if x),
                phone=(c.phone if clear else mask_phone(c.phone)) or "")
                for c in by_member[m.id][:3])))
    render = form1_docx if fmt == "docx" else form1_xlsx
    return render(forms), f"委员结对联系服务界别群众信息表-{label}.{fmt}"


async def _find_member(ctx: ServiceContext, member_id: uuid.UUID) -> Member:
    principal = ctx.require_principal()
    row = await ctx.session.scalar(select(Member).where(
        Member.tenant_id.in_(principal.scope.readable), Member.id == member_id))
    if row is None:
        raise NotFound("委员", member_id)
    return row


async def _find_sector(ctx: ServiceContext, sector_id: uuid.UUID) -> Sector:
    principal = ctx.require_principal()
    row = await ctx.session.scalar(select(Sector).where(
        Sector.tenant_id.in_(principal.scope.readable), Sector.id == sector_id))
    if row is None:
        raise NotFound("界别", sector_id)
    return row
