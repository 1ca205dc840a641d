"""Named policy functions: the only place that asks the enforcer.

Each answers for a principal and a target tenant (id and path). A tenant the principal cannot
read at all is "not found" to the caller, never "forbidden".
"""

from liaison.authz.enforcer import Relation, allowed, relation
from liaison.authz.principal import Principal
from liaison.models import Tenant


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
    ("tenant", "read"), ("organisation", "read"), ("account", "read"),
    ("role_assignment", "read"), ("role_assignment", "manage"), ("audit_log", "read"),
]
