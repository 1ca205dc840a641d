"""A tenant's sectors (界别), special committees (专门委员会) and activity groups (活动组)."""

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin


class Sector(TenantMixin, Base):
    __tablename__ = "sector"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(40))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Committee(TenantMixin, Base):
    __tablename__ = "committee"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ActivityGroup(TenantMixin, Base):
    __tablename__ = "activity_group"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
