"""Sector activities (service): the paired people who took part count as contacted for
exactly their members who took part (quarterly compliance); a day in the future and other
bad input are refused with nothing written; updates move the contacts; who reads which."""

from datetime import date

import pytest
from sqlalchemy import select, update

from liaison.activities import details as activity_details
from liaison.activities import service as activities
from liaison.activities.checks import ActivityInput
from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import (
    ActivityMember,
    ActivityPerson,
    Contact,
    ContactConstituent,
    Member,
    SectorActivity,
)
from liaison.models.account import Role
from liaison.models.contacts import Method
from liaison.models.venues import ActivityKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import make_member, sector_named
from tests.readback import audit_entries, count
from tests.venues.record_rows import act, behind, build_records, pair
from tests.venues.venue_rows import give_venue


@pytest.fixture
async def rec(owner, roster):
    return await build_records(owner, roster)


async def zhonggong(owner, rec, tenant=None):
    return await sector_named(owner, tenant or rec.world.county_a, "中共")


async def consultation(owner, rec, **change) -> ActivityInput:
    values = dict(kind=ActivityKind.consultation, title="老旧小区改造界别协商",
                  held_on=date(2025, 5, 15), sector_ids=[await zhonggong(owner, rec)],
                  member_ids=[rec.member("张伟").id, rec.member("王芳").id],
                  constituent_ids=[rec.person("陈群众"), rec.person("黄群众")],
                  place="城东街道会议室", people_reached=40, summary="协商了加装电梯")
    values.update(change)
    return ActivityInput(**values)


async def create(database, rec, data, role=Role.office, tenant=None):
    return await act(database, rec.account(role, tenant), activities.create_activity, data)


async def written(owner, tenant) -> tuple[int, ...]:
    return tuple([await count(owner, m, tenant) for m in
                  (SectorActivity, ActivityMember, ActivityPerson, Contact)])


async def test_paired_people_count_for_exactly_their_members_who_took_part(
        database, owner, rec):
    a = rec.world.county_a
    result = await create(database, rec, await consultation(owner, rec))
    assert [(p.member_name, p.constituent_name) for p in result.satisfied] == [
        ("张伟", "陈群众")]
    assert result.unpaired == ["黄群众"]
    assert result.summary == ("已记为委员联系服务，计入结对联系：张伟—陈群众；"
                              "黄群众 的结对委员未参加本次活动，未记为联系服务")
    assert await behind(database, rec) == {("张伟", "刘群众"), ("李娜", "黄群众")}
    assert await behind(database, rec, rec.world.county_b) == {("赵强", "周群众"),
                                                               ("赵强", "吴群众")}
    await apply_scope(owner, TenantScope.only(a.id))
    contact = await owner.get(Contact, (a.id, result.satisfied[0].contact_id))
    assert (contact.member_id, contact.method, contact.occurred_on, contact.place,
            contact.content) == (
        rec.member("张伟").id, Method.sector_consultation, date(2025, 5, 15), "城东街道会议室",
        "界别协商：老旧小区改造界别协商")
    people = dict((await owner.execute(select(ActivityPerson.constituent_id,
                                              ActivityPerson.contact_id).where(
        ActivityPerson.tenant_id == a.id))).all())
    assert people == {rec.person("陈群众"): contact.id, rec.person("黄群众"): None}
    assert [e.action for e in await audit_entries(owner, a)
            if e.action.startswith(("contact", "sector"))] == [
        "contact_logged", "sector_activity_recorded"]


async def test_two_members_who_took_part_with_one_person_each_get_a_contact(
        database, owner, rec):
    await pair(owner, rec.member("王芳"), rec.person("陈群众"))
    result = await create(database, rec, await consultation(owner, rec))
    assert [(p.member_name, p.constituent_name) for p in result.satisfied] == [
        ("张伟", "陈群众"), ("王芳", "陈群众")]
    assert len({p.contact_id for p in result.satisfied}) == 2


