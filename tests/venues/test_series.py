"""Recurring series, the service: the 2025 National Day week (Oct 1–8 holidays; Sep 28 and
Oct 11 make-up working days) flagged or moved with exact dates, all or nothing with a
row-by-row conflict report, more than 400 refused, a year without holiday data said so."""

from datetime import date, time

import pytest

from liaison.errors import NotFound, ValidationFailed
from liaison.models import ReceptionSeries, ReceptionSession, SessionDuty
from liaison.models.account import Role
from liaison.models.venues import HolidayPolicy
from liaison.venues import series
from liaison.venues.errors import Conflict, TooManySessions
from liaison.venues.series import NewSeries
from tests.readback import audit_entries, count
from tests.venues.rota_rows import act, stored_sessions
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

D = date
FLAG, MOVE = HolidayPolicy.flag, HolidayPolicy.move


@pytest.fixture
async def east(owner, roster):
    w = roster.world
    venue = await make_venue(owner, w.county_a, "城东委员联络站")
    await give_venue(owner, w, w.county_a, venue)
    return venue


def pattern(venue, rule: str, first_on: date, last_on: date, policy=FLAG, *members,
            **extra) -> NewSeries:
    return NewSeries(venue_id=venue.id, rule=rule, first_on=first_on, last_on=last_on,
                     starts=time(9), ends=time(11, 30), holiday_policy=policy,
                     member_ids=[m.id for m in members], **extra)


def rows(raised) -> list[tuple]:
    return [(str(r.kind), r.on, r.message) for r in raised.value.rows]


async def test_holidays_of_the_national_day_week_are_flagged(database, owner, roster, east):
    a = roster.world.county_a
    zhang = roster.members["张伟"]
    staff = roster.world.account(a, Role.venue_staff)
    made = await act(database, staff, series.create_series, pattern(
        east, "FREQ=WEEKLY;BYDAY=WE,SU", D(2025, 9, 24), D(2025, 10, 15), FLAG, zhang,
        theme="国庆接待"))
    assert (made.series.rrule, made.notes, len(made.sessions)) == (
        "FREQ=WEEKLY;BYDAY=WE,SU", [], 7)
    assert await stored_sessions(owner, a) == [
        ("09-24 09:00", "11:30", "planned", None, None, [zhang.id]),
        ("09-28 09:00", "11:30", "planned", None, None, [zhang.id]),  # 补班: a working day
        ("10-01 09:00", "11:30", "planned", "国庆节", None, [zhang.id]),
        ("10-05 09:00", "11:30", "planned", "国庆节", None, [zhang.id]),
        ("10-08 09:00", "11:30", "planned", "国庆节", None, [zhang.id]),
        ("10-12 09:00", "11:30", "planned", None, None, [zhang.id]),
        ("10-15 09:00", "11:30", "planned", None, None, [zhang.id])]
    assert {s.series_id for s in made.sessions} == {made.series.id}
    [entry] = await audit_entries(owner, a, "reception_series_created")
    assert (entry.actor_id, entry.detail["sessions"], entry.after["starts"],
            entry.after["holiday_policy"]) == (staff.id, 7, "09:00:00", "flag")


async def test_holidays_are_moved_to_the_next_working_day(database, owner, roster, east):
    a = roster.world.county_a
    li = roster.members["李娜"]
    made = await act(database, roster.world.account(a, Role.office), series.create_series,
                     pattern(east, "FREQ=WEEKLY;BYDAY=SA", D(2025, 9, 27), D(2025, 10, 18),
                             MOVE, li))
    assert [(s.starts_at.date(), s.moved_from) for s in made.sessions] == [
        (D(2025, 9, 27), None), (D(2025, 10, 9), D(2025, 10, 4)), (D(2025, 10, 11), None),
        (D(2025, 10, 18), None)]
    assert [s[:5] for s in await stored_sessions(owner, a)] == [
        ("09-27 09:00", "11:30", "planned", None, None),
        ("10-09 09:00", "11:30", "planned", None, D(2025, 10, 4)),
        ("10-11 09:00", "11:30", "planned", None, None),  # 补班 Saturday: kept
        ("10-18 09:00", "11:30", "planned", None, None)]


