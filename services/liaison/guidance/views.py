"""Items and copies as they are shown (console and GraphQL alike): with their counties, the
name, type and size of their attachments, whether they are overdue, and the city's matrix of
counties × items. Each view is built in a few queries, whatever the number of rows."""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from liaison.context import ServiceContext
from liaison.guidance import queries, service
from liaison.guidance.attachments import AttachmentInfo, infos
from liaison.guidance.rules import is_overdue
from liaison.models import GuidanceItem, GuidanceTarget, Tenant
from liaison.models.guidance import TargetState
from liaison.tenancy import clock, registry

MATRIX_ITEMS = 12  # the newest items the matrix shows


@dataclass
class TargetView:
    target: GuidanceTarget
    tenant: Tenant  # the county that received it
    issuer: Tenant
    attachment: AttachmentInfo | None
    answer_attachment: AttachmentInfo | None
    overdue: bool


@dataclass
class ItemView:
    item: GuidanceItem
    attachment: AttachmentInfo | None
    targets: list[TargetView] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(TargetState(t.target.state) for t in self.targets)

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.targets if t.overdue)

    @property
    def laggards(self) -> int:
        return sum(1 for t in self.targets if t.target.state is not TargetState.done)


async def _tenants(ctx: ServiceContext, ids: set[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    return {t.id: t for t in await registry.tenants_by_ids(ctx.session, list(ids))}


async def target_views(ctx: ServiceContext, targets: list[GuidanceTarget]) -> list[TargetView]:
    tenants = await _tenants(ctx, {t.tenant_id for t in targets}
                             | {t.issuer_tenant_id for t in targets})
    files = await infos(ctx, {(t.issuer_tenant_id, t.attachment_id) for t in targets
                              if t.attachment_id}
                        | {(t.tenant_id, t.answer_attachment_id) for t in targets
                           if t.answer_attachment_id})
    views = []
    for t in targets:
        county = tenants[t.tenant_id]
        today = clock.today_in(county.timezone)
        views.append(TargetView(
            target=t, tenant=county, issuer=tenants[t.issuer_tenant_id],
            attachment=files.get((t.issuer_tenant_id, t.attachment_id)),
            answer_attachment=files.get((t.tenant_id, t.answer_attachment_id)),
            overdue=is_overdue(t.due_on, TargetState(t.state), today)))
    return views


async def item_views(ctx: ServiceContext, items: list[GuidanceItem]) -> list[ItemView]:
    copies = await queries.targets_of(ctx, items)
    everyone = [t for item in items for t in copies[item.id]]
    by_target = {id(v.target): v for v in await target_views(ctx, everyone)}
    files = await infos(ctx, {(i.tenant_id, i.attachment_id) for i in items if i.attachment_id})
    return [ItemView(item=i, attachment=files.get((i.tenant_id, i.attachment_id)),
                     targets=[by_target[id(t)] for t in copies[i.id]]) for i in items]


async def item_view(ctx: ServiceContext, item: GuidanceItem) -> ItemView:
    return (await item_views(ctx, [item]))[0]


async def target_view(ctx: ServiceContext, target: GuidanceTarget) -> TargetView:
    return (await target_views(ctx, [target]))[0]


@dataclass
class Matrix:
    """Counties (rows) × the newest items (columns); a cell is the county's copy or None."""

    items: list[ItemView]
    counties: list[Tenant]

    def cells(self, county: Tenant) -> list[TargetView | None]:
        return [next((t for t in view.targets if t.tenant.id == county.id), None)
                for view in self.items]


async def matrix(ctx: ServiceContext, tenant: Tenant, *, items: int = MATRIX_ITEMS) -> Matrix:
    """The counties below ``tenant`` (and any other it sent items to) × its newest items."""
    page = await service.list_items(ctx, tenant, first=items)
    views = list(reversed(await item_views(ctx, page.items)))  # oldest of them first
    counties = {t.id: t for t in await queries.below(ctx, tenant) if t.parent_id == tenant.id}
    counties |= {t.tenant.id: t.tenant for v in views for t in v.targets}
    return Matrix(items=views, counties=sorted(counties.values(), key=lambda t: t.path))
