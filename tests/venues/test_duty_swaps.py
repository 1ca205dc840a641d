"""Swaps and replacements (service): a member asks, that venue's staff (or the office)
approve or reject; staff pick a member for a declined duty; the member taking a duty must be
serving, in the tenant, not on this session already and free at that time."""

import uuid
from datetime import date

import pytest
from sqlalchemy import select, update

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import Member, Notification, SessionDuty
from liaison.models.account import Role
from liaison.models.venues import DutyStatus
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import duties
from liaison.venues.duty_errors import IllegalDutyMove
from liaison.venues.errors import Conflict, ConflictKind
from tests.builders import make_member
from tests.readback import audit_entries, count
from tests.venues.duty_rows import NOW, act, build_rota, duty
from tests.venues.venue_rows import at, make_session

SWAP_BODY = ("张伟申请将 2025-06-12（星期四）09:00–11:30 的城东委员联络站接待日"
             "（主题：倾听群众心声）值班换给李娜，请审批。")
STORED_NOW = "2025-06-02T01:00:00+00:00"  # NOW as read back from the database


@pytest.fixture
async def rota(owner, roster):
    return await build_rota(owner, roster)


async def left_member(owner, rota, name: str = "刘洋"):
    a = rota.world.county_a
    member = await make_member(owner, a, rota.roster.terms[a.code], name)
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(Member).where(Member.tenant_id == a.id, Member.id == member.id)
                        .values(status="left", left_on=date(2025, 5, 1)))
    await owner.commit()
    return member


async def busy_at_west(owner, rota, member, duty=DutyStatus.assigned):
    """``member`` on duty at 城西 10:00–12:00 the same day (overlapping 09:00–11:30)."""
    return await make_session(owner, rota.west, at(2025, 6, 12, 10), at(2025, 6, 12, 12),
                              members=[member], duty=duty)


def conflict(raised) -> tuple:
    """The one row of a refused booking, and that the error says the same."""
    [row] = raised.value.rows
    assert (raised.value.message, row.on) == (row.message, date(2025, 6, 12))
    return row.kind, row.member_id, row.session_id, row.message


async def test_a_swap_asked_by_the_member_is_approved_by_that_venues_staff(
        database, owner, rota):
    w, a = rota.world, rota.world.county_a
    zhang, li = rota.roster.members["张伟"], rota.roster.members["李娜"]
    member, staff = rota.account(Role.member), rota.account(Role.venue_staff)
    await act(database, member, duties.confirm_duty, rota.duty_id)
    view = await act(database, member, duties.request_swap, rota.duty_id, li.id)
    assert (view.duty.member_id, view.duty.swap_member_id, view.duty.status) == (
        zhang.id, li.id, DutyStatus.confirmed)
    [asked] = await audit_entries(owner, a, "duty_swap_requested")
    assert (asked.actor_id, asked.before, asked.after) == (
        member.id, {"swap_member_id": None}, {"swap_member_id": str(li.id)})
    await apply_scope(owner, TenantScope.only(a.id))
    [note] = await owner.scalars(select(Notification).where(Notification.tenant_id == a.id))
    assert (note.key, note.kind, note.venue_id, note.member_id, note.title, note.body) == (
        f"duty-swap:{rota.duty_id}:{li.id}", "duty_swap", rota.east.id, None,
        "张伟申请换班：6月12日 城东委员联络站接待日", SWAP_BODY)
    with pytest.raises(IllegalDutyMove, match="^已提交与该委员的换班申请，等待审批$"):
        await act(database, member, duties.request_swap, rota.duty_id, li.id)

    for outsider in (rota.west_staff, w.account(w.county_b, Role.venue_staff),
                     w.account(w.city, Role.office)):
        with pytest.raises(NotFound, match=f"^找不到值班：{rota.duty_id}$"):
            await act(database, outsider, duties.approve_swap, rota.duty_id)
    with pytest.raises(Forbidden, match="^只有委员联络办或本联络站（工作室）的工作人员可以管理$"):
        await act(database, member, duties.approve_swap, rota.duty_id)

    view = await act(database, staff, duties.approve_swap, rota.duty_id)
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.member_id, stored.swap_member_id, stored.status, stored.responded_at) == (
        li.id, None, DutyStatus.assigned, None) == (
        view.duty.member_id, view.duty.swap_member_id, view.duty.status, view.duty.responded_at)
    [approved] = await audit_entries(owner, a, "duty_swap_approved")
    assert (approved.actor_id, approved.before, approved.after) == (
        staff.id, {"member_id": str(zhang.id), "status": "confirmed",
                   "swap_member_id": str(li.id), "responded_at": STORED_NOW},
        {"member_id": str(li.id), "status": "assigned", "swap_member_id": None,
         "responded_at": None})
    assert await act(database, member, duties.upcoming_duties, zhang.id) == []
    office = rota.account(Role.office)
    assert [v.duty.id for v in await act(database, office, duties.upcoming_duties, li.id)] == [
        rota.duty_id]


