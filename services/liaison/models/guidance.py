"""The city's guidance to its counties (指导事项, R26, R27) and the people's year-end evaluation
of their members (群众评议, R21)."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, tenant_fk
from liaison.labels import Labelled, labels


class GuidanceKind(Labelled):
    notice = "notice"  # 通知
    task = "task"  # 工作任务
    supervision = "supervision"  # 督办


GUIDANCE_KIND_LABELS = labels(GuidanceKind, {GuidanceKind.notice: "通知",
                                             GuidanceKind.task: "工作任务",
                                             GuidanceKind.supervision: "督办"})


class TargetState(Labelled):
    sent = "sent"  # 未阅
    read = "read"  # 已阅
    answered = "answered"  # 已答复
    done = "done"  # 已办结


TARGET_STATE_LABELS = labels(TargetState, {TargetState.sent: "未阅", TargetState.read: "已阅",
                                           TargetState.answered: "已答复",
                                           TargetState.done: "已办结"})


class RoundState(Labelled):
    open = "open"
    closed = "closed"


ROUND_STATE_LABELS = labels(RoundState, {RoundState.open: "评议中", RoundState.closed: "已结束"})


class Rating(Labelled):
    satisfied = "satisfied"
    fairly = "fairly"
    unsatisfied = "unsatisfied"


RATING_LABELS = labels(Rating, {Rating.satisfied: "满意", Rating.fairly: "基本满意",
                                Rating.unsatisfied: "不满意"})


def _enum(cls: type, name: str, length: int):
    return Enum(cls, name=name, native_enum=False, length=length)


class Attachment(TenantMixin, Base):
    """A file kept in PostgreSQL (.docx, .xlsx, .pdf; at most 10 MB; type checked by content).
    A county reads the city's attachment of an item sent to it (the read policy, 0009)."""

    __tablename__ = "attachment"
    __table_args__ = (CheckConstraint("size BETWEEN 1 AND 10485760", name="size"),)

    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class GuidanceItem(TenantMixin, Base):
    """An item the city issues (kept in the city's tenant)."""

    __tablename__ = "guidance_item"
    __table_args__ = (tenant_fk("attachment_id", "attachment"),
                      Index("ix_guidance_item_tenant_id_created_at", "tenant_id", "created_at"))

    kind: Mapped[GuidanceKind] = mapped_column(_enum(GuidanceKind, "guidance_kind", 12))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class GuidanceTarget(TenantMixin, Base):
    """The item as one county received it: kept in the county's tenant (so siblings never see
    each other's answers), written by the city (``issuer_tenant_id``; RLS checks both), with a
    copy of what the county reads."""

    __tablename__ = "guidance_target"
    __table_args__ = (
        tenant_fk("answer_attachment_id", "attachment"),
        UniqueConstraint("tenant_id", "issuer_tenant_id", "item_id"),
        Index("ix_guidance_target_tenant_id_state", "tenant_id", "state"),
    )

    issuer_tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # in the issuer's tenant
    kind: Mapped[GuidanceKind] = mapped_column(_enum(GuidanceKind, "guidance_kind", 12))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the issuer's attachment
    state: Mapped[TargetState] = mapped_column(_enum(TargetState, "target_state", 10))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(Text)
    answer_attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class EvaluationRound(TenantMixin, Base):
    """A year's evaluation by the people; closed by the standing committee's review."""

    __tablename__ = "evaluation_round"
    __table_args__ = (UniqueConstraint("tenant_id", "year"),
                      CheckConstraint("year BETWEEN 2000 AND 2100", name="year"))

    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[RoundState] = mapped_column(_enum(RoundState, "round_state", 10))
    opened_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_on: Mapped[date | None] = mapped_column(Date)  # the standing committee's meeting
    conclusion: Mapped[str | None] = mapped_column(String(2000))
    commended: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    talks: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class EvaluationCode(TenantMixin, Base):
    """One pairing's one-time code in a round (stored as SHA-256) and its answer."""

    __tablename__ = "evaluation_code"
    __table_args__ = (
        tenant_fk("round_id", "evaluation_round"),
        tenant_fk("pairing_id", "pairing"),
        tenant_fk("member_id", "member"),
        UniqueConstraint("tenant_id", "round_id", "pairing_id"),
        UniqueConstraint("tenant_id", "code_hash"),
        Index("ix_evaluation_code_tenant_id_member_id", "tenant_id", "member_id"),
        CheckConstraint("(rating IS NULL) = (answered_at IS NULL)", name="answer"),
    )

    round_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    pairing_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    code_hash: Mapped[str] = mapped_column(String(64))
    rating: Mapped[Rating | None] = mapped_column(_enum(Rating, "rating", 12))
    comment: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