async def test_an_activity_in_the_future_and_other_bad_input_write_nothing(
        database, owner, rec):
    a = rec.world.county_a
    left = await make_member(owner, a, rec.roster.terms[a.code], "离任委员")
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(Member).where(Member.tenant_id == a.id, Member.id == left.id)
                        .values(status="left", left_on=date(2025, 1, 1)))
    await owner.commit()
    b_sector = await zhonggong(owner, rec, rec.world.county_b)
    cases = [
        ({"held_on": date(2025, 5, 21)}, [("heldOn", "活动日期不能晚于今天")]),
        ({"title": " "}, [("title", "请填写活动名称")]),
        ({"title": "题" * 101}, [("title", "活动名称不超过 100 个字符")]),
        ({"sector_ids": []}, [("sectorIds", "请选择至少一个界别")]),
        ({"sector_ids": [b_sector]}, [("sectorIds", f"本单位没有该界别：{b_sector}")]),
        ({"member_ids": []}, [("memberIds", "请选择至少一个参加委员")]),
        ({"member_ids": [left.id]}, [("memberIds", "离任委员 已离任")]),
        ({"member_ids": [rec.member("赵强").id]},
         [("memberIds", f"找不到委员：{rec.member('赵强').id}")]),
        ({"constituent_ids": [rec.roster.pairings["周群众"].constituent_id]},
         [("constituentIds", f"找不到联系对象：{rec.roster.pairings['周群众'].constituent_id}")]),
        ({"people_reached": -1}, [("peopleReached", "覆盖群众人数须在 0 到 1000000 之间")]),
        ({"venue_id": rec.east.id}, [("venueId", "城东委员联络站 不是界别委员工作室")]),
        ({"venue_id": rec.county_b.id}, [("venueId", f"找不到该工作室：{rec.county_b.id}")]),
    ]
    before = await written(owner, a)
    for change, expected in cases:
        with pytest.raises(ValidationFailed) as failed:
            await create(database, rec, await consultation(owner, rec, **change))
        assert [(p.field, p.message) for p in failed.value.problems] == expected, change
    assert await written(owner, a) == before
    assert await behind(database, rec) == {("张伟", "陈群众"), ("张伟", "刘群众"),
                                           ("李娜", "黄群众")}


async def test_an_update_moves_its_contacts_and_keeps_those_counted(database, owner, rec):
    a = rec.world.county_a
    office = rec.account(Role.office)
    made = await create(database, rec, await consultation(owner, rec))
    [first] = made.satisfied
    moved = await act(database, office, activities.update_activity, made.activity.id,
                      await consultation(owner, rec, kind=ActivityKind.forum,
                                         held_on=date(2025, 4, 20), constituent_ids=[
                                             rec.person("陈群众"), rec.person("刘群众")]))
    assert [(p.constituent_name, p.contact_id == first.contact_id)
            for p in moved.satisfied] == [("刘群众", False), ("陈群众", True)]
    await apply_scope(owner, TenantScope.only(a.id))
    contact = await owner.scalar(select(Contact).where(
        Contact.tenant_id == a.id, Contact.id == first.contact_id)
        .execution_options(populate_existing=True))
    assert (contact.method, contact.occurred_on, contact.content) == (
        Method.sector_forum, date(2025, 4, 20), "界别座谈会：老旧小区改造界别协商")
    assert await owner.scalar(select(ContactConstituent.occurred_on).where(
        ContactConstituent.tenant_id == a.id,
        ContactConstituent.contact_id == contact.id)) == date(2025, 4, 20)
    assert await count(owner, Contact, a) == 2
    with pytest.raises(ValidationFailed) as failed:
        await act(database, office, activities.update_activity, made.activity.id,
                  await consultation(owner, rec, constituent_ids=[rec.person("刘群众")]))
    assert [p.message for p in failed.value.problems] == [
        "陈群众 已记为 张伟 的联系服务，不能从活动中去掉（联系服务记录不能删除）"]
    assert await count(owner, Contact, a) == 2


