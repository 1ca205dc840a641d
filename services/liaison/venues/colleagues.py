"""Whom a member on duty may ask to swap with (换班): the serving members of their own tenant
but themself, by name and nothing else (the public schedule names members on duty too).
Members read only their own member record otherwise; ``duties.request_swap`` checks the one
chosen again (serving, free at that time)."""

import uuid

from sqlalchemy import select

from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.models import Member
from liaison.models.members import MemberStatus
from liaison.tenancy.access import own_tenant


async def swap_candidates(ctx: ServiceContext) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the members the caller may ask to take a duty of theirs; none for an
    account that manages no duty of its own (not a member, or one who has left)."""
    principal = ctx.require_principal()
    if principal.member_id is None:
        return []
    tenant = await own_tenant(ctx)
    if not policies.can_manage_duty(principal, tenant, principal.member_id):
        return []
    rows = await ctx.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == tenant.id, Member.status == MemberStatus.serving,
        Member.id != principal.member_id).order_by(Member.name, Member.id))
    return [(r.id, r.name) for r in rows.all()]
