"""What the guidance tests share: files of each kind made here (a real .docx, .xlsx and PDF, and
impostors; the same bytes every time), service calls as an account on a pinned clock, and
reading back as the owner."""

import io
import uuid
import zipfile
from datetime import UTC, datetime
from functools import cache

import docx
from openpyxl import Workbook
from sqlalchemy import select

from liaison.guidance import service
from liaison.guidance.service import NewItem
from liaison.models import Account, Attachment, GuidanceItem, GuidanceTarget
from liaison.models.account import Role
from liaison.models.guidance import GuidanceKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as

NOW = datetime(2025, 6, 2, 1, 0, tzinfo=UTC)  # 09:00 on Monday 2 June 2025 in Beijing


@cache
def word(text: str = "请各县区于六月底前报送") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def sheet(value: str = "统计表") -> bytes:
    book = Workbook()
    book.active["A1"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(text: str = "notice") -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode()
            + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


async def act(database, account: Account, call, *args, now=NOW, **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account``, the clock pinned to ``now``."""
    return await act_as(database, account, call, *args, now=now, **kwargs)


def new_item(title: str = "关于开展委员联系界别群众工作自查的通知", *,
             kind: GuidanceKind = GuidanceKind.task, codes: list[str] | None = None,
             due_on=None, upload=None, body: str = "请于六月底前完成自查并报送情况。"
             ) -> NewItem:
    return NewItem(kind=kind, title=title, body=body, due_on=due_on, county_codes=codes,
                   upload=upload)


async def issue(database, world, item: NewItem | None = None, **kwargs) -> GuidanceItem:
    office = world.account(world.city, Role.office)
    return await act(database, office, service.issue, item or new_item(), **kwargs)


async def copies(owner, tenant) -> list[GuidanceTarget]:
    """``tenant``'s copies as stored now."""
    await apply_scope(owner, TenantScope.only(tenant.id))
    return list(await owner.scalars(select(GuidanceTarget).where(
        GuidanceTarget.tenant_id == tenant.id).order_by(GuidanceTarget.created_at)
        .execution_options(populate_existing=True)))


async def copy_of(owner, tenant, item_id: uuid.UUID) -> GuidanceTarget:
    [row] = [c for c in await copies(owner, tenant) if c.item_id == item_id]
    return row


async def attachments_of(owner, tenant) -> list[Attachment]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    return list(await owner.scalars(select(Attachment).where(Attachment.tenant_id == tenant.id)
                                    .order_by(Attachment.created_at)))
