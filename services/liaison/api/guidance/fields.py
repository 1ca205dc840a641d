"""Guidance fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.guidance.types import GuidanceItem, GuidanceMatrix, GuidanceState, GuidanceTarget
from liaison.api.pagination import Connection, connection
from liaison.guidance import service, views
from liaison.models.guidance import TargetState


async def guidance_items(info: Info, tenant: models.Tenant, first: int,
                         after: str | None) -> Connection[GuidanceItem]:
    ctx = info.context.service
    page = await service.list_items(ctx, tenant, first=first, after=after)
    shown = {v.item.id: v for v in await views.item_views(ctx, page.items)}
    return connection(page, lambda item: GuidanceItem.from_view(shown[item.id]))


async def guidance_inbox(info: Info, tenant: models.Tenant, state: GuidanceState | None,
                         first: int, after: str | None) -> Connection[GuidanceTarget]:
    ctx = info.context.service
    page = await service.inbox(ctx, tenant, TargetState(state.value) if state else None,
                               first=first, after=after)
    shown = {v.target.id: v for v in await views.target_views(ctx, page.items)}
    return connection(page, lambda target: GuidanceTarget.from_view(shown[target.id]))


async def guidance_matrix(info: Info, tenant: models.Tenant) -> GuidanceMatrix:
    return GuidanceMatrix.from_matrix(await views.matrix(info.context.service, tenant))
