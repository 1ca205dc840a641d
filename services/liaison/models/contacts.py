"""Contacts (联系服务, Form 2), major decisions, annual plans/reports and notifications."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, Timestamped, tenant_fk


class Method(enum.StrEnum):
    """How a contact happened: R13 remote, R14 organised, R15 sector activities."""

    phone = "phone"
    wechat = "wechat"
    sms = "sms"
    visit = "visit"
    forum = "forum"
    lecture = "lecture"
    reception_day = "reception_day"
    research = "research"
    sector_research = "sector_research"
    sector_consultation = "sector_consultation"
    sector_forum = "sector_forum"
    sector_studio = "sector_studio"
    other = "other"


METHOD_LABELS = {
    Method.phone: "电话", Method.wechat: "微信", Method.sms: "短信", Method.visit: "走访",
    Method.forum: "座谈会", Method.lecture: "宣讲会", Method.reception_day: "委员接待日",
    Method.research: "调查研究", Method.sector_research: "界别调研视察考察",
    Method.sector_consultation: "界别协商", Method.sector_forum: "界别座谈会",
    Method.sector_studio: "界别委员工作室活动", Method.other: "其他",
}


class ServiceKind(enum.StrEnum):
    """Practical help (R3)."""

    hardship_relief = "hardship_relief"
    visit = "visit"
    policy_consultation = "policy_consultation"
    legal_aid = "legal_aid"
    job_guidance = "job_guidance"
    teaching = "teaching"
    medical_visit = "medical_visit"
    technical_guidance = "technical_guidance"
    science_outreach = "science_outreach"


SERVICE_LABELS = {
    ServiceKind.hardship_relief: "帮扶解困", ServiceKind.visit: "慰问走访",
    ServiceKind.policy_consultation: "政策咨询", ServiceKind.legal_aid: "法律援助",
    ServiceKind.job_guidance: "就业指导", ServiceKind.teaching: "支教助学",
    ServiceKind.medical_visit: "送医下乡", ServiceKind.technical_guidance: "技术指导",
    ServiceKind.science_outreach: "科普宣传",
}


class MajorDecision(TenantMixin, Timestamped, Base):
    """A major decision or policy the members explain to their constituents (R1, R8)."""

    __tablename__ = "major_decision"
    __table_args__ = (Index("uq_major_decision_tenant_id_title", "tenant_id", "title",
                            unique=True),)

    title: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date] = mapped_column(Date)


class Contact(TenantMixin, Timestamped, Base):
    __tablename__ = "contact"
    __table_args__ = (
        tenant_fk("member_id", "member"),
        tenant_fk("decision_id", "major_decision"),
        Index("ix_contact_tenant_id_member_id_occurred_on", "tenant_id", "member_id",
              "occurred_on"),
    )

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The date in the tenant's time zone: quarters and years are counted on it.
    occurred_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    method: Mapped[Method] = mapped_column(Enum(Method, name="method", native_enum=False,
                                                length=30))
    service_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list)
    content: Mapped[str | None] = mapped_column(Text)
    opinions: Mapped[str | None] = mapped_column(Text)
    remarks: Mapped[str | None] = mapped_column(Text)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    entered_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    entered_by_office: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class ContactConstituent(Base):
    """Which paired constituents a contact reached (member and date copied for compliance)."""

    __tablename__ = "contact_constituent"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "contact_id"], ["contact.tenant_id", "contact.id"],
                             ondelete="CASCADE"),
        tenant_fk("constituent_id", "constituent"),
        ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        Index("ix_contact_constituent_pair_day", "tenant_id", "member_id", "constituent_id",
              "occurred_on"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    constituent_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    occurred_on: Mapped[date] = mapped_column(Date)


class FilingKind(enum.StrEnum):
    plan = "plan"      # 年度联系群众计划 (R6)
    report = "report"  # 年度联系情况报告 (R9)


class FilingStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"


FILING_LABELS = {FilingKind.plan: "年度联系群众计划", FilingKind.report: "年度联系情况报告"}
FILING_STATUS_LABELS = {FilingStatus.draft: "草稿", FilingStatus.submitted: "已提交",
                        FilingStatus.returned: "已退回", FilingStatus.accepted: "已采纳"}


class AnnualFiling(TenantMixin, Timestamped, Base):
    __tablename__ = "annual_filing"
    __table_args__ = (
        tenant_fk("member_id", "member"),
        Index("uq_annual_filing_member_year_kind", "tenant_id", "member_id", "year", "kind",
              unique=True),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[FilingKind] = mapped_column(Enum(FilingKind, name="filing_kind",
                                                  native_enum=False, length=10))
    status: Mapped[FilingStatus] = mapped_column(
        Enum(FilingStatus, name="filing_status", native_enum=False, length=10),
        default=FilingStatus.draft)
    # Figures computed from the year's contacts when the report draft was made.
    figures: Mapped[dict | None] = mapped_column(JSONB)
    main_practices: Mapped[str | None] = mapped_column(Text)
    opinions: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    returned_reason: Mapped[str | None] = mapped_column(String(500))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class Notification(TenantMixin, Timestamped, Base):
    """A reminder for a member; ``key`` makes each due item produce exactly one."""

    __tablename__ = "notification"
    __table_args__ = (
        tenant_fk("member_id", "member"),
        tenant_fk("committee_id", "committee"),
        tenant_fk("venue_id", "venue"),
        CheckConstraint("member_id IS NOT NULL OR committee_id IS NOT NULL"
                        " OR venue_id IS NOT NULL", name="recipient"),
        Index("uq_notification_tenant_id_key", "tenant_id", "key", unique=True),
        Index("ix_notification_tenant_id_member_id", "tenant_id", "member_id"),
    )

    member_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # to a member, or
    committee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # to a committee's accounts
    venue_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # to a venue's staff
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Delivery retries: a failed send waits (backoff) until next_attempt_at; after
    # MAX_ATTEMPTS it is marked failed and never blocks the run again.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(200))
