"""Named policy functions: the only place that asks the enforcer.

Each answers for a principal and a target tenant (id and path). A tenant the principal cannot
read at all is "not found" to the caller, never "forbidden".
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import false, or_, true

from liaison.authz.enforcer import Relation, allowed, relation
from liaison.authz.objects import OBJECT_ACTIONS, Act, Obj
from liaison.authz.principal import Principal
from liaison.models import Tenant
from liaison.models.account import Role
from liaison.validation import mask_phone


def has_permission(principal: Principal, target_path: str, obj: Obj, act: Act) -> bool:
    rel = relation(principal.tenant_path, target_path)
    return any(allowed(role.value, rel, obj, act) for role in principal.roles)


def reads_descendants(principal: Principal) -> bool:
    """Whether the principal's readable tenants include the tenants below its own."""
    return any(allowed(role.value, Relation.descendant, Obj.tenant, Act.read)
               for role in principal.roles)


def can_see_tenant(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id in principal.scope.readable and has_permission(
        principal, tenant.path, Obj.tenant, Act.read
    )


def can_read_accounts(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, Obj.account, Act.read)


def can_read_roles(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, Obj.role_assignment, Act.read)


def can_manage_roles(principal: Principal, tenant: Tenant) -> bool:
    """Assign and revoke roles: the office of the tenant itself, never a parent's office."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.role_assignment, Act.manage
    )


def can_manage_accounts(principal: Principal, tenant: Tenant) -> bool:
    """Unlock accounts: the office of the tenant itself."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.account, Act.manage)


def can_manage_api_keys(principal: Principal, tenant: Tenant) -> bool:
    """Create, list and revoke integration keys: the office of the tenant itself (a key
    stands for a system as an account stands for a person)."""
    return can_manage_accounts(principal, tenant)


def can_read_audit(principal: Principal, tenant: Tenant) -> bool:
    return has_permission(principal, tenant.path, Obj.audit_log, Act.read)


def permissions(principal: Principal) -> list[str]:
    """What the principal may do in its own tenant, as ``object:action`` strings."""
    return sorted(f"{obj}:{act}" for obj, act in OBJECT_ACTIONS
                  if has_permission(principal, principal.tenant_path, obj, act))


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

    def condition(self, member_id_column, sector_id_column):
        """The same rule as SQL, over a member id and a sector id column."""
        if self.everyone:
            return true()
        conditions = []
        if self.sector_ids:
            conditions.append(sector_id_column.in_(self.sector_ids))
        if self.member_id is not None:
            conditions.append(member_id_column == self.member_id)
        return or_(*conditions) if conditions else false()


def member_scope(principal: Principal, tenant: Tenant, obj: Obj, act: Act) -> MemberScope:
    """The members whose ``obj`` (member, pairing, contact, filing, compliance) the principal
    may ``act`` on in ``tenant``."""
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
            writable = act == Act.read or principal.member_serving
            member_id = principal.member_id if rel == Relation.own and writable else None
        else:
            everyone = True
    return MemberScope(everyone=everyone, sector_ids=frozenset(sectors), member_id=member_id)


def readable_members(principal: Principal, tenant: Tenant,
                     obj: Obj = Obj.member) -> MemberScope:
    """Whose ``obj`` the principal may read in ``tenant``."""
    return member_scope(principal, tenant, obj, Act.read)


def manageable_members(principal: Principal, tenant: Tenant,
                       obj: Obj = Obj.member) -> MemberScope:
    """Whose ``obj`` the principal may change in ``tenant`` (own tenant only by the policy)."""
    return member_scope(principal, tenant, obj, Act.manage)


def can_read(principal: Principal, tenant: Tenant, obj: Obj) -> bool:
    """Reads of a tenant-wide object (organisation, compliance …) in ``tenant``."""
    return has_permission(principal, tenant.path, obj, Act.read)


@dataclass(frozen=True)
class PhoneView:
    """Whose phone numbers a principal sees in clear in one tenant; everything else masked
    (138****5678). The one rule for GraphQL, exports and both forms."""

    all_clear: bool
    member_id: uuid.UUID | None

    def member(self, member_id: uuid.UUID, phone: str | None) -> str | None:
        clear = self.all_clear or (self.member_id is not None and self.member_id == member_id)
        return phone if clear else mask_phone(phone)

    def constituent(self, phone: str | None,
                    actively_paired_with: Iterable[uuid.UUID]) -> str | None:
        """A constituent's phone: clear for the office and the member(s) paired with them
        now (an ended pairing no longer counts)."""
        clear = self.all_clear or (self.member_id is not None
                                   and self.member_id in set(actively_paired_with))
        return phone if clear else mask_phone(phone)


def phone_view(principal: Principal, tenant_path: str) -> PhoneView:
    """The tenant's office sees every phone of its tenant; a member their own and their
    paired people's."""
    return PhoneView(all_clear=has_permission(principal, tenant_path, Obj.phone, Act.read),
                     member_id=principal.member_id)


def can_manage_organisation(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.organisation, Act.manage)


def can_manage_settings(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.settings, Act.manage)


def can_manage_decisions(principal: Principal, tenant: Tenant) -> bool:
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.decision, Act.manage)


