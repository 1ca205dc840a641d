"""Named policy functions: the only place that asks the enforcer.

Each answers for a principal and a target tenant (id and path). A tenant the principal cannot
read at all is "not found" to the caller, never "forbidden".
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from liaison.authz.enforcer import Relation, allowed, relation
from liaison.authz.principal import Principal
from liaison.models import Tenant
from liaison.models.account import Role


def has_permission(principal: Principal, target_path: str, obj: str, act: str) -> bool:
    rel = relation(principal.tenant_path, target_path)
    return any(allowed(role.value, rel, obj, act) for role in principal.roles)


def reads_descendants(principal: Principal) -> bool:
    """Whether the principal's readable tenants include the tenants below its own."""
    return any(allowed(role.value, Relation.descendant, "tenant", "read")
               for role in principal.roles)


def can_see_tenant(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id in principal.scope.readable and has_permission(
        principal, tenant.path, "tenant", "read"
    )


def can_read_accounts(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, "account", "read")


def can_read_roles(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, "role_assignment", "read")


def can_manage_roles(principal: Principal, tenant: Tenant) -> bool:
    """Assign and revoke roles: the office of the tenant itself, never a parent's office."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "role_assignment", "manage"
    )


def can_manage_accounts(principal: Principal, tenant: Tenant) -> bool:
    """Unlock accounts: the office of the tenant itself."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "account", "manage")


def can_read_audit(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, "audit_log", "read")


def permissions(principal: Principal) -> list[str]:
    """What the principal may do in its own tenant, as ``object:action`` strings."""
    found = set()
    for obj, act in _OBJECT_ACTIONS:
        if has_permission(principal, principal.tenant_path, obj, act):
            found.add(f"{obj}:{act}")
    return sorted(found)


_OBJECT_ACTIONS = [
    ("tenant", "read"), ("organisation", "read"), ("organisation", "manage"),
    ("account", "read"), ("account", "manage"), ("role_assignment", "read"),
    ("role_assignment", "manage"),
    ("audit_log", "read"), ("member", "read"), ("member", "manage"), ("pairing", "read"),
    ("pairing", "manage"), ("phone", "read"), ("settings", "manage"), ("contact", "read"),
    ("contact", "manage"), ("compliance", "read"), ("filing", "read"), ("filing", "manage"),
    ("filing", "review"), ("decision", "manage"),
]


@dataclass(frozen=True)
class MemberScope:
    """Which members of one tenant a principal may read or manage: everyone, the members of
    some sectors (a convenor), or one member (the member themself)."""

    everyone: bool = False
    sector_ids: frozenset[uuid.UUID] = frozenset()
    member_id: uuid.UUID | None = None

    @property
    def empty(self) -> bool:
        return not self.everyone and not self.sector_ids and self.member_id is None

    @property
    def self_only(self) -> bool:
        return not self.everyone and not self.sector_ids and self.member_id is not None

    def allows(self, member_id: uuid.UUID, sector_id: uuid.UUID) -> bool:
        return self.everyone or sector_id in self.sector_ids or member_id == self.member_id


def member_scope(principal: Principal, tenant: Tenant, obj: str, act: str) -> MemberScope:
    """The members whose ``obj`` (member or pairing) the principal may ``act`` on in tenant."""
    rel = relation(principal.tenant_path, tenant.path)
    everyone, sectors, member_id = False, set(), None
    for grant in principal.grants:
        if not allowed(grant.role.value, rel, obj, act):
            continue
        if grant.role is Role.convenor:
            if grant.sector_id is not None:
                sectors.add(grant.sector_id)
        elif grant.role is Role.member:
            # A member who has left keeps reading their record but changes nothing.
            writable = act == "read" or principal.member_serving
            member_id = principal.member_id if rel == Relation.own and writable else None
        else:
            everyone = True
    return MemberScope(everyone=everyone, sector_ids=frozenset(sectors), member_id=member_id)


def can_manage_organisation(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "organisation", "manage")


def can_manage_settings(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "settings", "manage")


def sees_phones_of_tenant(principal: Principal, tenant_path: str) -> bool:
    """The tenant's office sees every phone number of its tenant unmasked."""
    return has_permission(principal, tenant_path, "phone", "read")


def sees_member_phone(principal: Principal, tenant_path: str, member_id: uuid.UUID) -> bool:
    return (sees_phones_of_tenant(principal, tenant_path)
            or (principal.member_id is not None and principal.member_id == member_id))


def sees_constituent_phone(principal: Principal, tenant_path: str,
                           paired_member_ids: Iterable[uuid.UUID]) -> bool:
    """The office, and the member(s) the constituent is (actively) paired with."""
    return (sees_phones_of_tenant(principal, tenant_path)
            or (principal.member_id is not None and principal.member_id in set(paired_member_ids)))


def can_manage_decisions(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "decision", "manage")


def can_review_filings(principal: Principal, tenant: Tenant) -> bool:
    """Return or accept members' plans and reports: the tenant's own office."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, "filing", "review")
