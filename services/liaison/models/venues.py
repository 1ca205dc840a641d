"""Liaison stations and sector studios (阵地, R17), their reception-day rota (委员接待日, R14,
R28), what happens at a session, sector activities (界别活动, R15) and calendar feeds."""

import uuid
from datetime import date, datetime, time

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
    Text,
    Time,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, Timestamped, tenant_fk
from liaison.labels import Labelled, labels


class VenueKind(Labelled):
    station = "station"  # 委员联络站: a township, street or community
    studio = "studio"  # 界别委员工作室: one or more sectors, a host unit


VENUE_KIND_LABELS = labels(VenueKind, {VenueKind.station: "委员联络站",
                                       VenueKind.studio: "界别委员工作室"})


class SessionStatus(Labelled):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


SESSION_STATUS_LABELS = labels(SessionStatus, {SessionStatus.planned: "已排班",
                                               SessionStatus.held: "已举行",
                                               SessionStatus.cancelled: "已取消"})


class DutyStatus(Labelled):
    assigned = "assigned"
    confirmed = "confirmed"
    declined = "declined"


DUTY_STATUS_LABELS = labels(DutyStatus, {DutyStatus.assigned: "待确认",
                                         DutyStatus.confirmed: "已确认",
                                         DutyStatus.declined: "已请假"})


class HolidayPolicy(Labelled):
    flag = "flag"  # keep the session on the holiday, flagged
    move = "move"  # move it to the next working day (make-up working days count)


HOLIDAY_POLICY_LABELS = labels(HolidayPolicy, {HolidayPolicy.flag: "保留并标注",
                                               HolidayPolicy.move: "顺延到下一个工作日"})


class ActivityKind(Labelled):
    research = "research"  # 调研视察考察
    consultation = "consultation"  # 界别协商
    forum = "forum"  # 界别座谈会
    studio = "studio"  # 工作室活动


ACTIVITY_KIND_LABELS = labels(ActivityKind, {
    ActivityKind.research: "调研视察考察", ActivityKind.consultation: "界别协商",
    ActivityKind.forum: "界别座谈会", ActivityKind.studio: "工作室活动"})


def _enum(cls: type, name: str, length: int):
    return Enum(cls, name=name, native_enum=False, length=length)


class Venue(TenantMixin, Timestamped, Base):
    __tablename__ = "venue"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    kind: Mapped[VenueKind] = mapped_column(_enum(VenueKind, "venue_kind", 10))
    name: Mapped[str] = mapped_column(String(60))
    area: Mapped[str | None] = mapped_column(String(60))  # 乡镇、街道或社区
    address: Mapped[str | None] = mapped_column(String(200))
    opening_hours: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))  # the venue's public phone
    host_unit: Mapped[str | None] = mapped_column(String(100))  # a studio's 依托单位
    description: Mapped[str | None] = mapped_column(String(500))  # public
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class VenueSector(Base):
    """The sectors of a studio (界别委员工作室)."""

    __tablename__ = "venue_sector"
    __table_args__ = (tenant_fk("venue_id", "venue"), tenant_fk("sector_id", "sector"),
                      ForeignKeyConstraint(["tenant_id"], ["tenant.id"], ondelete="RESTRICT"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    venue_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sector_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class ReceptionSeries(TenantMixin, Base):
    """A recurring pattern that made sessions: an RFC 5545 RRULE over a period."""

    __tablename__ = "reception_series"
    __table_args__ = (tenant_fk("venue_id", "venue"),)

    venue_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    rrule: Mapped[str] = mapped_column(String(200))
    first_on: Mapped[date] = mapped_column(Date)
    last_on: Mapped[date] = mapped_column(Date)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    holiday_policy: Mapped[HolidayPolicy] = mapped_column(
        _enum(HolidayPolicy, "holiday_policy", 10))
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class ReceptionSession(TenantMixin, Timestamped, Base):
    """One reception day at a venue: planned, then held or cancelled."""

    __tablename__ = "reception_session"
    __table_args__ = (
        tenant_fk("venue_id", "venue"),
        tenant_fk("series_id", "reception_series"),
        Index("ix_reception_session_tenant_id_venue_id_starts_at", "tenant_id", "venue_id",
              "starts_at"),
        Index("ix_reception_session_tenant_id_starts_at", "tenant_id", "starts_at"),
        CheckConstraint("ends_at > starts_at AND ends_at - starts_at <= interval '12 hours'",
                        name="times"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        CheckConstraint("(status = 'cancelled') = (cancel_reason IS NOT NULL)",
                        name="cancel_reason"),
    )

    venue_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    series_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    theme: Mapped[str | None] = mapped_column(String(100))
    capacity: Mapped[int | None] = mapped_column(Integer)
    notice: Mapped[str | None] = mapped_column(String(1000))  # public notice text
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, "session_status", 10))
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    holiday_name: Mapped[str | None] = mapped_column(String(60))  # flagged: on a holiday
    moved_from: Mapped[date | None] = mapped_column(Date)  # moved off a holiday
    minutes: Mapped[int | None] = mapped_column(Integer)  # how long it actually took
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(),
                                                 onupdate=func.now())


