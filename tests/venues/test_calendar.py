"""The month calendar (service): a session belongs to the day it starts on in the tenant's
time zone; weeks run Monday to Sunday with holidays and make-up working days marked; duties
carry their members' names; staff of another venue and other tenants find nothing."""

import pytest

from liaison.errors import NotFound, PublicError
from liaison.models.account import Role
from liaison.models.venues import DutyStatus
from liaison.venues import calendar
from tests.venues.duty_rows import act
from tests.venues.venue_rows import at, give_venue, make_session, make_venue


async def test_a_month_of_one_venue(database, owner, roster):
    w = roster.world
    a = w.county_a
    east = await make_venue(owner, a)
    west = await make_venue(owner, a, "城西委员联络站")
    await give_venue(owner, w, a, east)
    last = await make_session(owner, east, at(2025, 10, 31, 22), at(2025, 10, 31, 23, 30),
                              members=[roster.members["张伟"], roster.members["李娜"]],
                              duty=DutyStatus.confirmed)
    await make_session(owner, east, at(2025, 11, 1, 0, 30), at(2025, 11, 1, 2))
    await make_session(owner, east, at(2025, 9, 30, 9), at(2025, 9, 30, 11))
    await make_session(owner, west, at(2025, 10, 9, 9), at(2025, 10, 9, 11))
    staff = w.account(a, Role.venue_staff)
    venue, month = await act(database, staff, calendar.venue_month, east.id, 2025, 10)
    assert venue.id == east.id
    assert [(e.session.id, e.on.isoformat()) for e in month.entries] == [
        (last.id, "2025-10-31")]  # 14:00 UTC, yet the 31st in Beijing
    assert [(d.name, d.status) for d in month.entries[0].duties] == [
        ("张伟", DutyStatus.confirmed), ("李娜", DutyStatus.confirmed)]
    assert [d.on.isoformat() for d in month.weeks[0]][:3] == [
        "2025-09-29", "2025-09-30", "2025-10-01"]
    assert len(month.weeks) == 5 and all(len(week) == 7 for week in month.weeks)
    marked = {d.on.day: (d.holiday, d.makeup) for d in month.days}
    assert marked[1] == ("国庆节", False) and marked[6] == ("中秋", False)
    assert marked[11] == (None, True)
    assert (month.previous, month.key, month.next) == ("2025-09", "2025-10", "2025-11")
    with pytest.raises(NotFound):
        await act(database, staff, calendar.venue_month, west.id, 2025, 10)
    with pytest.raises(NotFound):
        await act(database, w.account(w.county_b, Role.office), calendar.venue_month,
                  east.id, 2025, 10)
    with pytest.raises(NotFound):
        await act(database, w.account(w.county_b, Role.office), calendar.session_entry,
                  last.id)
    _, entry = await act(database, w.account(w.city, Role.office), calendar.session_entry,
                         last.id)
    assert [d.name for d in entry.duties] == ["张伟", "李娜"]


def test_months_are_read_strictly():
    assert calendar.parse_month("2025-12", "Asia/Shanghai") == (2025, 12)
    for bad in ("2025-13", "2025-1", "1999-12", "25-10", "2025-10-01", "２０２５-10", "2025-1²"):
        with pytest.raises(PublicError):
            calendar.parse_month(bad, "Asia/Shanghai")
    first, following = calendar.month_bounds(2025, 12, "Asia/Shanghai")
    assert (first.isoformat(), following.isoformat()) == (
        "2025-12-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00")
    assert calendar.day_marks(calendar.date(2040, 1, 1)) == (None, False)  # no data yet
