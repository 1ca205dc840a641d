"""Accounts (people who log in) and their role assignments, both tenant-owned."""

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db.base import Base, TenantMixin, Timestamped
from liaison.labels import Labelled, labels


class Role(Labelled):
    chair = "chair"
    leadership = "leadership"
    office = "office"
    committee = "committee"
    convenor = "convenor"
    member = "member"
    venue_staff = "venue_staff"
    # Another system holding an integration key (api_key); never assigned to an account.
    integration = "integration"


ROLE_LABELS: dict[Role, str] = labels(Role, {
    Role.chair: "主席",
    Role.leadership: "领导小组",
    Role.office: "委员联络办",
    Role.committee: "专门委员会",
    Role.convenor: "界别召集人",
    Role.member: "委员",
    Role.venue_staff: "联络站/工作室工作人员",
    Role.integration: "外部系统（接口密钥）",
})
ACCOUNT_ROLES = tuple(role for role in Role if role is not Role.integration)


class Account(TenantMixin, Timestamped, Base):
    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["member.tenant_id", "member.id"]),
    )

    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised to revoke every token issued before (logout, password change, lock, role change).
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The member record a member's account belongs to (their own profile and pairings).
    member_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    email: Mapped[str | None] = mapped_column(String(200))  # where reminders are e-mailed


class RateLimit(Base):
    """A GCRA bucket per key (``login:addr:…``): ``tat`` is the theoretical arrival time."""

    __tablename__ = "rate_limit"
    __table_args__ = (Index("ix_rate_limit_tat", "tat"),)

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tat: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed logins per tenant code + user name, whether or not the account exists."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RoleAssignment(TenantMixin, Base):
    """One role held by one account in its tenant; convenors carry their sector."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "account_id"], ["account.tenant_id", "account.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id", "sector_id"], ["sector.tenant_id", "sector.id"]),
        ForeignKeyConstraint(["tenant_id", "committee_id"],
                             ["committee.tenant_id", "committee.id"]),
        ForeignKeyConstraint(["tenant_id", "venue_id"], ["venue.tenant_id", "venue.id"]),
        Index(
            "uq_role_assignment_grant",
            "tenant_id",
            "account_id",
            "role",
            "sector_id",
            "committee_id",
            "venue_id",
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
        Index("ix_role_assignment_tenant_id_account_id", "tenant_id", "account_id"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    role: Mapped[Role] = mapped_column(Enum(Role, name="role", native_enum=False, length=20))
    sector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The committee a committee-role account works for (its assigned opinions).
    committee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The venue a venue-staff account works at (one assignment per venue).
    venue_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    granted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiKey(TenantMixin, Base):
    """An integration credential: named, shown once, stored as a SHA-256 of its secret (the
    secret is 32 random bytes, so a slow hash adds nothing), revocable by the office."""

    __tablename__ = "api_key"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(40))
    secret_hash: Mapped[str] = mapped_column(String(64))
    hint: Mapped[str] = mapped_column(String(8))  # the secret's last characters
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
