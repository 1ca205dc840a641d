"""Opinions and committee accounts written straight into the database (as the owner), for the
deadline and reminder tests: any state, any date, without walking the state machine."""

import uuid
from datetime import date

from sqlalchemy import select, update

from liaison.models import Committee, LiaisonSettings, Opinion, OpinionCategory, RoleAssignment
from liaison.models.account import Role
from liaison.models.opinions import OpinionState, Urgency
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import first_committee, make_account, set_email


async def category_id(owner, tenant) -> uuid.UUID:
    await apply_scope(owner, TenantScope.only(tenant.id))
    found = await owner.scalar(select(OpinionCategory.id).where(
        OpinionCategory.tenant_id == tenant.id, OpinionCategory.name == "其他"))
    if found is None:
        found = uuid.uuid4()
        owner.add(OpinionCategory(tenant_id=tenant.id, id=found, name="其他", sort_order=0))
        await owner.commit()
    return found


async def make_opinion(owner, tenant, title: str, *, raised_on: date,
                       state: OpinionState = OpinionState.registered, due_on: date | None = None,
                       member=None, committee_id: uuid.UUID | None = None,
                       merged_into: Opinion | None = None) -> Opinion:
    category = await category_id(owner, tenant)
    opinion = Opinion(tenant_id=tenant.id, id=uuid.uuid4(), title=title,
                      content=f"{title}的具体情况", category_id=category,
                      member_id=member.id if member else None,
                      sector_id=member.sector_id if member else None, urgency=Urgency.normal,
                      raised_on=raised_on, state=state, committee_id=committee_id,
                      due_on=due_on, merged_into_id=merged_into.id if merged_into else None)
    owner.add(opinion)
    await owner.commit()
    return opinion


async def make_committee(owner, tenant, name: str) -> uuid.UUID:
    await apply_scope(owner, TenantScope.only(tenant.id))
    committee = Committee(tenant_id=tenant.id, id=uuid.uuid4(), name=name, sort_order=9)
    owner.add(committee)
    await owner.commit()
    return committee.id


async def assign_committee(owner, account, committee_id: uuid.UUID) -> None:
    """The account's committee role works for ``committee_id``."""
    await apply_scope(owner, TenantScope.only(account.tenant_id))
    await owner.execute(update(RoleAssignment).where(
        RoleAssignment.tenant_id == account.tenant_id, RoleAssignment.account_id == account.id,
        RoleAssignment.role == Role.committee).values(committee_id=committee_id))
    await owner.commit()


async def committee_account(owner, tenant, username: str, committee_id: uuid.UUID, *,
                            email: str | None = None, active: bool = True):
    account = await make_account(owner, tenant, username, (Role.committee,))
    await assign_committee(owner, account, committee_id)
    if email:
        await set_email(owner, account, email)
    if not active:
        await apply_scope(owner, TenantScope.only(tenant.id))
        account.is_active = False
        owner.add(account)
        await owner.commit()
    return account


async def set_reply_days(owner, tenant, days: int) -> None:
    await apply_scope(owner, TenantScope.only(tenant.id))
    row = await owner.get(LiaisonSettings, tenant.id)
    if row is None:
        row = LiaisonSettings(tenant_id=tenant.id, min_pairings=2, max_pairings=3)
        owner.add(row)
    row.opinion_reply_days = days
    await owner.commit()


async def give_committee(owner, world, tenant) -> uuid.UUID:
    """The tenant's committee account works for its first committee (as assignRole with
    committeeId leaves it); returns the committee's id."""
    committee_id = await first_committee(owner, tenant)
    await assign_committee(owner, world.account(tenant, Role.committee), committee_id)
    return committee_id
