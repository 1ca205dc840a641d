"""A tenant's sectors (界别), special committees (专门委员会) and activity groups (活动组)."""

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin


def is_invited_sector(name: str) -> bool:
    """特邀 / 特别邀请人士: members of such a sector pair outside it (R11)."""
    return "特邀" in name or "特别邀请" in name


class Sector(TenantMixin, Base):
    __tablename__ = "sector"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(40))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # 特邀 (specially invited): its members may pair with people outside their sector (R11).
    invited: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")


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
