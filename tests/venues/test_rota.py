"""The rota's single sessions, the service: stored as instants on Beijing's wall clock; each
bad input and each conflict refused with its reason and nothing written; moving re-checks,
cancelling needs a reason and spares held sessions; members on duty added and removed; venue
staff reach only their own venue, a city's office reads and cannot write, another tenant's ids
are not found."""

import uuid
from dataclasses import dataclass
from datetime import date, time

import pytest
from sqlalchemy import update

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import Member, ReceptionSession, SessionDuty, Venue
from liaison.models.account import Role
from liaison.models.venues import SessionStatus
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import rota as sessions
from liaison.venues.errors import Conflict, SessionNotPlanned
from liaison.venues.rota import NewSession
from tests.builders import Roster
from tests.readback import audit_entries, count
from tests.venues.rota_rows import act, stored_sessions, utc
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

OCT_9 = date(2025, 10, 9)


@dataclass
class Rota:
    roster: Roster
    east: Venue  # county A, the world's venue staff of A work here
    west: Venue  # county A
    theirs: Venue  # county B

    def m(self, name: str) -> Member:
        return self.roster.members[name]

    def account(self, role: Role, tenant=None):
        return self.roster.world.account(tenant or self.roster.world.county_a, role)


@pytest.fixture
async def rota(owner, roster) -> Rota:
    w = roster.world
    east = await make_venue(owner, w.county_a, "城东委员联络站")
    west = await make_venue(owner, w.county_a, "城西委员联络站")
    theirs = await make_venue(owner, w.county_b, "县B委员联络站")
    await give_venue(owner, w, w.county_a, east)
    return Rota(roster, east, west, theirs)


def new(venue: Venue, *members: Member, on: date = OCT_9, starts: time = time(9),
        ends: time = time(11, 30), **extra) -> NewSession:
    return NewSession(venue_id=venue.id, on=on, starts=starts, ends=ends,
                      member_ids=[m.id for m in members], **extra)


def conflicts(raised) -> list[tuple]:
    return [(str(r.kind), r.message, r.on, r.member_id, r.session_id)
            for r in raised.value.rows]


async def leave(owner, member: Member) -> None:
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    await owner.execute(update(Member).where(Member.tenant_id == member.tenant_id,
                                             Member.id == member.id)
                        .values(status="left", left_on=date(2025, 6, 1)))
    await owner.commit()


async def test_a_session_is_stored_as_instants_on_beijing_time(database, owner, rota):
    a = rota.roster.world.county_a
    staff = rota.account(Role.venue_staff)
    row = await act(database, staff, sessions.create_session, new(
        rota.east, rota.m("张伟"), rota.m("李娜"), rota.m("张伟"), theme=" 倾听心声 ",
        capacity=0, notice="请携带\n身份证"))
    assert (row.starts_at, row.ends_at) == (utc(2025, 10, 9, 1), utc(2025, 10, 9, 3, 30))
    assert (row.theme, row.capacity, row.notice) == ("倾听心声", 0, "请携带\n身份证")
    # On a public holiday: kept, flagged.
    await act(database, rota.account(Role.office), sessions.create_session,
              new(rota.west, rota.m("王芳"), on=date(2025, 10, 1), starts=time(14),
                  ends=time(16)))
    assert await stored_sessions(owner, a) == [
        ("10-01 14:00", "16:00", "planned", "国庆节", None, [rota.m("王芳").id]),
        ("10-09 09:00", "11:30", "planned", None, None, [rota.m("张伟").id, rota.m("李娜").id])]
    [entry, _] = await audit_entries(owner, a, "reception_session_created")
    assert (entry.actor_id, entry.after["starts_at"], entry.after["member_ids"]) == (
        staff.id, "2025-10-09T09:00:00+08:00", [str(rota.m("张伟").id), str(rota.m("李娜").id)])


