"""Attachments of guidance items and answers (.docx, .xlsx, .pdf; at most 10 MB), kept in
PostgreSQL. The type is decided by the bytes, never by the name: ``%PDF-``, or a zip holding
``[Content_Types].xml`` and ``word/`` (docx) or ``xl/`` (xlsx) parts; the name's extension is
made to match. A zip is checked by its declared sizes first (imports/archive.py: a bomb is
refused before anything is inflated) and nothing is ever inflated here. Macro-enabled files
(``vbaProject.bin``), empty files and anything else are refused; a refusal stores nothing."""

import io
import uuid
import zipfile
from dataclasses import dataclass

from sqlalchemy import select

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, ValidationFailed
from liaison.imports.archive import ImportFileError, check_archive
from liaison.models import Attachment
from liaison.tenancy.access import own_tenant

MAX_BYTES = 10 * 1024 * 1024  # the table's CHECK says the same
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}
NAME_LENGTH = 120
UNSAFE = set('"\\/<>:|?*')
ALLOWED = "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"


class AttachmentRefused(ValidationFailed):
    """The file is refused whole: ``reason`` TOO_LARGE, EMPTY or TYPE."""

    def __init__(self, reason: str, message: str, field: str = "file") -> None:
        super().__init__([FieldProblem(field, message)])
        self.reason = reason


@dataclass(frozen=True)
class AttachmentInfo:
    """What is shown of an attachment (never its bytes)."""

    tenant_id: uuid.UUID
    id: uuid.UUID
    filename: str
    content_type: str
    size: int


def sniff(data: bytes) -> str:
    """The file's kind by its content: ``pdf``, ``docx`` or ``xlsx``; refused otherwise."""
    if not data:
        raise AttachmentRefused("EMPTY", "文件是空的")
    if len(data) > MAX_BYTES:
        raise AttachmentRefused("TOO_LARGE", f"文件超过 {MAX_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise AttachmentRefused("TYPE", ALLOWED)
    try:
        check_archive(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except ImportFileError as exc:
        if exc.code == "TOO_LARGE":
            raise AttachmentRefused("TOO_LARGE", "文件解压后过大或压缩比异常") from exc
        raise AttachmentRefused("TYPE", ALLOWED) from exc
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise AttachmentRefused("TYPE", ALLOWED) from exc
    if "[Content_Types].xml" not in names:
        raise AttachmentRefused("TYPE", ALLOWED)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise AttachmentRefused("TYPE", "不能上传含有宏的文件，请另存为 .docx 或 .xlsx")
    word = any(name.startswith("word/") for name in names)
    sheet = any(name.startswith("xl/") for name in names)
    if word != sheet:
        return "docx" if word else "xlsx"
    raise AttachmentRefused("TYPE", ALLOWED)


def clean_filename(name: str | None, kind: str) -> str:
    """The name as uploaded without its folders, control or unsafe characters, its extension
    replaced by the one the content has, at most 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in UNSAFE)
    stem = (base.rpartition(".")[0] if "." in base else base).strip(" .\u3000")
    stem = stem[:NAME_LENGTH - len(kind) - 1].strip() or "附件"
    return f"{stem}.{kind}"


def may_attach(ctx: ServiceContext, tenant) -> bool:
    """Who uploads: the office that issues guidance or answers it, in its own tenant."""
    principal = ctx.require_principal()
    return tenant.id == principal.tenant_id and any(
        policies.has_permission(principal, tenant.path, Obj.guidance, act)
        for act in (Act.manage, Act.answer))


async def store(ctx: ServiceContext, filename: str | None, data: bytes) -> Attachment:
    """Keep an uploaded file in the caller's own tenant (checked first; audited)."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not may_attach(ctx, tenant):
        raise Forbidden("只有委员联络办可以上传指导事项的附件")
    kind = sniff(data)
    row = Attachment(tenant_id=tenant.id, id=uuid.uuid4(), filename=clean_filename(filename, kind),
                     content_type=TYPES[kind], size=len(data), data=data,
                     created_by=principal.account_id)
    ctx.session.add(row)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="attachment_uploaded",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("attachment", row.id),
                       after={"filename": row.filename, "content_type": row.content_type,
                              "size": row.size})
    return row


async def infos(ctx: ServiceContext, keys: set[tuple[uuid.UUID, uuid.UUID]]
                ) -> dict[tuple[uuid.UUID, uuid.UUID], AttachmentInfo]:
    """Name, type and size of these attachments (tenant, id) that row-level security lets the
    caller read, without their bytes."""
    if not keys:
        return {}
    cols = (Attachment.tenant_id, Attachment.id, Attachment.filename, Attachment.content_type,
            Attachment.size)
    rows = await ctx.session.execute(select(*cols).where(
        Attachment.tenant_id.in_({t for t, _ in keys}), Attachment.id.in_({i for _, i in keys})))
    return {(r.tenant_id, r.id): AttachmentInfo(*r) for r in rows
            if (r.tenant_id, r.id) in keys}


async def own_attachment(ctx: ServiceContext, attachment_id: uuid.UUID | None,
                         problems: list[FieldProblem]) -> uuid.UUID | None:
    """An attachment id given with an item or an answer: one of the caller's own tenant."""
    if attachment_id is None:
        return None
    found = await ctx.session.scalar(select(Attachment.id).where(
        Attachment.tenant_id == ctx.require_principal().tenant_id,
        Attachment.id == attachment_id))
    if found is None:
        problems.append(FieldProblem("attachmentId", "找不到该附件，请重新上传"))
    return found


async def content(ctx: ServiceContext, tenant_id: uuid.UUID, attachment_id: uuid.UUID
                  ) -> Attachment | None:
    """The whole attachment (bytes included), when the caller may read it (RLS decides for the
    issuer's file; the callers have already checked the item or answer it belongs to)."""
    return await ctx.session.get(Attachment, (tenant_id, attachment_id))
