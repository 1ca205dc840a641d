"""The record of a reception day (service): held, visitors, the contacts a paired visitor
makes for exactly the members on duty paired with them (quarterly compliance), what was
raised as an opinion record, bad input, who may write, two tenants."""

import pytest
from sqlalchemy import select

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import (
    Contact,
    ContactConstituent,
    Opinion,
    OpinionPerson,
    ReceptionSession,
    SessionVisitor,
)
from liaison.models.account import Role
from liaison.models.contacts import Method
from liaison.models.venues import SessionStatus
from liaison.opinions import queries as opinion_queries
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import records, visitors
from liaison.venues.records import VisitorInput
from tests.readback import audit_entries, count
from tests.venues.record_rows import (
    ENDS,
    NOW,
    STARTS,
    act,
    behind,
    build_records,
    mark_held,
    pair,
)
from tests.venues.venue_rows import at, make_session

ALL_BEHIND_A = {("张伟", "陈群众"), ("张伟", "刘群众"), ("李娜", "黄群众")}


@pytest.fixture
async def rec(owner, roster):
    return await build_records(owner, roster)


@pytest.fixture
async def held(owner, rec):
    await mark_held(owner, rec.session)
    return rec


async def written(owner, tenant) -> tuple[int, ...]:
    return tuple([await count(owner, m, tenant) for m in
                  (SessionVisitor, Contact, ContactConstituent, Opinion)])


async def category(owner, tenant):
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await opinion_queries.categories(owner, tenant.id, seed=True)
    await owner.commit()
    return rows[0].id


async def add(database, rec, data: VisitorInput, role=Role.venue_staff, session=None):
    return await act(database, rec.account(role), records.add_visitor,
                     (session or rec.session).id, data)


async def test_staff_record_a_session_held_and_again(database, owner, rec):
    staff = rec.account(Role.venue_staff)
    row = await act(database, staff, records.record_held, rec.session.id, 150, " 来访 6 人\n")
    assert (row.status, row.minutes, row.notes, row.recorded_at) == (
        SessionStatus.held, 150, "来访 6 人", NOW)
    again = await act(database, staff, records.record_held, rec.session.id, 140, None)
    assert (again.status, again.minutes, again.notes) == (SessionStatus.held, 140, None)
    assert [e.action for e in await audit_entries(owner, rec.world.county_a)
            if e.target_type == "reception_session"] == ["session_held", "session_record_updated"]


async def test_a_future_or_cancelled_session_is_not_recorded_held(database, owner, rec):
    staff = rec.account(Role.venue_staff)
    future = await make_session(owner, rec.east, at(2025, 5, 30, 9), at(2025, 5, 30, 11))
    cancelled = await make_session(owner, rec.east, at(2025, 5, 3, 9), at(2025, 5, 3, 11),
                                   status=SessionStatus.cancelled)
    for row, message in ((future, "接待日尚未开始，不能登记为已举行"),
                         (cancelled, "接待日已取消，不能登记为已举行")):
        with pytest.raises(ValidationFailed) as failed:
            await act(database, staff, records.record_held, row.id, 60, None)
        assert [(p.field, p.message) for p in failed.value.problems] == [("sessionId", message)]
    with pytest.raises(ValidationFailed) as failed:
        await act(database, staff, records.record_held, rec.session.id, 0, "很" * 4001)
    assert [p.field for p in failed.value.problems] == ["notes", "minutes"]
    await apply_scope(owner, TenantScope.only(rec.world.county_a.id))
    stored = await owner.scalar(select(ReceptionSession).where(
        ReceptionSession.tenant_id == rec.world.county_a.id,
        ReceptionSession.id == rec.session.id).execution_options(populate_existing=True))
    assert (stored.status, stored.minutes) == (SessionStatus.planned, None)


async def test_a_paired_visitor_raises_compliance_for_exactly_the_member_on_duty(
        database, owner, held):
    rec = held
    assert await behind(database, rec) == ALL_BEHIND_A
    assert await behind(database, rec, rec.world.county_b) == {("赵强", "周群众"),
                                                               ("赵强", "吴群众")}
    result = await add(database, rec, VisitorInput(constituent_id=rec.person("陈群众"),
                                                   phone="139 0000 1111"))
    assert [(p.member_name, p.constituent_name) for p in result.satisfied] == [("张伟", "陈群众")]
    assert result.summary == "已记为委员联系服务（委员接待日），计入本季度结对联系：张伟—陈群众"
    assert (result.visitor.name, result.visitor.phone, result.visitor.category) == (
        "陈群众", "13900001111", "grassroots")
    assert await behind(database, rec) == {("张伟", "刘群众"), ("李娜", "黄群众")}
    assert await behind(database, rec, rec.world.county_b) == {("赵强", "周群众"),
                                                               ("赵强", "吴群众")}
    await apply_scope(owner, TenantScope.only(rec.world.county_a.id))
    contact = await owner.get(Contact, (rec.world.county_a.id, result.visitor.contact_id))
    assert (contact.member_id, contact.method, contact.occurred_at, contact.occurred_on,
            contact.place, contact.entered_by_office) == (
        rec.member("张伟").id, Method.reception_day, STARTS, STARTS.date(), "城东委员联络站",
        True)
    [logged] = await audit_entries(owner, rec.world.county_a, "contact_logged")
    assert logged.after["constituent_ids"] == [str(rec.person("陈群众"))]


