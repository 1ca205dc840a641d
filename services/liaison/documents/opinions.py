"""Opinion documents from the database: the filtered opinion list (.xlsx) and the
社情民意信息 draft (.docx) of a lead opinion and the opinions merged into it.

Both read through the opinions' own scope (``opinions.listing`` and ``access_opinion``): a
member gets their own opinions, a committee those assigned to it, another tenant's ids are
not found. Constituents' names appear in the list only for a caller who may read pairings
(constituents) in that tenant, otherwise they are counted; the draft names only the members
who brought the opinions (the 反映人), never the people they heard, and never a phone.
"""

import re
import uuid
from collections import defaultdict

from sqlalchemy import select

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.documents.cells import clean_text
from liaison.documents.exports import names, tenant_by_code
from liaison.documents.opinion_list import OpinionRow, opinion_list_xlsx
from liaison.documents.social_info import Item, Reporter, SocialInfo, social_info_docx
from liaison.models import (
    Committee,
    Constituent,
    Member,
    Opinion,
    OpinionCategory,
    OpinionPerson,
    Sector,
    Tenant,
)
from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.opinions import listing
from liaison.opinions import service as opinions
from liaison.opinions.listing import OpinionFilter
from liaison.tenancy import access, clock

OFFICE = "委员联络办"
SATISFIED = {True: "满意", False: "不满意", None: ""}


async def _people(ctx: ServiceContext, tenant: Tenant, ids) -> dict[uuid.UUID, tuple]:
    """Per opinion: the named constituents, and the people counted without names."""
    rows = await ctx.session.execute(
        select(OpinionPerson.opinion_id, Constituent.name, OpinionPerson.unnamed_count)
        .outerjoin(Constituent, (Constituent.tenant_id == OpinionPerson.tenant_id)
                   & (Constituent.id == OpinionPerson.constituent_id))
        .where(OpinionPerson.tenant_id == tenant.id, OpinionPerson.opinion_id.in_(ids))
        .order_by(OpinionPerson.opinion_id, Constituent.name, OpinionPerson.id))
    named, counted = defaultdict(list), defaultdict(int)
    for opinion_id, name, unnamed in rows.all():
        if unnamed is None:
            named[opinion_id].append(name)
        else:
            counted[opinion_id] += unnamed
    return {key: (named[key], counted[key]) for key in set(named) | set(counted)}


def people_text(names: list[str], unnamed: int, *, show_names: bool) -> str:
    """陈群众、刘群众、群众3人; only a count (群众5人) where names may not be shown."""
    if not show_names:
        total = len(names) + unnamed
        return f"群众{total}人" if total else ""
    return "、".join([*names, *([f"群众{unnamed}人"] if unnamed else [])])


def outcome_text(o: Opinion) -> str:
    """The outcome's label and what identifies it (number, title, department, reason)."""
    if o.outcome_kind is None:
        return "已合并办理" if o.merged_into_id is not None else ""
    kind = OutcomeKind(o.outcome_kind)
    details = {
        OutcomeKind.proposal: (f"提案号 {o.proposal_number}" if o.proposal_number else None,
                               o.outcome_title),
        OutcomeKind.social_info: (o.outcome_title, f"报送{o.sent_to}" if o.sent_to else None,
                                  f"{o.adopted_on:%Y-%m-%d}已采用" if o.adopted_on else None),
        OutcomeKind.speech: (o.outcome_title,),
        OutcomeKind.referred: (o.department,),
        OutcomeKind.rejected: (o.rejection_reason,),
    }[kind]
    text = "；".join(d for d in details if d)
    return f"{kind.label}：{text}" if text else kind.label


def handler_text(o: Opinion, committees: dict[uuid.UUID, str]) -> str:
    if o.committee_id is not None:
        return committees.get(o.committee_id, "")
    return "未交办" if OpinionState(o.state) is OpinionState.registered else OFFICE