async def test_each_bad_input_is_refused_and_nothing_is_written(database, owner, rota):
    a = rota.roster.world.county_a
    staff = rota.account(Role.venue_staff)
    zhang = rota.m("张伟")
    cases = [
        (new(rota.east, zhang, ends=time(8)), [("ends", "结束时间须晚于开始时间")]),
        (new(rota.east, zhang, ends=time(9)), [("ends", "结束时间须晚于开始时间")]),
        (new(rota.east, zhang, starts=time(8), ends=time(20, 1)),
         [("ends", "每次接待不超过 12 小时")]),
        (new(rota.east, zhang, capacity=-1), [("capacity", "接待人数不能小于 0")]),
        (new(rota.east), [("memberIds", "请安排至少一名值班委员")]),
        (new(rota.east, zhang, theme="题" * 101, notice="告" * 1001),
         [("theme", "主题不超过 100 个字符"), ("notice", "公告不超过 1000 个字符")]),
    ]
    for values, expected in cases:
        with pytest.raises(ValidationFailed) as raised:
            await act(database, staff, sessions.create_session, values)
        assert [(p.field, p.message) for p in raised.value.problems] == expected
    for member_id in (uuid.uuid4(), rota.m("赵强").id):  # unknown; another tenant's
        values = new(rota.east, zhang)
        values.member_ids.append(member_id)
        with pytest.raises(NotFound, match=f"^找不到委员：{member_id}$"):
            await act(database, staff, sessions.create_session, values)
    assert (await count(owner, ReceptionSession, a), await count(owner, SessionDuty, a)) == (0, 0)
    assert await audit_entries(owner, a) == []


async def test_each_conflict_is_refused_with_its_reason_and_nothing_written(database, owner,
                                                                           rota):
    a = rota.roster.world.county_a
    office = rota.account(Role.office)
    zhang, li, wang = rota.m("张伟"), rota.m("李娜"), rota.m("王芳")
    there = await make_session(owner, rota.west, at(2025, 10, 9, 10), at(2025, 10, 9, 12),
                               members=[zhang])
    closed = await make_venue(owner, a, "已关闭的联络站", active=False)
    await leave(owner, wang)
    busy = "张伟已在城西委员联络站10月9日 10:00–12:00「倾听群众心声」的接待日值班"
    with pytest.raises(Conflict) as raised:
        await act(database, office, sessions.create_session, new(rota.east, zhang, li))
    assert conflicts(raised) == [("member_busy", busy, OCT_9, zhang.id, there.id)]
    assert (raised.value.code, raised.value.message) == ("CONFLICT", busy)
    with pytest.raises(Conflict) as raised:
        await act(database, office, sessions.create_session,
                  new(rota.west, li, starts=time(11, 59), ends=time(13)))
    assert conflicts(raised) == [(
        "venue_booked", "城西委员联络站在10月9日 10:00–12:00「倾听群众心声」已有接待日", OCT_9,
        None, there.id)]
    with pytest.raises(Conflict) as raised:
        await act(database, office, sessions.create_session, new(closed, wang, zhang))
    assert conflicts(raised) == [
        ("venue_closed", "已关闭的联络站已关闭，不能安排接待日", None, None, None),
        ("member_left", "王芳已离任，不能安排值班", None, wang.id, None),
        ("member_busy", busy, OCT_9, zhang.id, there.id)]
    assert await count(owner, ReceptionSession, a) == 1
    # Right after the other session ends: free.
    await act(database, office, sessions.create_session,
              new(rota.west, zhang, starts=time(12), ends=time(13)))
    assert await count(owner, ReceptionSession, a) == 2