class SessionDuty(TenantMixin, Base):
    """A member on duty at a session; they confirm or decline, or ask to swap."""

    __tablename__ = "session_duty"
    __table_args__ = (
        tenant_fk("session_id", "reception_session"),
        tenant_fk("member_id", "member"),
        tenant_fk("swap_member_id", "member"),
        UniqueConstraint("tenant_id", "session_id", "member_id"),
        Index("ix_session_duty_tenant_id_member_id", "tenant_id", "member_id"),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[DutyStatus] = mapped_column(_enum(DutyStatus, "duty_status", 10))
    reason: Mapped[str | None] = mapped_column(String(200))  # why declined
    swap_member_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # swap asked with
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class SessionVisitor(TenantMixin, Base):
    """Who came to a session: a named visitor (maybe a member's paired person), or a count
    of people who gave no name; what they raised and the records it became."""

    __tablename__ = "session_visitor"
    __table_args__ = (
        tenant_fk("session_id", "reception_session"),
        tenant_fk("constituent_id", "constituent"),
        tenant_fk("opinion_id", "opinion"),
        tenant_fk("contact_id", "contact"),
        Index("ix_session_visitor_tenant_id_session_id", "tenant_id", "session_id"),
        CheckConstraint("(name IS NULL) <> (unnamed_count IS NULL)", name="who"),
        CheckConstraint("unnamed_count IS NULL OR unnamed_count > 0", name="count"),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(20))
    constituent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # a paired person
    unnamed_count: Mapped[int | None] = mapped_column(Integer)
    raised: Mapped[str | None] = mapped_column(String(4000))
    opinion_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # logged for the member


class SectorActivity(TenantMixin, Timestamped, Base):
    """A sector activity (界别活动, R15): who took part, whom it reached."""

    __tablename__ = "sector_activity"
    __table_args__ = (
        tenant_fk("venue_id", "venue"),
        Index("ix_sector_activity_tenant_id_held_on", "tenant_id", "held_on"),
        CheckConstraint("people_reached >= 0", name="people_reached"),
    )

    kind: Mapped[ActivityKind] = mapped_column(_enum(ActivityKind, "activity_kind", 12))
    title: Mapped[str] = mapped_column(String(100))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    venue_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # a studio's activity
    people_reached: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class ActivitySector(Base):
    __tablename__ = "activity_sector"
    __table_args__ = (tenant_fk("activity_id", "sector_activity"),
                      tenant_fk("sector_id", "sector"),
                      ForeignKeyConstraint(["tenant_id"], ["tenant.id"], ondelete="RESTRICT"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    activity_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sector_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class ActivityMember(Base):
    __tablename__ = "activity_member"
    __table_args__ = (tenant_fk("activity_id", "sector_activity"),
                      tenant_fk("member_id", "member"),
                      ForeignKeyConstraint(["tenant_id"], ["tenant.id"], ondelete="RESTRICT"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    activity_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class ActivityPerson(Base):
    """A paired person who took part: contacted, for their member (``contact_id``)."""

    __tablename__ = "activity_person"
    __table_args__ = (tenant_fk("activity_id", "sector_activity"),
                      tenant_fk("constituent_id", "constituent"),
                      tenant_fk("contact_id", "contact"),
                      ForeignKeyConstraint(["tenant_id"], ["tenant.id"], ondelete="RESTRICT"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    activity_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    constituent_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class FeedToken(TenantMixin, Base):
    """A member's private calendar URL: its secret stored as SHA-256, revocable."""

    __tablename__ = "feed_token"
    __table_args__ = (tenant_fk("member_id", "member"),
                      Index("ix_feed_token_tenant_id_member_id", "tenant_id", "member_id"))

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