def can_review_filings(principal: Principal, tenant: Tenant) -> bool:
    """Return or accept members' plans and reports: the tenant's own office, leadership
    group or chair."""
    return tenant.id == principal.tenant_id and has_permission(
        principal, tenant.path, Obj.filing, Act.review)


def can_guide_opinions(principal: Principal, tenant: Tenant) -> bool:
    """Add guidance notes to a county's opinions: its city's office and committees."""
    return has_permission(principal, tenant.path, Obj.opinion, Act.guide)


@dataclass(frozen=True)
class OpinionScope:
    """Which opinions of one tenant a principal may read (or move): all of them, those
    assigned to some committees, those of some sectors, or those of one member."""

    everyone: bool = False
    committee_ids: frozenset[uuid.UUID] = frozenset()
    sector_ids: frozenset[uuid.UUID] = frozenset()
    member_id: uuid.UUID | None = None

    def allows(self, opinion) -> bool:
        return (self.everyone or opinion.committee_id in self.committee_ids
                or opinion.sector_id in self.sector_ids
                or (opinion.member_id is not None and opinion.member_id == self.member_id))

    def condition(self, model):
        if self.everyone:
            return true()
        conditions = []
        if self.committee_ids:
            conditions.append(model.committee_id.in_(self.committee_ids))
        if self.sector_ids:
            conditions.append(model.sector_id.in_(self.sector_ids))
        if self.member_id is not None:
            conditions.append(model.member_id == self.member_id)
        return or_(*conditions) if conditions else false()


def opinion_scope(principal: Principal, tenant: Tenant, act: Act) -> OpinionScope:
    """The office (and, reading, the leadership; a city's for its counties) has every opinion;
    a committee account those assigned to its committee; a convenor their sector's; a member
    their own. ``handle`` (record outcome, reply, feedback, close) is the committee's word;
    ``manage`` (register, assign, reopen, and every handling step) the office's."""
    rel = relation(principal.tenant_path, tenant.path)
    everyone, committees, sectors, member_id = False, set(), set(), None
    for grant in principal.grants:
        if not allowed(grant.role.value, rel, Obj.opinion, act):
            continue
        if grant.role is Role.committee and rel == Relation.own:
            if grant.committee_id is not None:
                committees.add(grant.committee_id)
        elif grant.role is Role.convenor:
            if grant.sector_id is not None:
                sectors.add(grant.sector_id)
        elif grant.role is Role.member:
            member_id = principal.member_id if rel == Relation.own else None
        else:
            everyone = True
    return OpinionScope(everyone, frozenset(committees), frozenset(sectors), member_id)


@dataclass(frozen=True)
class VenueScope:
    """Which venues of one tenant a principal may read or manage (with their rota, sessions
    and records): all of them, or a venue-staff account's own venues."""

    everyone: bool = False
    venue_ids: frozenset[uuid.UUID] = frozenset()

    def allows(self, venue_id: uuid.UUID | None) -> bool:
        return self.everyone or venue_id in self.venue_ids

    def condition(self, column):
        if self.everyone:
            return true()
        return column.in_(self.venue_ids) if self.venue_ids else false()

    @property
    def none(self) -> bool:
        return not self.everyone and not self.venue_ids


def venue_scope(principal: Principal, tenant: Tenant, act: Act) -> VenueScope:
    """The office (reading: every role of the tenant, and a city's office and leadership for
    its counties) has every venue; venue staff the venues of their role assignments."""
    rel = relation(principal.tenant_path, tenant.path)
    everyone, venues = False, set()
    for grant in principal.grants:
        if not allowed(grant.role.value, rel, Obj.venue, act):
            continue
        if grant.role is Role.venue_staff:
            if grant.venue_id is not None:
                venues.add(grant.venue_id)
        else:
            everyone = True
    return VenueScope(everyone, frozenset(venues))


def can_manage_duty(principal: Principal, tenant: Tenant, member_id: uuid.UUID) -> bool:
    """A member confirms, declines or asks to swap their own duties (while serving)."""
    return (principal.member_id == member_id and principal.member_serving
            and has_permission(principal, tenant.path, Obj.duty, Act.manage))