async def test_any_conflict_refuses_the_whole_series_row_by_row(database, owner, roster, east):
    w = roster.world
    a = w.county_a
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    west = await make_venue(owner, a, "城西委员联络站")
    booked = await make_session(owner, east, at(2025, 10, 12, 10), at(2025, 10, 12, 11),
                                theme=None)
    away = await make_session(owner, west, at(2025, 9, 28, 8), at(2025, 9, 28, 9, 30),
                              members=[zhang], theme="社区议事")
    staff = w.account(a, Role.venue_staff)
    with pytest.raises(Conflict) as raised:
        await act(database, staff, series.create_series, pattern(
            east, "FREQ=WEEKLY;BYDAY=SU", D(2025, 9, 21), D(2025, 10, 19), FLAG, zhang, li))
    assert rows(raised) == [
        ("member_busy", D(2025, 9, 28),
         "张伟已在城西委员联络站9月28日 08:00–09:30「社区议事」的接待日值班"),
        ("venue_booked", D(2025, 10, 12), "城东委员联络站在10月12日 10:00–11:00已有接待日")]
    assert [(r.session_id, r.member_id) for r in raised.value.rows] == [
        (away.id, zhang.id), (booked.id, None)]
    # Moved sessions that land on the same day clash with each other.
    with pytest.raises(Conflict) as raised:
        await act(database, staff, series.create_series, pattern(
            east, "FREQ=WEEKLY;BYDAY=SA,SU", D(2025, 10, 1), D(2025, 10, 10), MOVE, li))
    assert rows(raised) == [("venue_booked", D(2025, 10, 9),
                             "10月9日：由10月5日顺延的接待日与同一规则由10月4日顺延的接待日重叠")]
    assert (await count(owner, ReceptionSession, a), await count(owner, ReceptionSeries, a),
            await count(owner, SessionDuty, a)) == (2, 0, 1)


async def test_too_many_sessions_and_bad_patterns_write_nothing(database, owner, roster, east):
    a = roster.world.county_a
    office, zhang = roster.world.account(a, Role.office), roster.members["张伟"]
    with pytest.raises(TooManySessions, match="^该规则在期间内产生 401 次接待日"):
        await act(database, office, series.create_series,
                  pattern(east, "FREQ=DAILY", D(2025, 1, 1), D(2026, 2, 5), FLAG, zhang))
    with pytest.raises(ValidationFailed) as raised:
        await act(database, office, series.create_series, pattern(
            east, "FREQ=SECONDLY", D(2025, 1, 1), D(2025, 2, 1), FLAG, capacity=-2))
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("rrule", "FREQ 须为 DAILY、WEEKLY、MONTHLY 或 YEARLY"),
        ("capacity", "接待人数不能小于 0"), ("memberIds", "请安排至少一名值班委员")]
    with pytest.raises(NotFound):
        await act(database, office, series.create_series, pattern(
            east, "FREQ=WEEKLY", D(2025, 1, 1), D(2025, 2, 1), FLAG, roster.members["赵强"]))
    assert (await count(owner, ReceptionSession, a), await count(owner, ReceptionSeries, a)) \
        == (0, 0)


async def test_a_year_without_holiday_data_is_said(database, owner, roster, east):
    a = roster.world.county_a
    made = await act(database, roster.world.account(a, Role.office), series.create_series,
                     pattern(east, "FREQ=MONTHLY;BYMONTHDAY=1", D(2026, 12, 1), D(2027, 1, 31),
                             MOVE, roster.members["王芳"]))
    assert made.notes == ["2027 年的法定节假日安排尚未发布，该年的接待日未做节假日标注或顺延"]
    assert [(s[0], s[3], s[4]) for s in await stored_sessions(owner, a)] == [
        ("12-01 09:00", None, None), ("01-01 09:00", None, None)]


async def test_preview_writes_nothing(database, owner, roster, east):
    a = roster.world.county_a
    seen = await act(database, roster.world.account(a, Role.office), series.preview,
                     pattern(east, "FREQ=MONTHLY;BYDAY=2TH", D(2025, 9, 1), D(2025, 12, 31),
                             FLAG, roster.members["张伟"]))
    assert [o.on for o in seen.plan.occurrences] == [D(2025, 9, 11), D(2025, 10, 9),
                                                     D(2025, 11, 13), D(2025, 12, 11)]
    assert seen.conflicts == []
    assert await count(owner, ReceptionSession, a) == 0
