"""Who is asking: the authenticated account, its tenant, its roles and readable tenants."""

import uuid
from dataclasses import dataclass, field

from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope


@dataclass(frozen=True)
class Grant:
    role: Role
    sector_id: uuid.UUID | None = None
    committee_id: uuid.UUID | None = None
    venue_id: uuid.UUID | None = None  # venue staff: the venue they work at


@dataclass(frozen=True)
class Principal:
    account_id: uuid.UUID
    tenant_id: uuid.UUID
    tenant_path: str
    grants: tuple[Grant, ...]
    readable: tuple[uuid.UUID, ...] = field(default=())
    member_id: uuid.UUID | None = None  # the member record of a member's account
    member_serving: bool = True  # False once that member has left: their record is read-only
    directory: int | None = None  # the tenant directory's version read with it (0013)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)

    @property
    def scope(self) -> TenantScope:
        return TenantScope(active=self.tenant_id, readable=self.readable or (self.tenant_id,))
