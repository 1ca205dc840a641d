"""Demo accounts for development: one per role in every tenant of a manifest."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.accounts import passwords
from liaison.models import Account, Committee, RoleAssignment, Sector, Tenant, Venue
from liaison.models.account import ACCOUNT_ROLES, ROLE_LABELS, Role
from liaison.models.venues import VenueKind
from liaison.tenancy.manifest import Manifest
from liaison.tenancy.scope import TenantScope, apply_scope

DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoLogin:
    tenant_code: str
    tenant_name: str
    username: str
    role: Role
    created: bool


async def ensure_demo_accounts(session: AsyncSession, manifest: Manifest) -> list[DemoLogin]:
    """Create the missing demo accounts (username = role name); existing ones are kept."""
    logins: list[DemoLogin] = []
    for spec in manifest.tenants:
        tenant = await session.scalar(select(Tenant).where(Tenant.code == spec.code))
        assert tenant is not None, "apply the manifest first"
        await apply_scope(session, TenantScope.only(tenant.id))
        first_sector = await session.scalar(
            select(Sector.id).where(Sector.tenant_id == tenant.id).order_by(Sector.sort_order)
        )
        first_committee = await session.scalar(
            select(Committee.id).where(Committee.tenant_id == tenant.id)
            .order_by(Committee.sort_order, Committee.name))
        for role in ACCOUNT_ROLES:
            username = role.value
            exists = await session.scalar(
                select(Account.id).where(Account.tenant_id == tenant.id,
                                         Account.username == username)
            )
            if exists is None:
                account = Account(
                    tenant_id=tenant.id, id=uuid.uuid4(), username=username,
                    display_name=f"{tenant.short_name}{ROLE_LABELS[role]}（演示）",
                    password_hash=passwords.hash_password(DEMO_PASSWORD),
                    is_active=True,
                )
                session.add(account)
                await session.flush()
                sector_id = first_sector if role is Role.convenor else None
                session.add(RoleAssignment(
                    tenant_id=tenant.id, id=uuid.uuid4(), account_id=account.id, role=role,
                    sector_id=sector_id, granted_at=datetime.now(UTC),
                    committee_id=first_committee if role is Role.committee else None,
                    venue_id=(await _demo_venue(session, tenant)).id
                    if role is Role.venue_staff else None,
                ))
                await session.flush()
            logins.append(DemoLogin(spec.code, tenant.short_name, username, role,
                                    created=exists is None))
    return logins


async def _demo_venue(session: AsyncSession, tenant: Tenant) -> Venue:
    """The demo venue-staff account's liaison station (made once)."""
    name = f"{tenant.short_name}委员联络站（演示）"
    venue = await session.scalar(select(Venue).where(Venue.tenant_id == tenant.id,
                                                     Venue.name == name))
    if venue is None:
        venue = Venue(tenant_id=tenant.id, id=uuid.uuid4(), kind=VenueKind.station, name=name,
                      area="城区", address="政协办公楼一楼", opening_hours="工作日 9:00–17:00",
                      description="委员接待日在此接待群众来访（演示数据）", is_active=True)
        session.add(venue)
        await session.flush()
    return venue