async def test_a_rejected_swap_leaves_the_duty_as_it_was(database, owner, rota):
    a, wang = rota.world.county_a, rota.roster.members["王芳"]
    member, office = rota.account(Role.member), rota.account(Role.office)
    await act(database, member, duties.confirm_duty, rota.duty_id)
    await act(database, member, duties.request_swap, rota.duty_id, wang.id)
    await act(database, office, duties.reject_swap, rota.duty_id)
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.member_id, stored.status, stored.swap_member_id, stored.responded_at) == (
        rota.roster.members["张伟"].id, DutyStatus.confirmed, None, NOW)
    [rejected] = await audit_entries(owner, a, "duty_swap_rejected")
    assert (rejected.actor_id, rejected.before, rejected.after) == (
        office.id, {"swap_member_id": str(wang.id)}, {"swap_member_id": None})
    for move in (duties.reject_swap, duties.approve_swap):
        with pytest.raises(IllegalDutyMove, match="^该值班没有待审批的换班申请$"):
            await act(database, office, move, rota.duty_id)
    assert [e.action for e in await audit_entries(owner, a)] == [
        "duty_confirmed", "duty_swap_requested", "duty_swap_rejected"]


async def test_a_swap_needs_a_serving_member_of_the_tenant_free_at_that_time(
        database, owner, rota):
    w, a = rota.world, rota.world.county_a
    li, wang = rota.roster.members["李娜"], rota.roster.members["王芳"]
    member = rota.account(Role.member)
    elsewhere = await busy_at_west(owner, rota, li)
    await apply_scope(owner, TenantScope.only(a.id))
    owner.add(SessionDuty(tenant_id=a.id, id=uuid.uuid4(), session_id=rota.session.id,
                          member_id=wang.id, status=DutyStatus.declined))
    await owner.commit()
    gone = await left_member(owner, rota)
    with pytest.raises(Conflict) as raised:
        await act(database, member, duties.request_swap, rota.duty_id, li.id)
    assert conflict(raised) == (ConflictKind.member_busy, li.id, elsewhere.id,
                                "李娜在该时段已有值班：城西委员联络站，2025-06-12（星期四）10:00–12:00")
    with pytest.raises(Conflict) as raised:
        await act(database, member, duties.request_swap, rota.duty_id, wang.id)
    assert conflict(raised) == (ConflictKind.member_busy, wang.id, rota.session.id,
                                "王芳已在本次接待日值班")
    with pytest.raises(Conflict) as raised:
        await act(database, member, duties.request_swap, rota.duty_id, gone.id)
    assert conflict(raised) == (ConflictKind.member_left, gone.id, None, "刘洋已离任，不能值班")
    zhao = rota.roster.members["赵强"]
    with pytest.raises(NotFound, match=f"^找不到委员：{zhao.id}$"):
        await act(database, member, duties.request_swap, rota.duty_id, zhao.id)
    with pytest.raises(ValidationFailed) as refused:
        await act(database, member, duties.request_swap, rota.duty_id,
                  rota.roster.members["张伟"].id)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("memberId", "不能与自己换班")]
    assert (await duty(owner, a, rota.duty_id)).swap_member_id is None
    assert (await audit_entries(owner, a), await count(owner, Notification, a)) == ([], 0)
    assert await count(owner, Notification, w.county_b) == 0


