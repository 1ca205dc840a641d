"""A hand-counted rota for the venue roll-ups, 2025 Q2 (Beijing dates).

County A (roster: 张伟, 李娜, 王芳):
- 城东委员联络站 (station): 04-01 held (张伟, 李娜; 2 unnamed + 钱来访 → O2);
  05-20 held (张伟, 王芳 declined; 孙来访 → O1, the paired 陈群众, 3 unnamed);
  06-12 cancelled (李娜); 06-05 planned (王芳); 03-31 23:00 held (Q1: 7 unnamed) and
  07-01 00:30 held (Q3, although 06-30 in UTC: 9 unnamed) do not count.
  → planned 4, held 2, cancelled 1, pending 1, visitors 8, opinions 2, members 2.
- 民革界别委员工作室 (studio): 04-15 held (张伟, 李娜 declined; 4 unnamed + 郑来访 → O1
  again); 06-20 planned (李娜). → 2, 1, 0, 1, visitors 5, opinions 1, members 1.
- 城南委员联络站, closed, 05-05 held (王芳): listed. → 1, 1, 0, 0, 0, 0, 1.
- 城西委员联络站, active, no session: listed with zeros. 城关委员联络站, closed, only a Q1
  session: not listed.
  Totals: 7, 4, 1, 2, visitors 13, opinions 2 (O1 once), members 3 (张伟 at two venues once).
County B (赵强): 县城委员联络站: 05-10 held (赵强; 6 unnamed + 吴来访 → OB); 06-01 cancelled.
  → 2, 1, 1, 0, visitors 7, opinions 1, members 1.
The city: 市委员联络站, active, no session: zeros.
"""

from datetime import date

from liaison.models.venues import DutyStatus, SessionStatus, VenueKind
from tests.builders import Roster
from tests.opinions.opinion_rows import make_opinion
from tests.venues.schedule_rows import add_visitor, set_duty
from tests.venues.venue_rows import at, make_session, make_venue

H, C, P = SessionStatus.held, SessionStatus.cancelled, SessionStatus.planned
OK, NO = DutyStatus.confirmed, DutyStatus.declined
# (venue, figures): planned, held, cancelled, pending, visitors, opinions, members served.
A_ROWS = [("城东委员联络站", "委员联络站", True, (4, 2, 1, 1, 8, 2, 2)),
          ("城南委员联络站", "委员联络站", False, (1, 1, 0, 0, 0, 0, 1)),
          ("城西委员联络站", "委员联络站", True, (0, 0, 0, 0, 0, 0, 0)),
          ("民革界别委员工作室", "界别委员工作室", True, (2, 1, 0, 1, 5, 1, 1))]
A_TOTALS = (7, 4, 1, 2, 13, 2, 3)
B_ROWS = [("县城委员联络站", "委员联络站", True, (2, 1, 1, 0, 7, 1, 1))]
B_TOTALS = (2, 1, 1, 0, 7, 1, 1)
CITY_ROWS = [("市委员联络站", "委员联络站", True, (0, 0, 0, 0, 0, 0, 0))]
ZERO = (0, 0, 0, 0, 0, 0, 0)


async def _session(owner, venue, start: tuple, end: tuple, status, duties):
    row = await make_session(owner, venue, at(*start), at(*end), status=status)
    for member, duty in duties:
        await set_duty(owner, row, member, duty)
    return row


async def build_rollup(owner, roster: Roster) -> dict:
    w, m = roster.world, roster.members
    a, b = w.county_a, w.county_b
    east = await make_venue(owner, a, "城东委员联络站")
    studio = await make_venue(owner, a, "民革界别委员工作室", kind=VenueKind.studio)
    south = await make_venue(owner, a, "城南委员联络站", active=False)
    west = await make_venue(owner, a, "城西委员联络站")
    north = await make_venue(owner, a, "城关委员联络站", active=False)
    town = await make_venue(owner, b, "县城委员联络站")
    city = await make_venue(owner, w.city, "市委员联络站")
    o1 = await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 5, 20))
    o2 = await make_opinion(owner, a, "增设路灯", raised_on=date(2025, 4, 1))
    ob = await make_opinion(owner, b, "农贸市场改造", raised_on=date(2025, 5, 10))
    zw, ln, wf = m["张伟"], m["李娜"], m["王芳"]

    old = await _session(owner, east, (2025, 4, 1, 9), (2025, 4, 1, 11), H, [(zw, OK), (ln, OK)])
    await add_visitor(owner, old, count=2)
    await add_visitor(owner, old, name="钱来访", opinion_id=o2.id)
    past = await _session(owner, east, (2025, 5, 20, 9), (2025, 5, 20, 11), H,
                          [(zw, OK), (wf, NO)])
    await add_visitor(owner, past, name="孙来访", phone="13500009999", opinion_id=o1.id)
    await add_visitor(owner, past, name="陈群众",
                      constituent_id=roster.pairings["陈群众"].constituent_id)
    await add_visitor(owner, past, count=3)
    await _session(owner, east, (2025, 6, 12, 9), (2025, 6, 12, 11), C, [(ln, DutyStatus.assigned)])
    await _session(owner, east, (2025, 6, 5, 9), (2025, 6, 5, 11), P, [(wf, DutyStatus.assigned)])
    q1 = await _session(owner, east, (2025, 3, 31, 23), (2025, 3, 31, 23, 30), H, [(wf, OK)])
    await add_visitor(owner, q1, count=7)
    q3 = await _session(owner, east, (2025, 7, 1, 0, 30), (2025, 7, 1, 1), H, [(wf, OK)])
    await add_visitor(owner, q3, count=9)

    held = await _session(owner, studio, (2025, 4, 15, 9), (2025, 4, 15, 11), H,
                          [(zw, OK), (ln, NO)])
    await add_visitor(owner, held, count=4)
    await add_visitor(owner, held, name="郑来访", opinion_id=o1.id)
    await _session(owner, studio, (2025, 6, 20, 9), (2025, 6, 20, 11), P,
                   [(ln, DutyStatus.assigned)])
    await _session(owner, south, (2025, 5, 5, 9), (2025, 5, 5, 11), H, [(wf, OK)])
    await _session(owner, north, (2025, 2, 10, 9), (2025, 2, 10, 11), H, [(wf, OK)])

    b_held = await _session(owner, town, (2025, 5, 10, 9), (2025, 5, 10, 11), H,
                            [(m["赵强"], OK)])
    await add_visitor(owner, b_held, count=6)
    await add_visitor(owner, b_held, name="吴来访", opinion_id=ob.id)
    await _session(owner, town, (2025, 6, 1, 9), (2025, 6, 1, 11), C,
                   [(m["赵强"], DutyStatus.assigned)])
    return {"east": east, "studio": studio, "south": south, "west": west, "north": north,
            "town": town, "city": city}
