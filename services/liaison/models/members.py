"""Terms (届), members (委员), constituents (界别群众) and pairings (结对联系)."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, Timestamped, tenant_fk
from liaison.labels import Labelled, labels


class Gender(Labelled):
    male = "male"
    female = "female"


class MemberStatus(Labelled):
    serving = "serving"
    left = "left"


class ConstituentCategory(Labelled):
    united_front = "united_front"
    special_group = "special_group"
    grassroots = "grassroots"
    other = "other"


GENDER_LABELS = labels(Gender, {Gender.male: "男", Gender.female: "女"})
STATUS_LABELS = labels(MemberStatus, {MemberStatus.serving: "在任", MemberStatus.left: "已离任"})
CATEGORY_LABELS = labels(ConstituentCategory, {
    ConstituentCategory.united_front: "统一战线内部成员",
    ConstituentCategory.special_group: "特殊群体",
    ConstituentCategory.grassroots: "基层群众",
    ConstituentCategory.other: "其他",
})


class Term(TenantMixin, Timestamped, Base):
    __tablename__ = "term"
    __table_args__ = (
        Index("uq_term_tenant_id_name", "tenant_id", "name", unique=True),
        Index("uq_term_current", "tenant_id", unique=True,
              postgresql_where=text("is_current")),
        CheckConstraint("ends_on > starts_on", name="dates"),
    )

    name: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


class LiaisonSettings(Base):
    """Per-tenant rules. A NULL value (or an absent row) follows the tenant above, up to the
    notice's defaults; ``*_fixed`` forbids every tenant below to change that setting
    (``organisation.defaults`` resolves them)."""

    __tablename__ = "liaison_settings"
    __table_args__ = (
        CheckConstraint("min_pairings >= 0 AND max_pairings >= min_pairings "
                        "AND max_pairings <= 20", name="bounds"),
        CheckConstraint("(min_pairings IS NULL) = (max_pairings IS NULL)", name="pairing_whole"),
        CheckConstraint("(report_due_month IS NULL) = (report_due_day IS NULL)",
                        name="report_due_whole"),
        CheckConstraint("(plan_due_month IS NULL) = (plan_due_day IS NULL)",
                        name="plan_due_whole"),
        ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    min_pairings: Mapped[int | None] = mapped_column(Integer)
    max_pairings: Mapped[int | None] = mapped_column(Integer)
    # Deadlines as month and day: the report on year Y is due on that day of Y (default
    # 12-20, the notice); the plan for year Y on that day of Y (default 03-31).
    report_due_month: Mapped[int | None] = mapped_column(Integer)
    report_due_day: Mapped[int | None] = mapped_column(Integer)
    plan_due_month: Mapped[int | None] = mapped_column(Integer)
    plan_due_day: Mapped[int | None] = mapped_column(Integer)
    # Days from an opinion being raised to the people hearing back (反馈).
    opinion_reply_days: Mapped[int | None] = mapped_column(Integer)
    pairing_fixed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    report_due_fixed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default="false")
    plan_due_fixed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    opinion_reply_days_fixed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                           server_default="false")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class Member(TenantMixin, Timestamped, Base):
    __tablename__ = "member"
    __table_args__ = (
        tenant_fk("term_id", "term"),
        tenant_fk("sector_id", "sector"),
        tenant_fk("committee_id", "committee"),
        tenant_fk("activity_group_id", "activity_group"),
        Index("ix_member_tenant_id_name", "tenant_id", "name"),
        Index("ix_member_tenant_id_sector_id", "tenant_id", "sector_id"),
        CheckConstraint("(status = 'left') = (left_on IS NOT NULL)", name="left_on"),
    )

    term_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[Gender | None] = mapped_column(
        Enum(Gender, name="gender", native_enum=False, length=10))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(40))
    sector_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    committee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    activity_group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    work_unit: Mapped[str | None] = mapped_column(String(100))
    post: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    is_leading_cadre: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[MemberStatus] = mapped_column(
        Enum(MemberStatus, name="member_status", native_enum=False, length=10),
        default=MemberStatus.serving)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class Constituent(TenantMixin, Timestamped, Base):
    __tablename__ = "constituent"
    __table_args__ = (
        tenant_fk("sector_id", "sector"),
        Index("ix_constituent_tenant_id_name", "tenant_id", "name"),
    )

    name: Mapped[str] = mapped_column(String(40))
    party: Mapped[str | None] = mapped_column(String(40))
    work_unit: Mapped[str | None] = mapped_column(String(100))
    post: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    sector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    category: Mapped[ConstituentCategory] = mapped_column(
        Enum(ConstituentCategory, name="constituent_category", native_enum=False, length=20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class Pairing(TenantMixin, Timestamped, Base):
    """A member paired with a constituent for a term; ended pairings stay as history (R12)."""

    __tablename__ = "pairing"
    __table_args__ = (
        tenant_fk("member_id", "member"),
        tenant_fk("constituent_id", "constituent"),
        tenant_fk("term_id", "term"),
        Index("ix_pairing_tenant_id_member_id", "tenant_id", "member_id"),
        Index("ix_pairing_tenant_id_constituent_id", "tenant_id", "constituent_id"),
        Index("uq_pairing_active", "tenant_id", "member_id", "constituent_id", unique=True,
              postgresql_where=text("ended_on IS NULL")),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
        CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="end_reason"),
    )

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    constituent_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    term_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))
