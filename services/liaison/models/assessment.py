"""The annual liaison assessment (考核, R20) and the public supervision snapshot (R22)."""

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, tenant_fk


class AssessmentWeights(Base):
    """The tenant's weights (percent, summing to 100); absent row = the defaults."""

    __tablename__ = "assessment_weights"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        CheckConstraint("quarters >= 0 AND filings >= 0 AND opinions >= 0 AND duties >= 0"
                        " AND evaluation >= 0 AND quarters + filings + opinions + duties"
                        " + evaluation = 100", name="sum"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    quarters: Mapped[int] = mapped_column(Integer)  # quarters with every pairing contacted
    filings: Mapped[int] = mapped_column(Integer)  # plan and report on time
    opinions: Mapped[int] = mapped_column(Integer)  # opinions converted
    duties: Mapped[int] = mapped_column(Integer)  # reception-day duties served
    evaluation: Mapped[int] = mapped_column(Integer)  # the people's evaluation
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())


class AssessmentMark(TenantMixin, Base):
    """The office's marking of a member as an 优秀 candidate for a year."""

    __tablename__ = "assessment_mark"
    __table_args__ = (
        tenant_fk("member_id", "member"),
        UniqueConstraint("tenant_id", "year", "member_id"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    year: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    excellent: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))
    marked_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DisclosureSnapshot(TenantMixin, Base):
    """What the public supervision page shows: aggregates only, frozen when published."""

    __tablename__ = "disclosure_snapshot"
    __table_args__ = (
        CheckConstraint("year BETWEEN 2000 AND 2100 AND quarter BETWEEN 1 AND 4",
                        name="period"),
        # one published at a time (migration 0014)
        Index("uq_disclosure_snapshot_tenant_id_published", "tenant_id", unique=True,
              postgresql_where=text("unpublished_at IS NULL")),
    )

    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSONB)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    unpublished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