async def test_a_person_paired_with_two_members_on_duty_counts_for_both(database, owner, held):
    rec = held
    await pair(owner, rec.member("王芳"), rec.person("陈群众"))
    result = await add(database, rec, VisitorInput(constituent_id=rec.person("陈群众")))
    assert [(p.member_name, p.constituent_name) for p in result.satisfied] == [
        ("王芳", "陈群众"), ("张伟", "陈群众")]
    assert result.visitor.contact_id == result.satisfied[0].contact_id
    assert ("王芳", "陈群众") not in await behind(database, rec)
    seen = await act(database, rec.account(Role.venue_staff), visitors.visitors,
                     rec.session.id)
    assert [[(p.member_name, p.contact_id) for p in v.satisfied] for v in seen.items] == [
        [(p.member_name, p.contact_id) for p in sorted(result.satisfied,
                                                       key=lambda p: p.member_name)]]


async def test_a_person_paired_only_with_members_off_duty_makes_no_contact(
        database, owner, held):
    rec = held
    before = await count(owner, Contact, rec.world.county_a)
    result = await add(database, rec, VisitorInput(constituent_id=rec.person("黄群众")))
    assert (result.satisfied, result.paired_off_duty, result.visitor.contact_id) == (
        [], ["李娜"], None)
    assert result.summary == "该联系对象的结对委员（李娜）不在本次值班，未记为联系服务"
    assert await count(owner, Contact, rec.world.county_a) == before
    assert await behind(database, rec) == ALL_BEHIND_A


async def test_unnamed_people_are_counted(database, owner, held):
    rec = held
    await add(database, rec, VisitorInput(unnamed_count=5, category="基层群众"))
    await add(database, rec, VisitorInput(name="孙先生", phone="0774-5123911"))
    staff_view = await act(database, rec.account(Role.venue_staff), visitors.visitors,
                           rec.session.id)
    assert (staff_view.people, staff_view.named, staff_view.unnamed) == (6, 1, 5)
    assert [(v.visitor.name, v.visitor.unnamed_count, v.phone, v.visitor.category)
            for v in staff_view.items] == [("孙先生", None, "0774-***3911", None),
                                           (None, 5, None, "grassroots")]
    office_view = await act(database, rec.account(Role.office), visitors.visitors,
                            rec.session.id)
    assert [v.phone for v in office_view.items] == ["0774-5123911", None]
    assert {(p.name, p.member_names) for p in office_view.paired_people} == {
        ("刘群众", ("张伟",)), ("陈群众", ("张伟",))}
    member_view = await act(database, rec.account(Role.member), visitors.visitors,
                            rec.session.id)
    assert (member_view.people, member_view.items, member_view.paired_people) == (6, None, None)


async def test_what_a_visitor_raised_becomes_an_opinion_of_the_right_member(
        database, owner, held):
    rec = held
    a = rec.world.county_a
    cat = await category(owner, a)
    paired = await add(database, rec, VisitorInput(
        constituent_id=rec.person("陈群众"), raised="村道破损\n建议尽快修缮",
        opinion_category_id=cat))
    unnamed = await add(database, rec, VisitorInput(unnamed_count=3, raised="路灯不亮",
                                                    opinion_category_id=cat))
    await apply_scope(owner, TenantScope.only(a.id))
    first = await owner.get(Opinion, (a.id, paired.visitor.opinion_id))
    second = await owner.get(Opinion, (a.id, unnamed.visitor.opinion_id))
    assert (first.title, first.content, first.member_id, first.contact_id, first.raised_on,
            first.category_id) == ("村道破损", "村道破损\n建议尽快修缮", rec.member("张伟").id,
                                   paired.visitor.contact_id, STARTS.date(), cat)
    assert (second.member_id, second.contact_id) == (rec.member("王芳").id, None)
    people = {o: [(p.constituent_id, p.unnamed_count) for p in await owner.scalars(
        select(OpinionPerson).where(OpinionPerson.tenant_id == a.id,
                                    OpinionPerson.opinion_id == o))]
        for o in (first.id, second.id)}
    assert people == {first.id: [(rec.person("陈群众"), None)], second.id: [(None, 3)]}
    contact = await owner.get(Contact, (a.id, paired.visitor.contact_id))
    assert contact.opinions is None  # the opinion record holds it, not the contact's text
    assert [e.after["state"] for e in await audit_entries(owner, a, "opinion_registered")] == [
        "registered", "registered"]


