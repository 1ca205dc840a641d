"""Reading a venue or a session if the caller may: the one way every venue module looks them
up. Venue staff reach only their own venues; a city's office and leadership read their
counties' (read-only); another tenant's ids, or a venue the caller may not reach, answer
not-found."""

import uuid

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound
from liaison.models import ReceptionSession, Tenant, Venue
from liaison.tenancy import access

VENUE = "联络站或工作室"
SESSION = "接待日"


def scope(ctx: ServiceContext, tenant: Tenant, act: Act = Act.read) -> policies.VenueScope:
    """The venues of ``tenant`` the caller may reach; Forbidden if none at all."""
    found = policies.venue_scope(ctx.require_principal(), tenant, act)
    if found.none:
        raise Forbidden("没有权限查看联络站和工作室" if act == Act.read
                        else "没有权限管理联络站和工作室")
    return found


async def _reach(ctx: ServiceContext, model, row_id: uuid.UUID, kind: str, act: Act,
                 tenant: Tenant | None, venue_of):
    row, tenant = await access.get_readable(ctx, model, row_id, kind, act=act, tenant=tenant)
    principal = ctx.require_principal()
    if not policies.venue_scope(principal, tenant, Act.read).allows(venue_of(row)):
        raise NotFound(kind, row_id)
    if act != Act.read and not policies.venue_scope(principal, tenant, act).allows(
            venue_of(row)):
        raise Forbidden("只有委员联络办或本联络站（工作室）的工作人员可以管理")
    return row


async def access_venue(ctx: ServiceContext, venue_id: uuid.UUID, act: Act = Act.read, *,
                       tenant: Tenant | None = None) -> Venue:
    """The venue if the caller may ``act`` on it (``manage``: in its own tenant only)."""
    return await _reach(ctx, Venue, venue_id, VENUE, act, tenant, lambda row: row.id)


async def access_session(ctx: ServiceContext, session_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> ReceptionSession:
    """The session if the caller may ``act`` on its venue."""
    return await _reach(ctx, ReceptionSession, session_id, SESSION, act, tenant,
                        lambda row: row.venue_id)
