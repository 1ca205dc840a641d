"""Guidance items (指导事项): a city's office issues a notice, a task or a 督办 item to all its
counties or chosen ones, sees each county's copy and reminds those not done (answers.py: what
the county does with its copy).

The item is kept in the city's tenant; each county's copy (``guidance_target``) in the county's,
so siblings never see each other's answers: row-level security lets the city insert and remind
them as their issuer (migration 0009). Every write is audited in the writer's own tenant.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.authz.principal import Principal
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import clean_texts
from liaison.guidance import attachments, queries
from liaison.guidance.attachments import AttachmentRefused
from liaison.guidance.rules import ITEM
from liaison.models import GuidanceItem, GuidanceTarget, Tenant
from liaison.models.guidance import GuidanceKind, TargetState
from liaison.tenancy import access, clock

ITEM_KIND = "指导事项"
TARGET_KIND = "上级指导事项"
MAX_CODES = 200


@dataclass
class NewItem:
    kind: GuidanceKind
    title: str | None
    body: str | None
    due_on: date | None = None
    county_codes: list[str] | None = None  # None: every county below the issuer
    attachment_id: uuid.UUID | None = None
    upload: tuple[str | None, bytes] | None = field(default=None, repr=False)  # (name, bytes)


def may(principal: Principal, tenant: Tenant, act: Act) -> bool:
    return policies.has_permission(principal, tenant.path, Obj.guidance, act)


def _refuse_read(principal: Principal, tenant: Tenant, kind: str, object_id) -> None:
    """Reading guidance in ``tenant`` without the permission: forbidden in one's own tenant,
    not found elsewhere."""
    if not may(principal, tenant, Act.read):
        if tenant.id != principal.tenant_id:
            raise NotFound(kind, object_id)
        raise Forbidden("没有权限查看指导事项")


async def counties(ctx: ServiceContext, tenant: Tenant) -> list[Tenant]:
    """The tenants below ``tenant`` that the caller reads, by path."""
    return await queries.below(ctx, tenant)


async def may_issue(ctx: ServiceContext, tenant: Tenant) -> bool:
    principal = ctx.require_principal()
    return (tenant.id == principal.tenant_id and may(principal, tenant, Act.manage)
            and bool(await counties(ctx, tenant)))


async def access_item(ctx: ServiceContext, item_id: uuid.UUID, act: Act = Act.read, *,
                      tenant: Tenant | None = None) -> GuidanceItem:
    """An item the caller reads (NotFound otherwise); any other ``act`` only in the caller's
    own tenant, and only with that permission (Forbidden otherwise)."""
    principal = ctx.require_principal()
    item, tenant = await access.get_readable(ctx, GuidanceItem, item_id, ITEM_KIND, act=act,
                                             tenant=tenant)
    _refuse_read(principal, tenant, ITEM_KIND, item_id)
    if act is not Act.read and not may(principal, tenant, act):
        raise Forbidden("只有委员联络办可以下发和催办指导事项")
    return item


async def access_target(ctx: ServiceContext, target_id: uuid.UUID, act: Act = Act.read, *,
                        tenant: Tenant | None = None) -> GuidanceTarget:
    """A county's copy the caller reads (its county, and the city above it); ``answer`` only
    by the county's own office: the city answering for a county finds nothing."""
    principal = ctx.require_principal()
    target, tenant = await access.get_readable(ctx, GuidanceTarget, target_id, TARGET_KIND,
                                               act=act, tenant=tenant)
    _refuse_read(principal, tenant, TARGET_KIND, target_id)
    if act is not Act.read and not may(principal, tenant, act):
        raise Forbidden("只有委员联络办可以办理上级指导事项")
    return target


async def _recipients(ctx: ServiceContext, tenant: Tenant, codes: list[str] | None,
                      problems: list[FieldProblem]) -> list[Tenant]:
    below = await counties(ctx, tenant)
    if codes is None:
        return [t for t in below if t.parent_id == tenant.id]
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        problems.append(FieldProblem("countyCodes", "请选择下发单位"))
    if len(wanted) > MAX_CODES:
        problems.append(FieldProblem("countyCodes", f"下发单位不超过 {MAX_CODES} 个"))
        return []
    by_code = {t.code: t for t in below}
    unknown = [c for c in wanted if c not in by_code]
    if unknown:
        shown = "、".join(c[:40] for c in unknown[:10])
        problems.append(FieldProblem("countyCodes", f"不是本单位的下级政协：{shown}"))
    return [by_code[c] for c in wanted if c in by_code]