async def test_bad_visitors_are_refused_and_write_nothing(database, owner, held):
    rec = held
    cat = await category(owner, rec.world.county_a)
    cases = [
        (VisitorInput(name="名" * 41), [("name", "来访人姓名不超过 40 个字符")]),
        (VisitorInput(name="孙", phone="12345abc"), [("phone", "联系电话格式不正确")]),
        (VisitorInput(unnamed_count=0), [("unnamedCount", "人数须在 1 到 1000 之间")]),
        (VisitorInput(unnamed_count=1001), [("unnamedCount", "人数须在 1 到 1000 之间")]),
        (VisitorInput(), [("name", "请填写来访人姓名，或只登记未留姓名的人数")]),
        (VisitorInput(name="孙", unnamed_count=2),
         [("unnamedCount", "未留姓名的来访只登记人数，不填姓名、电话或联系对象")]),
        (VisitorInput(name="孙", category="类" * 21), [("category", "来访人类别不超过 20 个字符")]),
        (VisitorInput(name="孙", opinion_category_id=cat),
         [("raised", "登记为意见建议时请填写反映的问题")]),
        (VisitorInput(name="孙", raised="x", opinion_category_id=rec.person("陈群众")),
         [("opinionCategoryId", "未知的意见建议类别")]),
    ]
    before = await written(owner, rec.world.county_a)
    for data, expected in cases:
        with pytest.raises(ValidationFailed) as failed:
            await add(database, rec, data)
        assert [(p.field, p.message) for p in failed.value.problems] == expected, data
    await add(database, rec, VisitorInput(constituent_id=rec.person("陈群众")))
    with pytest.raises(ValidationFailed) as failed:
        await add(database, rec, VisitorInput(constituent_id=rec.person("陈群众")))
    assert failed.value.problems[0].message == "陈群众 已登记为本次接待日的来访群众"
    assert await written(owner, rec.world.county_a) == (before[0] + 1, before[1] + 1,
                                                        before[2] + 1, before[3])


async def test_visitors_wait_for_the_session_to_be_held(database, owner, rec):
    with pytest.raises(ValidationFailed) as failed:
        await add(database, rec, VisitorInput(name="孙"))
    assert failed.value.problems[0].message == "请先将接待日登记为已举行，再登记来访群众"
    assert await count(owner, SessionVisitor, rec.world.county_a) == 0


async def test_other_tenants_other_venues_and_readers_are_kept_out(database, owner, held):
    rec = held
    b_person = rec.roster.pairings["周群众"].constituent_id
    with pytest.raises(NotFound):  # county B's session
        await add(database, rec, VisitorInput(name="孙"), session=rec.session_b)
    with pytest.raises(NotFound):  # county B's constituent
        await add(database, rec, VisitorInput(constituent_id=b_person))
    west = await make_session(owner, rec.west, STARTS, ENDS)
    await mark_held(owner, west)
    with pytest.raises(NotFound):  # another venue's session, for this venue's staff
        await add(database, rec, VisitorInput(name="孙"), session=west)
    with pytest.raises(NotFound):
        await act(database, rec.account(Role.venue_staff), records.record_held, west.id, 60,
                  None)
    with pytest.raises(Forbidden):  # a member reads the rota but keeps no records
        await add(database, rec, VisitorInput(name="孙"), role=Role.member)
    with pytest.raises(NotFound):  # the city's office reads, but writes nothing of a county
        await act(database, rec.world.account(rec.world.city, Role.office), records.add_visitor,
                  rec.session.id, VisitorInput(name="孙"))
    office = await add(database, rec, VisitorInput(name="孙"), role=Role.office, session=west)
    assert office.visitor.session_id == west.id
    assert await count(owner, SessionVisitor, rec.world.county_b) == 0


async def test_a_visitor_who_made_a_contact_is_not_removed(database, owner, held):
    rec = held
    staff = rec.account(Role.venue_staff)
    paired = await add(database, rec, VisitorInput(constituent_id=rec.person("陈群众")))
    plain = await add(database, rec, VisitorInput(name="孙先生"))
    with pytest.raises(ValidationFailed) as failed:
        await act(database, staff, records.remove_visitor, paired.visitor.id)
    assert failed.value.problems[0].message == (
        "该来访已记为委员联系服务，不能删除；如有误，请更正相应的委员联系服务记录")
    with pytest.raises(NotFound):
        await act(database, rec.account(Role.venue_staff, rec.world.county_b),
                  records.remove_visitor, plain.visitor.id)
    session = await act(database, staff, records.remove_visitor, plain.visitor.id)
    assert session.id == rec.session.id
    assert await count(owner, SessionVisitor, rec.world.county_a) == 1
    [removed] = await audit_entries(owner, rec.world.county_a, "session_visitor_removed")
    assert removed.before["name"] == "孙先生"
