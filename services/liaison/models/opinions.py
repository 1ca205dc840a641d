"""Opinions (意见建议, R2, R7, R18): what the people raise, handled to a reply and fed back."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, Timestamped, tenant_fk
from liaison.labels import Labelled, labels


class OpinionState(Labelled):
    registered = "registered"
    handling = "handling"
    disposed = "disposed"
    replied = "replied"
    fed_back = "fed_back"
    closed = "closed"


STATE_LABELS = labels(OpinionState, {
    OpinionState.registered: "已登记", OpinionState.handling: "办理中",
    OpinionState.disposed: "已处理", OpinionState.replied: "已答复",
    OpinionState.fed_back: "已反馈", OpinionState.closed: "已办结"})


class OutcomeKind(Labelled):
    proposal = "proposal"
    social_info = "social_info"
    speech = "speech"
    referred = "referred"
    rejected = "rejected"


OUTCOME_LABELS = labels(OutcomeKind, {
    OutcomeKind.proposal: "转化为提案", OutcomeKind.social_info: "转化为社情民意信息",
    OutcomeKind.speech: "转化为大会发言/协商发言", OutcomeKind.referred: "转交部门",
    OutcomeKind.rejected: "不予采纳"})


class Urgency(Labelled):
    normal = "normal"
    urgent = "urgent"


URGENCY_LABELS = labels(Urgency, {Urgency.normal: "一般", Urgency.urgent: "紧急"})

DEFAULT_CATEGORIES = ("经济发展", "社会民生", "生态环境", "文化教育", "医疗卫生", "社会治理",
                      "其他")


def _enum(cls: type, name: str, length: int):
    return Enum(cls, name=name, native_enum=False, length=length)


class OpinionCategory(TenantMixin, Base):
    """The tenant's list of categories (seeded with DEFAULT_CATEGORIES when it has none)."""

    __tablename__ = "opinion_category"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(20))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Opinion(TenantMixin, Timestamped, Base):
    __tablename__ = "opinion"
    __table_args__ = (
        tenant_fk("category_id", "opinion_category"),
        tenant_fk("member_id", "member"),
        tenant_fk("contact_id", "contact"),
        tenant_fk("sector_id", "sector"),
        tenant_fk("committee_id", "committee"),
        tenant_fk("merged_into_id", "opinion"),
        Index("ix_opinion_tenant_id_state", "tenant_id", "state"),
        Index("ix_opinion_tenant_id_merged_into_id", "tenant_id", "merged_into_id"),
        Index("uq_opinion_proposal_number", "tenant_id", "proposal_year", "proposal_number",
              unique=True, postgresql_where=text("merged_into_id IS NULL")),
        CheckConstraint("state IN ('registered', 'handling', 'disposed', 'replied', "
                        "'fed_back', 'closed')", name="state"),
    )

    title: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(String(4000))
    category_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    member_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    urgency: Mapped[Urgency] = mapped_column(_enum(Urgency, "urgency", 10))
    raised_on: Mapped[date] = mapped_column(Date)
    state: Mapped[OpinionState] = mapped_column(_enum(OpinionState, "opinion_state", 12))
    committee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # None: kept by the office
    due_on: Mapped[date | None] = mapped_column(Date)
    outcome_kind: Mapped[OutcomeKind | None] = mapped_column(_enum(OutcomeKind, "outcome", 12))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    proposal_year: Mapped[int | None] = mapped_column(Integer)
    proposal_number: Mapped[str | None] = mapped_column(String(30))
    outcome_title: Mapped[str | None] = mapped_column(String(200))  # proposal/report/speech
    sent_to: Mapped[str | None] = mapped_column(String(100))  # 社情民意: where it was sent
    department: Mapped[str | None] = mapped_column(String(100))
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    reply_from: Mapped[str | None] = mapped_column(String(100))
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_text: Mapped[str | None] = mapped_column(Text)
    feedback_how: Mapped[str | None] = mapped_column(String(40))
    feedback_on: Mapped[date | None] = mapped_column(Date)
    feedback_by: Mapped[str | None] = mapped_column(String(40))
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    feedback_note: Mapped[str | None] = mapped_column(String(1000))
    # Merged into another opinion (the lead): it shares the lead's outcome and reply, and
    # keeps its own people and its own feedback.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    adopted_on: Mapped[date | None] = mapped_column(Date)  # 社情民意信息 adopted (采用)
    instruction: Mapped[str | None] = mapped_column(String(1000))  # 批示, when adopted
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class OpinionPerson(TenantMixin, Base):
    """Who raised an opinion: a constituent, or a count of unnamed people."""

    __tablename__ = "opinion_person"
    __table_args__ = (
        tenant_fk("opinion_id", "opinion"),
        tenant_fk("constituent_id", "constituent"),
        Index("ix_opinion_person_tenant_id_opinion_id", "tenant_id", "opinion_id"),
        CheckConstraint("(constituent_id IS NULL) <> (unnamed_count IS NULL)", name="who"),
    )

    opinion_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    constituent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    unnamed_count: Mapped[int | None] = mapped_column(Integer)


class OpinionEvent(TenantMixin, Base):
    """One move of an opinion: who, when, from which state to which, and why."""

    __tablename__ = "opinion_event"
    __table_args__ = (
        tenant_fk("opinion_id", "opinion"),
        Index("uq_opinion_event_seq", "tenant_id", "opinion_id", "seq", unique=True),
    )

    opinion_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … per opinion: the order of the moves
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_name: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(500))


class OpinionNote(TenantMixin, Base):
    """A guidance note by the city on a county's opinion: stored with the opinion's tenant
    (the county reads it), written by the city (``author_tenant_id``; RLS checks both)."""

    __tablename__ = "opinion_note"
    __table_args__ = (
        tenant_fk("opinion_id", "opinion"),
        Index("ix_opinion_note_tenant_id_opinion_id", "tenant_id", "opinion_id"),
    )

    opinion_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    author_tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    author_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    author_name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(String(1000))
