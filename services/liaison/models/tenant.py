"""The tenant directory: one row per CPPCC committee. Not tenant-owned: it *is* the tenants."""

import enum
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, Timestamped


class TenantLevel(enum.StrEnum):
    city = "city"
    county = "county"
    district = "district"


class Tenant(Timestamped, Base):
    __tablename__ = "tenant"
    __table_args__ = (
        CheckConstraint("code ~ '^[a-z][a-z0-9-]{1,39}$'", name="code_format"),
        CheckConstraint("(level = 'city') = (parent_id IS NULL)", name="parent_by_level"),
        CheckConstraint("level IN ('city', 'county', 'district')", name="level"),
        # LIKE 'gx/hezhou/%' (a city's counties) uses this index whatever the collation.
        Index("ix_tenant_path_prefix", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40))
    level: Mapped[TenantLevel] = mapped_column(
        Enum(TenantLevel, name="tenant_level", native_enum=False, length=10)
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("tenant.id", ondelete="RESTRICT"), index=True
    )
    path: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


# The directory's version: raised by a trigger with every change to ``tenant`` (migration
# 0013), read with each request's principal (``tenancy/directory.py``).
tenant_directory = Table("tenant_directory", Base.metadata,
                         Column("version", BigInteger, nullable=False))