async def test_moving_checks_again_and_flags_a_holiday(database, owner, rota):
    a = rota.roster.world.county_a
    staff = rota.account(Role.venue_staff)
    zhang = rota.m("张伟")
    row = await act(database, staff, sessions.create_session, new(rota.east, zhang))
    other = await make_session(owner, rota.west, at(2025, 10, 10, 9), at(2025, 10, 10, 11),
                               members=[zhang])
    with pytest.raises(Conflict) as raised:
        await act(database, staff, sessions.move_session, row.id, date(2025, 10, 10),
                  time(10), time(12))
    assert conflicts(raised) == [("member_busy", "张伟已在城西委员联络站10月10日 09:00–11:00"
                                  "「倾听群众心声」的接待日值班", date(2025, 10, 10), zhang.id,
                                  other.id)]
    with pytest.raises(ValidationFailed):
        await act(database, staff, sessions.move_session, row.id, OCT_9, time(12), time(10))
    moved = await act(database, staff, sessions.move_session, row.id, date(2025, 10, 1),
                      time(14), time(16))
    assert (moved.starts_at, moved.ends_at, moved.holiday_name) == (
        utc(2025, 10, 1, 6), utc(2025, 10, 1, 8), "国庆节")
    [entry] = await audit_entries(owner, a, "reception_session_moved")
    assert entry.after == {"starts_at": "2025-10-01T14:00:00+08:00",
                           "ends_at": "2025-10-01T16:00:00+08:00", "holiday_name": "国庆节"}


async def test_cancelling_needs_a_reason_and_spares_held_sessions(database, owner, rota):
    a = rota.roster.world.county_a
    staff = rota.account(Role.venue_staff)
    row = await make_session(owner, rota.east, at(2025, 10, 9, 9), at(2025, 10, 9, 11),
                             members=[rota.m("张伟")])
    held = await make_session(owner, rota.east, at(2025, 9, 4, 9), at(2025, 9, 4, 11),
                              status=SessionStatus.held)
    with pytest.raises(ValidationFailed) as raised:
        await act(database, staff, sessions.cancel_session, row.id, "  ")
    assert [(p.field, p.message) for p in raised.value.problems] == [("reason", "请填写取消原因")]
    cancelled = await act(database, staff, sessions.cancel_session, row.id, "场地维修")
    assert (cancelled.status, cancelled.cancel_reason) == (SessionStatus.cancelled, "场地维修")
    for session_id, action, message in (
            (held.id, sessions.cancel_session, "该接待日已举行，不能取消"),
            (row.id, sessions.cancel_session, "该接待日已取消，不能取消")):
        with pytest.raises(SessionNotPlanned, match=f"^{message}$"):
            await act(database, staff, action, session_id, "天气原因")
    with pytest.raises(SessionNotPlanned, match="^该接待日已举行，不能改期$"):
        await act(database, staff, sessions.move_session, held.id, OCT_9, time(9), time(10))
    with pytest.raises(SessionNotPlanned, match="^该接待日已举行，不能调整值班委员$"):
        await act(database, staff, sessions.set_session_members, held.id, [rota.m("李娜").id],
                  [])
    [entry] = await audit_entries(owner, a, "reception_session_cancelled")
    assert entry.after == {"status": "cancelled", "cancel_reason": "场地维修"}


async def test_members_on_duty_are_added_and_removed(database, owner, rota):
    a = rota.roster.world.county_a
    staff = rota.account(Role.venue_staff)
    zhang, li, wang = rota.m("张伟"), rota.m("李娜"), rota.m("王芳")
    row = await act(database, staff, sessions.create_session, new(rota.east, zhang))
    await act(database, staff, sessions.set_session_members, row.id, [li.id], [zhang.id])
    assert (await stored_sessions(owner, a))[0][5] == [li.id]
    elsewhere = await make_session(owner, rota.west, at(2025, 10, 9, 11), at(2025, 10, 9, 12),
                                   members=[zhang])
    await leave(owner, wang)
    cases = [([], [li.id], ValidationFailed, [("remove", "请保留至少一名值班委员")]),
             ([li.id], [wang.id], ValidationFailed,
              [("add", "李娜已在值班名单中"), ("remove", "王芳不在值班名单中")]),
             ([zhang.id, wang.id], [], Conflict, [
                 ("member_left", "王芳已离任，不能安排值班", None, wang.id, None),
                 ("member_busy", "张伟已在城西委员联络站10月9日 11:00–12:00「倾听群众心声」"
                  "的接待日值班", OCT_9, zhang.id, elsewhere.id)])]
    for add, remove, error, expected in cases:
        with pytest.raises(error) as raised:
            await act(database, staff, sessions.set_session_members, row.id, add, remove)
        assert (conflicts(raised) if error is Conflict else
                [(p.field, p.message) for p in raised.value.problems]) == expected
    with pytest.raises(NotFound, match=f"^找不到委员：{rota.m('赵强').id}$"):
        await act(database, staff, sessions.set_session_members, row.id, [rota.m("赵强").id],
                  [])
    assert (await stored_sessions(owner, a))[0][5] == [li.id]
    [entry] = await audit_entries(owner, a, "session_members_changed")
    assert (entry.before, entry.after) == ({"member_ids": [str(zhang.id)]},
                                           {"member_ids": [str(li.id)]})


