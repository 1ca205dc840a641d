"""Pairing fields of Member, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.organisation.fields import tenant_settings
from liaison.api.pairings.types import Pairing
from liaison.authz.objects import Obj
from liaison.members import service as members


async def _pairings(info: Info, member: models.Member) -> list[models.Pairing]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    members.check_readable(info.context.service, tenant, member, Obj.pairing)
    return await info.context.loaders.pairings_of_member.load((member.tenant_id, member.id))


async def pairings(info: Info, member: models.Member, include_ended: bool) -> list[Pairing]:
    rows = await _pairings(info, member)
    return [Pairing.from_model(p) for p in rows if include_ended or p.ended_on is None]


async def active_pairing_count(info: Info, member: models.Member) -> int:
    return sum(1 for p in await _pairings(info, member) if p.ended_on is None)


async def pairing_complete(info: Info, member: models.Member) -> bool:
    active = sum(1 for p in await _pairings(info, member) if p.ended_on is None)
    settings = await tenant_settings(info, member.tenant_id)
    return active >= settings.min_pairings