def filter_note(flt: OpinionFilter, names: dict[uuid.UUID, str], exported: str) -> str:
    parts = [f"状态：{flt.state.label}" if flt.state else None,
             f"类别：{names.get(flt.category_id, '（未知）')}" if flt.category_id else None,
             f"承办：{names.get(flt.committee_id, '（未知）')}" if flt.committee_id else None,
             f"承办：{OFFICE}" if flt.office_only else None,
             f"委员：{names.get(flt.member_id, '（未知）')}" if flt.member_id else None,
             f"界别：{names.get(flt.sector_id, '（未知）')}" if flt.sector_id else None,
             f"提出日期：{flt.raised_from or ''}至{flt.raised_to or ''}"
             if flt.raised_from or flt.raised_to else None,
             "仅超期未办结" if flt.overdue else None]
    chosen = "；".join(p for p in parts if p) or "全部"
    return f"筛选条件：{chosen}\u3000\u3000导出日期：{exported}"


async def opinion_list(ctx: ServiceContext, *, tenant_code: str | None,
                       flt: OpinionFilter) -> tuple[bytes, str]:
    """The opinions of a tenant (the caller's own unless ``tenant_code``) as filtered."""
    principal = ctx.require_principal()
    tenant = await tenant_by_code(ctx, tenant_code)
    chosen = await listing.rows(ctx, tenant, flt)
    categories = await names(ctx, OpinionCategory, tenant.id)
    committees = await names(ctx, Committee, tenant.id)
    sectors = await names(ctx, Sector, tenant.id)
    members = await names(ctx, Member, tenant.id)
    people = await _people(ctx, tenant, listing.statement(ctx, tenant, flt)
                           .with_only_columns(Opinion.id))
    show_names = not policies.member_scope(principal, tenant, Obj.pairing, Act.read).empty
    rows = []
    for o in chosen:
        named, unnamed = people.get(o.id, ([], 0))
        rows.append(OpinionRow(
            title=o.title, category=categories.get(o.category_id, ""), raised_on=o.raised_on,
            member=members.get(o.member_id, ""), sector=sectors.get(o.sector_id, ""),
            people=people_text(named, unnamed, show_names=show_names),
            state=OpinionState(o.state).label, handler=handler_text(o, committees),
            outcome=outcome_text(o), replied_on=o.replied_on, feedback_on=o.feedback_on,
            satisfied=SATISFIED[o.satisfied]))
    today = clock.today_in(tenant.timezone)
    note = filter_note(flt, categories | committees | sectors | members, f"{today}")
    data = opinion_list_xlsx(title=f"{tenant.short_name}意见建议清单（共 {len(rows)} 件）",
                             note=note, rows=rows)
    return data, f"{tenant.short_name}意见建议清单.xlsx"


def _filename(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", clean_text(title))[:40] or "草稿"


async def social_info(ctx: ServiceContext, opinion_id: uuid.UUID) -> tuple[bytes, str]:
    """The draft of a lead opinion and every opinion merged into it that the caller reads
    (asked for a merged opinion, the draft of its lead)."""
    lead = await opinions.access_opinion(ctx, opinion_id)
    tenant = await access.tenant_of(ctx, lead)
    if lead.merged_into_id is not None:
        lead = await opinions.access_opinion(ctx, lead.merged_into_id, tenant=tenant)
    merged = list(await ctx.session.scalars(
        listing.statement(ctx, tenant, OpinionFilter())
        .where(Opinion.merged_into_id == lead.id)
        .order_by(Opinion.raised_on, Opinion.created_at, Opinion.id)))
    chosen = [lead, *merged]
    people = await _people(ctx, tenant, [o.id for o in chosen])
    sectors = await names(ctx, Sector, tenant.id)
    reporters = []
    for member_id in dict.fromkeys(o.member_id for o in chosen if o.member_id is not None):
        member = await ctx.session.get(Member, (tenant.id, member_id))
        if member is not None:
            reporters.append(Reporter(
                name=member.name, sector=sectors.get(member.sector_id, ""),
                unit=" ".join(x for x in (member.work_unit, member.post) if x)))
    title = lead.title
    if lead.outcome_kind == OutcomeKind.social_info and lead.outcome_title:
        title = lead.outcome_title
    info = SocialInfo(
        issuer=tenant.short_name, dated=clock.today_in(tenant.timezone), title=title,
        items=tuple(Item(o.title, o.content) for o in chosen),
        people=sum(len(n) + c for n, c in people.values()), reporters=tuple(reporters))
    return social_info_docx(info), f"社情民意信息-{_filename(title)}.docx"
