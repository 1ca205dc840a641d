"""Duty reminders: one per member on duty at a session starting tomorrow or the day after (the
tenant's days), exactly once across runs; none for declined duties, cancelled sessions or
members who left; a move to another date reminds again. A venue's notifications (a decline)
are e-mailed to exactly that venue's active staff. Nothing crosses tenants."""

import email
from datetime import UTC, datetime
from email import policy

import pytest
from sqlalchemy import select, update

from liaison.models import Member, Notification, ReceptionSession
from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.notifications import reminders
from liaison.notifications.channels import EmailChannel
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import duties
from tests.builders import set_email
from tests.readback import remind
from tests.venues.duty_rows import act, build_rota, staff_at
from tests.venues.venue_rows import at, make_session

REMINDER_BODY = ("您将于 2025-06-12（星期四）09:00–11:30 在城东委员联络站接待日"
                 "（主题：倾听群众心声）值班。地址：城东路 1 号。您尚未确认，请尽快确认；"
                 "如不能到岗，请在“我的值班”中请假并说明原因。")


@pytest.fixture
async def rota(owner, roster):
    return await build_rota(owner, roster)


async def notes(owner, tenant) -> dict[str, Notification]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.scalars(select(Notification).where(Notification.tenant_id == tenant.id)
                               .execution_options(populate_existing=True))
    return {n.key: n for n in rows}


def key(session, member, day: str) -> str:
    return f"duty:{session.id}:{member.id}:{day}"


async def run_at(database, now: datetime) -> None:
    """The reminder job as the scheduler runs it (every tenant), on the pinned clock."""
    with clock.pinned(now):
        report = await reminders.run(database.sessions, [])
    assert report.tenants_failed == 0


async def test_members_on_duty_are_reminded_once_across_runs(database, owner, rota):
    w, a, b = rota.world, rota.world.county_a, rota.world.county_b
    zhang, li, wang = (rota.roster.members[n] for n in ("张伟", "李娜", "王芳"))
    tomorrow = await make_session(owner, rota.west, at(2025, 6, 11, 14), at(2025, 6, 11, 16),
                                  members=[li], duty=DutyStatus.confirmed)
    await make_session(owner, rota.west, at(2025, 6, 11, 9), at(2025, 6, 11, 11),
                       members=[wang], duty=DutyStatus.declined)
    await make_session(owner, rota.east, at(2025, 6, 11, 9), at(2025, 6, 11, 11),
                       members=[zhang], status=SessionStatus.cancelled)
    await make_session(owner, rota.east, at(2025, 6, 10, 15), at(2025, 6, 10, 17),
                       members=[li])                                        # today: too late
    later = await make_session(owner, rota.east, at(2025, 6, 13, 0), at(2025, 6, 13, 2),
                               members=[wang])                              # in three days
    there = await make_session(owner, rota.county_b, at(2025, 6, 12, 9), at(2025, 6, 12, 11),
                               members=[rota.roster.members["赵强"]])
    tuesday = at(2025, 6, 10, 8)
    for _ in range(2):
        await run_at(database, tuesday)
        assert sorted(await notes(owner, a)) == sorted([
            key(rota.session, zhang, "20250612"), key(tomorrow, li, "20250611")])
    made = (await notes(owner, a))[key(rota.session, zhang, "20250612")]
    assert (made.kind, made.member_id, made.venue_id, made.title, made.body) == (
        "duty", zhang.id, None, "值班提醒：6月12日 城东委员联络站接待日", REMINDER_BODY)
    assert (await notes(owner, a))[key(tomorrow, li, "20250611")].body.endswith(
        "地址：城东路 1 号。如不能到岗，请在“我的值班”中请假并说明原因。")   # confirmed
    assert sorted(await notes(owner, b)) == [key(there, rota.roster.members["赵强"], "20250612")]
    await run_at(database, at(2025, 6, 11, 8))
    await run_at(database, at(2025, 6, 12, 8))
    assert sorted(await notes(owner, a)) == sorted([
        key(rota.session, zhang, "20250612"), key(tomorrow, li, "20250611"),
        key(later, wang, "20250613")])
    assert len(await notes(owner, w.county_b)) == 1


