"""Venue and rota fields of Tenant, resolved here and declared there."""

from datetime import date

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.mutation import parse_id
from liaison.api.venues.types import ReceptionSession, Venue
from liaison.venues import rota
from liaison.venues import service as venues
from liaison.venues.access import VENUE, access_venue


async def venues_of(info: Info, tenant: models.Tenant) -> list[Venue]:
    return [Venue.from_model(r) for r in await venues.list_venues(info.context.service, tenant)]


async def venue_of(info: Info, tenant: models.Tenant, id: strawberry.ID) -> Venue:
    ctx = info.context.service
    return Venue.from_model(await access_venue(ctx, parse_id(id, VENUE), tenant=tenant))


async def reception_sessions(info: Info, tenant: models.Tenant, first_on: date, last_on: date,
                             venue_id: strawberry.ID | None) -> list[ReceptionSession]:
    rows = await rota.list_sessions(info.context.service, tenant, first_on, last_on,
                                    parse_id(venue_id, VENUE) if venue_id else None)
    return [ReceptionSession.from_model(r) for r in rows]
