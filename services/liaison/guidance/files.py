"""The files of guidance items, for download: an item's attachment (the city), the copy's
attachment as a county received it (the county, and the city), a county's answer attachment
(the county, and the city above it; never a sibling). Whatever the caller may not read is not
found."""

import uuid

from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.guidance import attachments
from liaison.guidance.service import access_item, access_target
from liaison.models import Attachment, Tenant

KIND = "附件"


async def _file(ctx: ServiceContext, tenant_id: uuid.UUID, attachment_id: uuid.UUID | None,
                owner_id: uuid.UUID) -> Attachment:
    row = None if attachment_id is None else await attachments.content(ctx, tenant_id,
                                                                        attachment_id)
    if row is None:
        raise NotFound(KIND, owner_id)
    return row


async def item_file(ctx: ServiceContext, item_id: uuid.UUID, *,
                    tenant: Tenant | None = None) -> Attachment:
    item = await access_item(ctx, item_id, tenant=tenant)
    return await _file(ctx, item.tenant_id, item.attachment_id, item_id)


async def target_file(ctx: ServiceContext, target_id: uuid.UUID, *, answer: bool = False,
                      tenant: Tenant | None = None) -> Attachment:
    target = await access_target(ctx, target_id, tenant=tenant)
    if answer:
        return await _file(ctx, target.tenant_id, target.answer_attachment_id, target_id)
    return await _file(ctx, target.issuer_tenant_id, target.attachment_id, target_id)