async def test_who_may_touch_which_rota(database, owner, rota):
    w = rota.roster.world
    a, b = w.county_a, w.county_b
    staff, zhang = rota.account(Role.venue_staff), rota.m("张伟")
    east_row = await make_session(owner, rota.east, at(2025, 10, 9, 9), at(2025, 10, 9, 11))
    west_row = await make_session(owner, rota.west, at(2025, 10, 10, 9), at(2025, 10, 10, 11))
    b_row = await make_session(owner, rota.theirs, at(2025, 10, 9, 9), at(2025, 10, 9, 11))
    # Venue staff: another venue of their own tenant is not found.
    with pytest.raises(NotFound, match=f"^找不到联络站或工作室：{rota.west.id}$"):
        await act(database, staff, sessions.create_session, new(rota.west, zhang))
    with pytest.raises(NotFound, match=f"^找不到接待日：{west_row.id}$"):
        await act(database, staff, sessions.cancel_session, west_row.id, "不去了")
    listed = await act(database, staff, sessions.list_sessions, a, date(2025, 10, 1),
                       date(2025, 10, 31))
    assert [r.id for r in listed] == [east_row.id]
    # A member reads the whole rota and changes nothing.
    member = rota.account(Role.member)
    assert [r.id for r in await act(database, member, sessions.list_sessions, a,
                                    date(2025, 10, 1), date(2025, 10, 31))] == [
        east_row.id, west_row.id]
    with pytest.raises(Forbidden, match="^只有委员联络办或本联络站（工作室）的工作人员可以管理$"):
        await act(database, member, sessions.create_session, new(rota.east, zhang))
    # The city's office reads the county's rota, and cannot write it.
    city = w.account(w.city, Role.office)
    assert [r.id for r in await act(database, city, sessions.list_sessions, a,
                                    date(2025, 10, 10), date(2025, 10, 10), rota.west.id)] == [
        west_row.id]
    with pytest.raises(NotFound):
        await act(database, city, sessions.create_session, new(rota.east, zhang))
    with pytest.raises(NotFound):
        await act(database, city, sessions.cancel_session, east_row.id, "市里取消")
    # Another tenant's ids: not found, and nothing changes.
    office = rota.account(Role.office)
    with pytest.raises(NotFound):
        await act(database, office, sessions.create_session, new(rota.theirs, zhang))
    with pytest.raises(NotFound):
        await act(database, office, sessions.move_session, b_row.id, OCT_9, time(9), time(10))
    with pytest.raises(NotFound):
        await act(database, w.account(b, Role.office), sessions.list_sessions, a,
                  date(2025, 10, 1), date(2025, 10, 31))
    assert [s[2] for s in await stored_sessions(owner, a)] == ["planned", "planned"]
    assert await count(owner, ReceptionSession, b) == 1


async def test_a_calendar_is_at_most_100_days(database, owner, rota):
    a, office = rota.roster.world.county_a, rota.account(Role.office)
    assert await act(database, office, sessions.list_sessions, a, date(2025, 1, 1),
                     date(2025, 4, 10)) == []
    for first, last, message in ((date(2025, 1, 1), date(2025, 4, 11), "一次最多查看 100 天"),
                                 (date(2025, 2, 1), date(2025, 1, 31), "结束日期不能早于开始日期")):
        with pytest.raises(ValidationFailed) as raised:
            await act(database, office, sessions.list_sessions, a, first, last)
        assert [(p.field, p.message) for p in raised.value.problems] == [("to", message)]
