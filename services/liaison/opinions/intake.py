"""Opinions that come from contacts: those written on one contact registered as records
(offered when a contact with opinion text is logged), and the office turning every contact's
opinion text into records in one step. The contact's text stays where it is."""

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, select

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import (
    Contact,
    ContactConstituent,
    Member,
    Opinion,
    OpinionCategory,
    OpinionEvent,
    OpinionPerson,
)
from liaison.models.opinions import OpinionState, Urgency
from liaison.opinions import events, queries
from liaison.opinions.service import NewOpinion, register
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant

MAX_ITEMS = 20
TITLE_LENGTH = 30


@dataclass
class ContactOpinion:
    title: str
    content: str
    category_id: uuid.UUID
    urgency: Urgency = Urgency.normal


def title_of(text: str) -> str:
    """A title made from the first line of an opinion text."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= TITLE_LENGTH else line[:TITLE_LENGTH - 1] + "…"


async def constituents_of(ctx: ServiceContext, contact: Contact) -> list[uuid.UUID]:
    return list(await ctx.session.scalars(select(ContactConstituent.constituent_id).where(
        ContactConstituent.tenant_id == contact.tenant_id,
        ContactConstituent.contact_id == contact.id)
        .order_by(ContactConstituent.constituent_id)))


async def register_from_contact(ctx: ServiceContext, contact_id: uuid.UUID,
                                items: list[ContactOpinion]) -> list[Opinion]:
    """One opinion per item, each with the contact's member, people and date. The office
    may do it for any contact, a member for their own; all items or none."""
    tenant = await own_tenant(ctx)
    contact = await ctx.session.get(Contact, (tenant.id, contact_id))
    principal = ctx.require_principal()
    if contact is None or not policies.opinion_scope(principal, tenant, Act.read).allows(
            _as_opinion(contact)):
        raise NotFound("联系记录", contact_id)
    if not items:
        raise ValidationFailed([FieldProblem("items", "请至少填写一条意见建议")])
    if len(items) > MAX_ITEMS:
        raise ValidationFailed([FieldProblem("items", f"一次最多登记 {MAX_ITEMS} 条")])
    people = await constituents_of(ctx, contact)
    opinions, problems = [], []
    for index, item in enumerate(items):
        try:
            opinions.append(await register(ctx, NewOpinion(
                title=item.title, content=item.content, category_id=item.category_id,
                raised_on=contact.occurred_on, urgency=item.urgency,
                member_id=contact.member_id, contact_id=contact.id,
                constituent_ids=people, unnamed_count=None if people else 1)))
        except ValidationFailed as error:
            problems += [FieldProblem(f"items[{index}].{p.field}", p.message)
                         for p in error.problems]
    if problems:
        raise ValidationFailed(problems)
    return opinions


def _as_opinion(contact: Contact) -> Opinion:
    """A contact seen as the opinion it would become (for the scope's row check)."""
    return Opinion(member_id=contact.member_id, committee_id=None, sector_id=None)


async def convert_contacts(ctx: ServiceContext, category_id: uuid.UUID) -> int:
    """The office: every contact whose opinion text is not yet registered becomes one
    opinion record (title from its first line) in ``category_id``. Returns how many."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    if not policies.opinion_scope(principal, tenant, Act.manage).everyone:
        raise Forbidden("只有委员联络办可以批量转为意见建议")
    await queries.categories(ctx.session, tenant.id, seed=True)
    if await ctx.session.get(OpinionCategory, (tenant.id, category_id)) is None:
        raise ValidationFailed([FieldProblem("categoryId", "未知的意见建议类别")])
    registered = exists().where(Opinion.tenant_id == Contact.tenant_id,
                                Opinion.contact_id == Contact.id)
    waiting = (Contact.tenant_id == tenant.id, Contact.opinions.is_not(None),
               Contact.opinions != "", ~registered)
    contacts = (await ctx.session.execute(select(
        Contact.id, Contact.member_id, Contact.occurred_on, Contact.opinions, Member.sector_id)
        .join(Member, (Member.tenant_id == Contact.tenant_id) & (Member.id == Contact.member_id))
        .where(*waiting).order_by(Contact.occurred_on, Contact.id))).all()
    people: dict[uuid.UUID, list[uuid.UUID]] = {}
    for contact_id, constituent_id in (await ctx.session.execute(select(
            ContactConstituent.contact_id, ContactConstituent.constituent_id)
            .join(Contact, (Contact.tenant_id == ContactConstituent.tenant_id)
                  & (Contact.id == ContactConstituent.contact_id))
            .where(*waiting).order_by(ContactConstituent.constituent_id))).all():
        people.setdefault(contact_id, []).append(constituent_id)
    actor = await events.actor_name(ctx)
    now, rows = clock.now(), []
    for contact in contacts:
        text = contact.opinions.strip()
        if not text:
            continue
        opinion = Opinion(tenant_id=tenant.id, id=uuid.uuid4(), title=title_of(text),
                          content=text[:4000], category_id=category_id,
                          member_id=contact.member_id, contact_id=contact.id,
                          sector_id=contact.sector_id, urgency=Urgency.normal,
                          raised_on=contact.occurred_on, state=OpinionState.registered)
        rows.append(opinion)
        ctx.session.add(opinion)
        who = people.get(contact.id)
        ctx.session.add_all(
            [OpinionPerson(tenant_id=tenant.id, id=uuid.uuid4(), opinion_id=opinion.id,
                           constituent_id=c) for c in who] if who else
            [OpinionPerson(tenant_id=tenant.id, id=uuid.uuid4(), opinion_id=opinion.id,
                           unnamed_count=1)])
        ctx.session.add(OpinionEvent(tenant_id=tenant.id, id=uuid.uuid4(),
                                     opinion_id=opinion.id, seq=1,
                                     actor_id=principal.account_id,
                                     actor_name=actor,
                                     at=now, from_state=None,
                                     to_state=OpinionState.registered.value,
                                     note="由联系记录中的意见建议转入"))
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="opinions_converted",
                       origin=ctx.origin, actor_id=principal.account_id,
                       after={"count": len(rows), "category_id": str(category_id)})
    return len(rows)
