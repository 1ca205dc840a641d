"""Per-request DataLoaders: relations load in one query per kind, never one per object."""

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from liaison.models import Account, ActivityGroup, Committee, RoleAssignment, Sector, Tenant

Key = tuple[uuid.UUID, uuid.UUID]


class Loaders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.tenant = DataLoader(self._tenants)
        self.account = DataLoader(self._accounts)
        self.sector = DataLoader(self._sectors)
        self.grants_of_account = DataLoader(self._grants_of_accounts)
        self.sectors_of_tenant = DataLoader(self._by_tenant(Sector))
        self.committees_of_tenant = DataLoader(self._by_tenant(Committee))
        self.groups_of_tenant = DataLoader(self._by_tenant(ActivityGroup))

    async def _tenants(self, ids: Sequence[uuid.UUID]) -> list[Tenant | None]:
        rows = await self.session.scalars(select(Tenant).where(Tenant.id.in_(ids)))
        found = {t.id: t for t in rows}
        return [found.get(i) for i in ids]

    async def _accounts(self, keys: Sequence[Key]) -> list[Account | None]:
        return await self._by_key(Account, keys)

    async def _sectors(self, keys: Sequence[Key]) -> list[Sector | None]:
        return await self._by_key(Sector, keys)

    async def _by_key(self, model, keys: Sequence[Key]) -> list:
        rows = await self.session.scalars(
            select(model).where(tuple_(model.tenant_id, model.id).in_(list(keys)))
        )
        found = {(r.tenant_id, r.id): r for r in rows}
        return [found.get(k) for k in keys]

    async def _grants_of_accounts(self, keys: Sequence[Key]) -> list[list[RoleAssignment]]:
        rows = await self.session.scalars(
            select(RoleAssignment)
            .where(tuple_(RoleAssignment.tenant_id, RoleAssignment.account_id).in_(list(keys)))
            .order_by(RoleAssignment.granted_at, RoleAssignment.id)
        )
        grouped: dict[Key, list[RoleAssignment]] = defaultdict(list)
        for r in rows:
            grouped[(r.tenant_id, r.account_id)].append(r)
        return [grouped.get(k, []) for k in keys]

    def _by_tenant(self, model):
        async def load(tenant_ids: Sequence[uuid.UUID]) -> list[list]:
            rows = await self.session.scalars(
                select(model).where(model.tenant_id.in_(tenant_ids))
                .order_by(model.sort_order, model.name)
            )
            grouped: dict[uuid.UUID, list] = defaultdict(list)
            for r in rows:
                grouped[r.tenant_id].append(r)
            return [grouped.get(t, []) for t in tenant_ids]

        return load
