"""Per-request DataLoaders: relations load in one query per kind, never one per object."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from liaison.models import (
    Account,
    ActivityGroup,
    AnnualFiling,
    Committee,
    Constituent,
    Contact,
    ContactConstituent,
    MajorDecision,
    Member,
    Opinion,
    OpinionEvent,
    OpinionNote,
    OpinionPerson,
    Pairing,
    RoleAssignment,
    Sector,
    SessionDuty,
    Tenant,
    Term,
    Venue,
    VenueSector,
)
from liaison.organisation import defaults

Key = tuple[uuid.UUID, uuid.UUID]


def _loader(batch) -> cached_property:
    """A loader attribute: ``batch(loaders)`` gives its batch function, at first use."""
    return cached_property(lambda self: DataLoader(batch(self)))


class Loaders:
    """The request's DataLoaders, each made on first use (a request uses a few of them)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    tenant = _loader(lambda self: self._tenants)
    account = _loader(lambda self: self._accounts)
    sector = _loader(lambda self: self._sectors)
    grants_of_account = _loader(lambda self: self._grants_of_accounts)
    committee = _loader(lambda self: self._keyed(Committee))
    activity_group = _loader(lambda self: self._keyed(ActivityGroup))
    term = _loader(lambda self: self._keyed(Term))
    member = _loader(lambda self: self._keyed(Member))
    constituent = _loader(lambda self: self._keyed(Constituent))
    pairings_of_member = _loader(lambda self: self._pairings_of_members)
    active_members_of_constituent = _loader(lambda self: self._active_members)
    settings_of_tenant = _loader(lambda self: self._settings)
    decision = _loader(lambda self: self._keyed(MajorDecision))
    constituents_of_contact = _loader(lambda self: self._contact_constituents)
    contacts_of_member_year = _loader(lambda self: self._contacts_of_member_year)
    filings_of_member = _loader(lambda self: self._filings_of_members)
    sectors_of_tenant = _loader(lambda self: self._by_tenant(Sector))
    committees_of_tenant = _loader(lambda self: self._by_tenant(Committee))
    groups_of_tenant = _loader(lambda self: self._by_tenant(ActivityGroup))
    people_of_opinion = _loader(lambda self: self._children(
        OpinionPerson, OpinionPerson.opinion_id,
        (OpinionPerson.unnamed_count.nulls_first(), OpinionPerson.id)))
    events_of_opinion = _loader(lambda self: self._children(
        OpinionEvent, OpinionEvent.opinion_id, (OpinionEvent.seq,)))
    notes_of_opinion = _loader(lambda self: self._children(
        OpinionNote, OpinionNote.opinion_id, (OpinionNote.at, OpinionNote.id)))
    merged_into_opinion = _loader(lambda self: self._children(
        Opinion, Opinion.merged_into_id, (Opinion.raised_on, Opinion.created_at, Opinion.id)))
    venue = _loader(lambda self: self._keyed(Venue))
    sectors_of_venue = _loader(lambda self: self._children(
        VenueSector, VenueSector.venue_id, (VenueSector.sector_id,)))
    duties_of_session = _loader(lambda self: self._children(
        SessionDuty, SessionDuty.session_id, (SessionDuty.created_at, SessionDuty.id)))

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

    def _keyed(self, model):
        async def load(keys: Sequence[Key]) -> list:
            return await self._by_key(model, keys)

        return load

    async def _pairings_of_members(self, keys: Sequence[Key]) -> list[list[Pairing]]:
        rows = await self.session.scalars(
           select(Pairing)
            .where(tuple_(Pairing.tenant_id, Pairing.member_id).in_(list(keys)))
            .order_by(Pairing.started_on, Pairing.created_at, Pairing.id)
        )
        grouped: dict[Key, list[Pairing]] = defaultdict(list)
        for r in rows:
            grouped[(r.tenant_id, r.member_id)].append(r)
        return [grouped.get(k, []) for k in keys]

    async def _active_members(self, keys: Sequence[Key]) -> list[list[uuid.UUID]]:
        rows = await self.session.execute(
           select(Pairing.tenant_id, Pairing.constituent_id, Pairing.member_id)
            .where(tuple_(Pairing.tenant_id, Pairing.constituent_id).in_(list(keys)),
                   Pairing.ended_on.is_(None))
        )
        grouped: dict[Key, list[uuid.UUID]] = defaultdict(list)
        for tenant_id, constituent_id, member_id in rows:
            grouped[(tenant_id, constituent_id)].append(member_id)
        return [grouped.get(k, []) for k in keys]

    async def _contact_constituents(self, keys: Sequence[Key]) -> list[list[uuid.UUID]]:
        rows = await self.session.execute(
           select(ContactConstituent.tenant_id, ContactConstituent.contact_id,
                   ContactConstituent.constituent_id)
            .where(tuple_(ContactConstituent.tenant_id, ContactConstituent.contact_id)
                   .in_(list(keys))))
        grouped: dict[Key, list[uuid.UUID]] = defaultdict(list)
        for tenant_id, contact_id, constituent_id in rows:
            grouped[(tenant_id, contact_id)].append(constituent_id)
        return [sorted(grouped.get(k, [])) for k in keys]

    async def _contacts_of_member_year(self, keys: Sequence[tuple]) -> list[list[Contact]]:
        years = {year for _, _, year in keys}
        rows = await self.session.scalars(
           select(Contact)
            .where(tuple_(Contact.tenant_id, Contact.member_id)
                   .in_([(t, m) for t, m, _ in keys]),
                   func.extract("year", Contact.occurred_on).in_(years))
            .order_by(Contact.occurred_at, Contact.id))
        grouped: dict[tuple, list[Contact]] = defaultdict(list)
        for r in rows:
            grouped[(r.tenant_id, r.member_id, r.occurred_on.year)].append(r)
        return [grouped.get(k, []) for k in keys]

    async def _filings_of_members(self, keys: Sequence[Key]) -> list[list[AnnualFiling]]:
        rows = await self.session.scalars(
           select(AnnualFiling)
            .where(tuple_(AnnualFiling.tenant_id, AnnualFiling.member_id).in_(list(keys)))
            .order_by(AnnualFiling.year.desc(), AnnualFiling.kind))
        grouped: dict[Key, list[AnnualFiling]] = defaultdict(list)
        for r in rows:
            grouped[(r.tenant_id, r.member_id)].append(r)
        return [grouped.get(k, []) for k in keys]

    async def _settings(self, tenant_ids: Sequence[uuid.UUID]) -> list[defaults.Resolved]:
        """What applies to each tenant, its own settings or those from above."""
        found = await defaults.resolve_many(self.session, await self.tenant.load_many(tenant_ids))
        return [found[t] for t in tenant_ids]

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

    def _children(self, model, parent, order):
        """Rows of ``model`` whose ``parent`` column is the key's id, per (tenant, id)."""
        async def load(keys: Sequence[Key]) -> list[list]:
            rows = await self.session.scalars(
               select(model).where(tuple_(model.tenant_id, parent).in_(list(keys)))
                .order_by(*order))
            grouped: dict[Key, list] = defaultdict(list)
            for r in rows:
                grouped[(r.tenant_id, getattr(r, parent.key))].append(r)
            return [grouped.get(k, []) for k in keys]

        return load

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