async def test_who_reads_which_activities(database, owner, rec):
    a, b = rec.world.county_a, rec.world.county_b
    mine = await create(database, rec, await consultation(owner, rec, title="张伟参加的"))
    others = await create(database, rec, await consultation(
        owner, rec, title="李娜参加的", member_ids=[rec.member("李娜").id], constituent_ids=[],
        held_on=date(2024, 11, 1)))
    await give_venue(owner, rec.world, a, rec.studio)
    await create(database, rec, await consultation(
        owner, rec, kind=ActivityKind.studio, title="工作室活动", venue_id=rec.studio.id,
        member_ids=[rec.member("王芳").id], constituent_ids=[]), role=Role.venue_staff)
    await create(database, rec, await consultation(
        owner, rec, title="县乙的", member_ids=[rec.member("赵强").id], constituent_ids=[],
        sector_ids=[await zhonggong(owner, rec, b)]), tenant=b)

    async def titles(account, tenant=a, **filters):
        page = await act(database, account, lambda ctx: activities.list_activities(
            ctx, tenant, first=10, after=None, **filters))
        return [x.title for x in page.items]

    office = rec.account(Role.office)
    listed = await titles(office)  # newest first; the two of 15 May in either order
    assert (sorted(listed[:2]), listed[2:]) == (["工作室活动", "张伟参加的"], ["李娜参加的"])
    assert await titles(office, year=2024) == ["李娜参加的"]
    assert await titles(office, sector_id=await zhonggong(owner, rec, b)) == []
    assert await titles(rec.account(Role.member)) == ["张伟参加的"]
    assert await titles(rec.account(Role.venue_staff)) == ["工作室活动"]
    assert await titles(rec.world.account(rec.world.city, Role.office)) == await titles(office)
    assert await titles(rec.account(Role.office, b), b) == ["县乙的"]
    with pytest.raises(NotFound):
        await titles(rec.account(Role.office, b))
    for account in (rec.account(Role.office, b), rec.account(Role.venue_staff),
                    rec.account(Role.member)):
        with pytest.raises(NotFound):
            await act(database, account, activities.access_activity, others.activity.id)
    city = await act(database, rec.world.account(rec.world.city, Role.office),
                     lambda ctx: _details(ctx, a, mine.activity.id))
    own = await act(database, office, lambda ctx: _details(ctx, a, mine.activity.id))
    assert (city.people_count, city.people, city.satisfied) == (2, None, None)
    assert [n for _, n in own.members] == ["张伟", "王芳"]
    assert [(p.member_name, p.constituent_name) for p in own.satisfied] == [("张伟", "陈群众")]


async def _details(ctx, tenant, activity_id):
    activity = await activities.access_activity(ctx, activity_id)
    return (await activity_details.details(ctx, tenant, [activity]))[activity.id]


async def test_studio_staff_keep_their_studios_activities_only(database, owner, rec):
    a = rec.world.county_a
    await give_venue(owner, rec.world, a, rec.studio)
    data = await consultation(owner, rec, kind=ActivityKind.studio, constituent_ids=[])
    with pytest.raises(Forbidden):
        await create(database, rec, data, role=Role.venue_staff)
    office_made = await create(database, rec, data)
    with pytest.raises(NotFound):
        await act(database, rec.account(Role.venue_staff), activities.update_activity,
                  office_made.activity.id, data)
    data.venue_id = rec.studio.id
    made = await create(database, rec, data, role=Role.venue_staff)
    data.title = "改名"
    updated = await act(database, rec.account(Role.venue_staff), activities.update_activity,
                        made.activity.id, data)
    assert (updated.activity.title, updated.activity.venue_id) == ("改名", rec.studio.id)
    with pytest.raises(Forbidden):
        await create(database, rec, data, role=Role.member)