async def test_an_approval_checks_the_other_member_again_under_the_venues_lock(
        database, owner, rota):
    a, wang = rota.world.county_a, rota.roster.members["王芳"]
    await busy_at_west(owner, rota, wang, DutyStatus.declined)   # declined: does not count
    await act(database, rota.account(Role.member), duties.request_swap, rota.duty_id, wang.id)
    elsewhere = await make_session(owner, rota.west, at(2025, 6, 12, 11), at(2025, 6, 12, 13),
                                   members=[wang])
    with pytest.raises(Conflict) as raised:
        await act(database, rota.account(Role.venue_staff), duties.approve_swap, rota.duty_id)
    assert conflict(raised)[:3] == (ConflictKind.member_busy, wang.id, elsewhere.id)
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.member_id, stored.swap_member_id) == (rota.roster.members["张伟"].id, wang.id)
    assert [e.action for e in await audit_entries(owner, a)] == ["duty_swap_requested"]


async def test_staff_pick_a_replacement_for_a_declined_duty(database, owner, rota):
    w, a = rota.world, rota.world.county_a
    zhang, li, wang = (rota.roster.members[n] for n in ("张伟", "李娜", "王芳"))
    staff = rota.account(Role.venue_staff)
    with pytest.raises(IllegalDutyMove, match="^只有已请假的值班可以另选委员$"):
        await act(database, staff, duties.replace_member, rota.duty_id, wang.id)
    await act(database, rota.account(Role.member), duties.decline_duty, rota.duty_id,
              "外出参加培训")
    await busy_at_west(owner, rota, li)
    await busy_at_west(owner, rota, wang, DutyStatus.declined)
    gone, zhao = await left_member(owner, rota), rota.roster.members["赵强"]
    with pytest.raises(Conflict) as raised:
        await act(database, staff, duties.replace_member, rota.duty_id, li.id)
    assert conflict(raised)[:2] == (ConflictKind.member_busy, li.id)
    with pytest.raises(Conflict) as raised:
        await act(database, staff, duties.replace_member, rota.duty_id, gone.id)
    assert conflict(raised)[:2] == (ConflictKind.member_left, gone.id)
    with pytest.raises(NotFound, match=f"^找不到委员：{zhao.id}$"):
        await act(database, staff, duties.replace_member, rota.duty_id, zhao.id)
    for outsider in (rota.west_staff, w.account(w.county_b, Role.office)):
        with pytest.raises(NotFound, match=f"^找不到值班：{rota.duty_id}$"):
            await act(database, outsider, duties.replace_member, rota.duty_id, wang.id)
    with pytest.raises(Forbidden):
        await act(database, rota.account(Role.member), duties.replace_member, rota.duty_id,
                  wang.id)
    assert (await duty(owner, a, rota.duty_id)).member_id == zhang.id

    view = await act(database, staff, duties.replace_member, rota.duty_id, wang.id)
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.member_id, stored.status, stored.reason, stored.responded_at) == (
        wang.id, DutyStatus.assigned, None, None)
    assert view.duty.member_id == wang.id
    [replaced] = await audit_entries(owner, a, "duty_member_replaced")
    assert (replaced.actor_id, replaced.before, replaced.after) == (
        staff.id, {"member_id": str(zhang.id), "status": "declined", "reason": "外出参加培训",
                   "responded_at": STORED_NOW},
        {"member_id": str(wang.id), "status": "assigned", "reason": None, "responded_at": None})