async def issue(ctx: ServiceContext, new: NewItem) -> GuidanceItem:
    """The item and one copy per county, all or nothing; an upload is checked with the rest
    and stored only when everything is accepted."""
    principal = ctx.require_principal()
    tenant = await access.own_tenant(ctx)
    if not may(principal, tenant, Act.manage):
        raise Forbidden("只有委员联络办可以下发指导事项")
    if not await counties(ctx, tenant):
        raise Forbidden("本单位没有下级政协，不能下发指导事项")
    values, problems = clean_texts({"title": new.title, "body": new.body}, ITEM)
    for key in ("title", "body"):
        if not values[key] and not any(p.field == key for p in problems):
            problems.append(FieldProblem(key, f"请填写{ITEM[key].label}"))
    today = clock.today_in(tenant.timezone)
    if new.due_on is not None and new.due_on < today:
        problems.append(FieldProblem("dueOn", "办理期限不能早于今天"))
    recipients = await _recipients(ctx, tenant, new.county_codes, problems)
    attachment_id = await attachments.own_attachment(ctx, new.attachment_id, problems)
    if new.upload is not None:
        try:
            attachments.sniff(new.upload[1])
        except AttachmentRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise ValidationFailed(problems)
    if new.upload is not None:
        attachment_id = (await attachments.store(ctx, *new.upload)).id
    item = GuidanceItem(tenant_id=tenant.id, id=uuid.uuid4(), kind=new.kind,
                        title=values["title"], body=values["body"], due_on=new.due_on,
                        attachment_id=attachment_id, created_by=principal.account_id)
    ctx.session.add(item)
    await ctx.session.flush()
    ctx.session.add_all([GuidanceTarget(
        tenant_id=county.id, id=uuid.uuid4(), issuer_tenant_id=tenant.id, item_id=item.id,
        kind=item.kind, title=item.title, body=item.body, due_on=item.due_on,
        attachment_id=attachment_id, state=TargetState.sent, reminders=0)
        for county in recipients])
    await audit.record_change(ctx, "guidance_issued", item, None,
                              extra_after={"counties": [c.code for c in recipients]})
    return item


async def remind(ctx: ServiceContext, item_id: uuid.UUID) -> list[GuidanceTarget]:
    """Remind every county that has not finished the item: its copy records when and how many
    times (the county's inbox shows it). Returns the copies reminded."""
    principal = ctx.require_principal()
    item = await access_item(ctx, item_id, Act.manage)
    copies = (await queries.targets_of(ctx, [item])).get(item.id, [])
    laggards = [t for t in copies if t.state is not TargetState.done]
    if not laggards:
        raise ValidationFailed([FieldProblem("id", "各单位均已办结，无需催办")])
    now = clock.now()
    for target in laggards:
        target.reminded_at, target.reminders = now, target.reminders + 1
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=principal.tenant_id, action="guidance_reminded",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("guidance_item", item.id),
                       after={"targets": [str(t.id) for t in laggards],
                              "tenants": [str(t.tenant_id) for t in laggards]})
    return laggards


async def list_items(ctx: ServiceContext, tenant: Tenant, *, first: int,
                     after: str | None = None) -> Page[GuidanceItem]:
    """The items ``tenant`` issued, newest first."""
    principal = ctx.require_principal()
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.code)
    _refuse_read(principal, tenant, "单位", tenant.code)
    stmt = queries.items_statement(tenant)
    return await paginate(ctx.session, stmt, [GuidanceItem.created_at, GuidanceItem.id],
                          first=first, after=after, descending=True)


async def inbox(ctx: ServiceContext, tenant: Tenant, state: TargetState | None = None, *,
                first: int, after: str | None = None) -> Page[GuidanceTarget]:
    """The items sent to ``tenant`` (its copies), newest first."""
    principal = ctx.require_principal()
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.code)
    _refuse_read(principal, tenant, "单位", tenant.code)
    stmt = queries.inbox_statement(tenant, state)
    return await paginate(ctx.session, stmt, [GuidanceTarget.created_at, GuidanceTarget.id],
                          first=first, after=after, descending=True)