async def test_the_window_is_tomorrow_and_the_day_after_in_the_tenants_zone(
        database, owner, rota):
    a, zhang = rota.world.county_a, rota.roster.members["张伟"]
    late = await make_session(owner, rota.west, at(2025, 6, 12, 23, 30),
                              at(2025, 6, 13, 1), members=[zhang])
    # 2025-06-09 23:59 in Beijing: the day after tomorrow is 06-11, neither session yet.
    assert await remind(database, a, datetime(2025, 6, 9, 15, 59, tzinfo=UTC)) == 0
    # 2025-06-10 00:00 in Beijing (still 06-09 in UTC): both sessions on 06-12 are due.
    assert await remind(database, a, datetime(2025, 6, 9, 16, 0, tzinfo=UTC)) == 2
    assert sorted(await notes(owner, a)) == sorted([key(rota.session, zhang, "20250612"),
                                                    key(late, zhang, "20250612")])
    assert await remind(database, a, datetime(2025, 6, 11, 15, 59, tzinfo=UTC)) == 0


async def test_a_move_to_another_date_reminds_again_a_move_within_the_day_does_not(
        database, owner, rota):
    a, zhang = rota.world.county_a, rota.roster.members["张伟"]
    assert await remind(database, a, at(2025, 6, 10, 8)) == 1

    async def move(starts: datetime, ends: datetime) -> None:
        await apply_scope(owner, TenantScope.only(a.id))
        await owner.execute(update(ReceptionSession).where(
            ReceptionSession.tenant_id == a.id, ReceptionSession.id == rota.session.id)
            .values(starts_at=starts, ends_at=ends))
        await owner.commit()

    await move(at(2025, 6, 12, 14), at(2025, 6, 12, 16))
    assert await remind(database, a, at(2025, 6, 11, 8)) == 0
    await move(at(2025, 6, 15, 9), at(2025, 6, 15, 11))
    assert await remind(database, a, at(2025, 6, 12, 8)) == 0
    assert await remind(database, a, at(2025, 6, 13, 8)) == 1
    assert await remind(database, a, at(2025, 6, 14, 8)) == 0
    assert sorted(await notes(owner, a)) == sorted([key(rota.session, zhang, "20250612"),
                                                    key(rota.session, zhang, "20250615")])


async def test_declined_duties_and_members_who_left_are_not_reminded(database, owner, rota):
    a, zhang = rota.world.county_a, rota.roster.members["张伟"]
    await act(database, rota.account(Role.member), duties.decline_duty, rota.duty_id, "出差")
    await make_session(owner, rota.west, at(2025, 6, 12, 14), at(2025, 6, 12, 16),
                       members=[rota.roster.members["王芳"]])
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(Member).where(Member.tenant_id == a.id,
                                             Member.id == rota.roster.members["王芳"].id)
                        .values(status="left", left_on=datetime(2025, 6, 1).date()))
    await owner.commit()
    assert await remind(database, a, at(2025, 6, 10, 8)) == 0
    assert [n.kind for n in (await notes(owner, a)).values()] == ["duty_declined"]
    assert zhang.id not in {n.member_id for n in (await notes(owner, a)).values()}


async def test_a_decline_is_emailed_to_exactly_that_venues_active_staff(
        database, owner, rota, smtp_inbox):
    w, a, b = rota.world, rota.world.county_a, rota.world.county_b
    await set_email(owner, rota.account(Role.venue_staff), "east1@example.org")
    await staff_at(owner, a, rota.east, "east-2", email="east2@example.org")
    await staff_at(owner, a, rota.east, "east-gone", email="gone@example.org", active=False)
    await set_email(owner, rota.west_staff, "west@example.org")
    await set_email(owner, rota.account(Role.office), "office@example.org")
    await set_email(owner, rota.account(Role.member), "zhangwei@example.org")
    await set_email(owner, w.account(b, Role.venue_staff), "countyb@example.org")
    await act(database, rota.account(Role.member), duties.decline_duty, rota.duty_id,
              "外出参加培训")
    channel = EmailChannel(host="127.0.0.1", port=smtp_inbox.port, sender="liaison@example.org")
    now = at(2025, 6, 2, 10)
    results = []
    for tenant in (a, a, b):
        async with database.sessions() as session:
            results.append(await reminders.deliver(session, tenant, [channel], now))
            await session.commit()
    assert results == [(1, 0), (0, 0), (0, 0)]
    sent = sorted((rcpt, email.message_from_bytes(content, policy=policy.default))
                  for rcpt, content in smtp_inbox.messages)
    assert [(rcpt, m["Subject"]) for rcpt, m in sent] == [
        (["east1@example.org"], "【委员联系群众】张伟请假：6月12日 城东委员联络站接待日"),
        (["east2@example.org"], "【委员联系群众】张伟请假：6月12日 城东委员联络站接待日")]
    assert sent[0][1].get_content().startswith("张伟不能在 2025-06-12（星期四）09:00–11:30")
    [note] = (await notes(owner, a)).values()
    assert note.delivered_at == now
