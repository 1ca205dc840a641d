"""Guidance notes (指导意见): the city's office or committees comment on a county's opinion;
the note is stored with the opinion (the county reads it) and names the city that wrote it.
Row-level security lets a tenant write a note only on an opinion it can read and only as
itself (migration 0007)."""

import uuid

from sqlalchemy import select

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.errors import Forbidden, ValidationFailed
from liaison.fields import OPINION_NOTE
from liaison.models import Account, Opinion, OpinionNote
from liaison.opinions.service import access_opinion
from liaison.tenancy import access, clock
from liaison.tenancy.registry import get_tenant
from liaison.validation import clean_text


async def add_note(ctx: ServiceContext, opinion_id: uuid.UUID, text: str) -> OpinionNote:
    principal = ctx.require_principal()
    opinion = await access_opinion(ctx, opinion_id)
    tenant = await access.tenant_of(ctx, opinion)
    if not policies.can_guide_opinions(principal, tenant):
        raise Forbidden("只有上级政协的委员联络办或专门委员会可以提出指导意见")
    text = clean_text(text)
    problem = OPINION_NOTE.required_problem(text)
    if problem is not None:
        raise ValidationFailed([problem])
    author = await ctx.session.get(Account, (principal.tenant_id, principal.account_id))
    own = await get_tenant(ctx.session, principal.tenant_id)
    note = OpinionNote(tenant_id=opinion.tenant_id, id=uuid.uuid4(), opinion_id=opinion.id,
                       author_tenant_id=principal.tenant_id, author_id=principal.account_id,
                       # the column holds 64: a unit's short name and a long display name
                       author_name=f"{own.short_name} {author.display_name}"[:64],
                       at=clock.now(),
                       text=text)
    ctx.session.add(note)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=principal.tenant_id, action="opinion_guided",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("opinion", opinion.id),
                       after={"tenant": str(opinion.tenant_id), "text": text})
    return note


async def notes(ctx: ServiceContext, opinion: Opinion) -> list[OpinionNote]:
    return list(await ctx.session.scalars(select(OpinionNote).where(
        OpinionNote.tenant_id == opinion.tenant_id, OpinionNote.opinion_id == opinion.id)
        .order_by(OpinionNote.at, OpinionNote.id)))
