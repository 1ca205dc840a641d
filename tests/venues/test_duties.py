"""Members on duty (service): their upcoming duties; confirm; decline with a reason (that
venue's staff notified); closed sessions; who may act on a duty, two tenants."""

from datetime import date

import pytest
from sqlalchemy import select, update

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import Member, Notification
from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.notifications import service as notifications
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import duties
from liaison.venues.duty_errors import IllegalDutyMove, SessionStarted
from liaison.venues.errors import SessionNotPlanned
from tests.builders import link_account, make_account
from tests.readback import audit_entries, count
from tests.venues.duty_rows import NOW, act, build_rota, duty, duty_at
from tests.venues.venue_rows import at, make_session

DECLINED_BODY = ("张伟不能在 2025-06-12（星期四）09:00–11:30 的城东委员联络站接待日"
                 "（主题：倾听群众心声）值班，原因：外出参加培训。请另选委员值班。")


@pytest.fixture
async def rota(owner, roster):
    return await build_rota(owner, roster)


async def leave(owner, member) -> None:
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    await owner.execute(update(Member).where(Member.tenant_id == member.tenant_id,
                                             Member.id == member.id)
                        .values(status="left", left_on=date(2025, 6, 1)))
    await owner.commit()


async def test_a_member_confirms_their_own_duty_once(database, owner, rota):
    a, member = rota.world.county_a, rota.account(Role.member)
    view = await act(database, member, duties.confirm_duty, rota.duty_id)
    assert (view.duty.status, view.session.id, view.venue.name) == (
        DutyStatus.confirmed, rota.session.id, "城东委员联络站")
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.status, stored.responded_at, stored.reason) == (DutyStatus.confirmed, NOW,
                                                                   None)
    [entry] = await audit_entries(owner, a, "duty_confirmed")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.before, entry.after) == (
        member.id, "session_duty", str(rota.duty_id), {"status": "assigned",
                                                       "responded_at": None},
        {"status": "confirmed", "responded_at": NOW.isoformat()})
    with pytest.raises(IllegalDutyMove, match="^该值班已确认$"):
        await act(database, member, duties.confirm_duty, rota.duty_id)
    assert len(await audit_entries(owner, a)) == 1


async def test_a_decline_needs_a_reason_and_notifies_exactly_that_venues_staff(
        database, owner, rota):
    a, member = rota.world.county_a, rota.account(Role.member)
    for reason, message in (("\u3000 ", "请填写请假原因"), (None, "请填写请假原因"),
                            ("因" * 201, "请假原因不超过 200 个字符")):
        with pytest.raises(ValidationFailed) as refused:
            await act(database, member, duties.decline_duty, rota.duty_id, reason)
        assert [(p.field, p.message) for p in refused.value.problems] == [("reason", message)]
    assert (await duty(owner, a, rota.duty_id)).status == DutyStatus.assigned
    assert (await count(owner, Notification, a), await audit_entries(owner, a)) == (0, [])

    view = await act(database, member, duties.decline_duty, rota.duty_id, " 外出参加培训 ")
    assert (view.duty.status, view.duty.reason) == (DutyStatus.declined, "外出参加培训")
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.status, stored.reason, stored.responded_at) == (DutyStatus.declined,
                                                                   "外出参加培训", NOW)
    [entry] = await audit_entries(owner, a, "duty_declined")
    assert (entry.actor_id, entry.before, entry.after) == (
        member.id, {"status": "assigned", "reason": None, "responded_at": None},
        {"status": "declined", "reason": "外出参加培训", "responded_at": NOW.isoformat()})
    await apply_scope(owner, TenantScope.only(a.id))
    [note] = (await owner.scalars(select(Notification).where(Notification.tenant_id == a.id)))
    zhang = rota.roster.members["张伟"]
    assert (note.key, note.kind, note.venue_id, note.member_id, note.committee_id, note.title,
            note.body) == (f"duty-declined:{rota.duty_id}:{zhang.id}", "duty_declined",
                           rota.east.id, None, None, "张伟请假：6月12日 城东委员联络站接待日",
                           DECLINED_BODY)
    with pytest.raises(IllegalDutyMove, match="^该值班已请假$"):
        await act(database, member, duties.decline_duty, rota.duty_id, "再次请假")
    with pytest.raises(IllegalDutyMove, match="^已请假的值班不能再确认"):
        await act(database, member, duties.confirm_duty, rota.duty_id)

    async def titles(account):
        page = await act(database, account, notifications.list_mine, unread_only=False,
                         first=10, after=None)
        return [n.title for n in page.items]

    w = rota.world
    assert await titles(rota.account(Role.venue_staff)) == [note.title]
    for other in (rota.west_staff, rota.account(Role.office), member,
                  w.account(w.county_b, Role.venue_staff)):
        assert await titles(other) == []
    assert await count(owner, Notification, w.county_b) == 0


async def test_upcoming_duties_from_now_on_by_start_as_each_reader_may_see_them(
        database, owner, rota):
    w, zhang = rota.world, rota.roster.members["张伟"]
    await make_session(owner, rota.east, at(2025, 6, 1, 9), at(2025, 6, 1, 11), members=[zhang])
    going_on = await make_session(owner, rota.west, at(2025, 6, 2, 8), at(2025, 6, 2, 10),
                                  members=[zhang])
    cancelled = await make_session(owner, rota.east, at(2025, 6, 20, 9), at(2025, 6, 20, 11),
                                   members=[zhang], status=SessionStatus.cancelled)
    declined = await make_session(owner, rota.west, at(2025, 6, 25, 9), at(2025, 6, 25, 11),
                                  members=[zhang], duty=DutyStatus.declined)
    await make_session(owner, rota.east, at(2025, 6, 13, 9), at(2025, 6, 13, 11),
                       members=[rota.roster.members["李娜"]])

    async def seen(account, member=zhang):
        views = await act(database, account, duties.upcoming_duties, member.id)
        return [(v.session.id, v.venue.name, v.duty.status) for v in views]

    east = [(rota.session.id, "城东委员联络站", DutyStatus.assigned),
            (cancelled.id, "城东委员联络站", DutyStatus.assigned)]
    west = [(going_on.id, "城西委员联络站", DutyStatus.assigned),
            (declined.id, "城西委员联络站", DutyStatus.declined)]
    everything = [west[0], east[0], east[1], west[1]]
    assert await seen(rota.account(Role.member)) == everything
    assert await seen(rota.account(Role.office)) == everything
    assert await seen(w.account(w.city, Role.office)) == everything   # the city reads counties
    assert await seen(rota.account(Role.venue_staff)) == east
    assert await seen(rota.west_staff) == west
    for outsider in (w.account(w.county_b, Role.office), w.account(w.county_b, Role.member)):
        with pytest.raises(NotFound):
            await seen(outsider)
    with pytest.raises(NotFound):                      # another member's duties: not found
        await seen(rota.account(Role.member), rota.roster.members["李娜"])


async def test_cancelled_held_and_started_sessions_take_no_change(database, owner, rota):
    a, zhang = rota.world.county_a, rota.roster.members["张伟"]
    member, staff = rota.account(Role.member), rota.account(Role.venue_staff)
    cancelled = await make_session(owner, rota.east, at(2025, 6, 20, 9), at(2025, 6, 20, 11),
                                   members=[zhang], status=SessionStatus.cancelled)
    held = await make_session(owner, rota.east, at(2025, 6, 21, 9), at(2025, 6, 21, 11),
                              members=[zhang], status=SessionStatus.held,
                              duty=DutyStatus.declined)
    for session, message in ((cancelled, "该接待日已取消，不能更改值班"),
                             (held, "该接待日已举行，不能更改值班")):
        duty_id = await duty_at(owner, session, zhang)
        with pytest.raises(SessionNotPlanned, match=f"^{message}$"):
            await act(database, member, duties.confirm_duty, duty_id)
        with pytest.raises(SessionNotPlanned, match=f"^{message}$"):
            await act(database, staff, duties.replace_member, duty_id,
                      rota.roster.members["王芳"].id)
    with pytest.raises(SessionStarted, match="^该接待日已开始或已结束，值班不能再更改$"):
        await act(database, member, duties.decline_duty, rota.duty_id, "临时有事",
                  now=at(2025, 6, 12, 9))           # 09:00 on the day: it starts
    assert (await duty(owner, a, rota.duty_id)).status == DutyStatus.assigned
    assert await audit_entries(owner, a) == []


async def test_only_the_serving_member_themself_acts_on_their_duty(database, owner, rota):
    w, a = rota.world, rota.world.county_a
    li = await make_account(owner, a, "li-na", (Role.member,))
    await link_account(owner, li, rota.roster.members["李娜"])
    for account in (li, rota.account(Role.office), rota.account(Role.venue_staff)):
        with pytest.raises(Forbidden, match="^只有值班委员本人可以确认、请假或申请换班$"):
            await act(database, account, duties.confirm_duty, rota.duty_id)
    for role in (Role.member, Role.office, Role.venue_staff):
        for tenant in (w.county_b, w.city):
            with pytest.raises(NotFound, match=f"^找不到值班：{rota.duty_id}$"):
                await act(database, w.account(tenant, role), duties.confirm_duty,
                          rota.duty_id)
    await leave(owner, rota.roster.members["张伟"])
    with pytest.raises(Forbidden, match="^已离任的委员不能更改值班$"):
        await act(database, rota.account(Role.member), duties.decline_duty, rota.duty_id,
                  "离任")
    assert (await duty(owner, a, rota.duty_id)).status == DutyStatus.assigned
    assert await audit_entries(owner, a) == []
