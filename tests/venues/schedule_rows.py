"""A rota with everything the public schedule and the feeds must show or hide, in counties A
and B, seen on 2025-06-02 09:00 (a Monday, the last day of the 端午节 holiday).

County A (roster: 张伟, 李娜, 王芳):
- 城东委员联络站 (station): s_today 06-02 08:00 planned 王芳, flagged 端午节;
  s_first 06-05 planned 张伟+李娜; s_declined 06-19 planned 王芳 (李娜 declined);
  s_past 05-20 held 张伟 (visitors 孙来访 with a phone, the paired 陈群众, 3 unnamed);
  s_cancelled 06-12 cancelled 张伟; s_late 08-10 planned 李娜 (张伟 declined): past the
  60 days, inside the feed's 180; s_old 04-01 held 张伟: before the feed's 30 days.
- 民革界别委员工作室 (studio): s_moved 06-03 planned 李娜, moved from 06-02;
  s_last 07-31 planned 张伟 (the 60th day); s_after 08-01 planned 王芳 (the 61st).
- 城南委员联络站, closed: s_closed 06-08 planned 张伟.
County B (roster: 赵强): 城北委员联络站: s_b 06-10 planned 赵强, theme 城北专题;
s_b_held 05-25 held 赵强 with visitor 钱来访.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import update

from liaison.models import ReceptionSession, SessionDuty, SessionVisitor
from liaison.models.venues import DutyStatus, SessionStatus, VenueKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import Roster
from tests.venues.venue_rows import at, make_session, make_venue

NOW = at(2025, 6, 2, 9)
# What no public page, JSON or venue feed may contain: visitors, paired people (constituents),
# member phones, a cancel reason, a session's notes.
SECRETS = ("孙来访", "13500009999", "陈群众", "刘群众", "黄群众", "13900001111", "钱来访",
           "13612340000", "13812345678", "13700001234", "13611112222", "天气原因", "内部记录")


@dataclass
class Schedule:
    roster: Roster
    venues: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)


async def set_duty(owner, row: ReceptionSession, member, status: DutyStatus) -> None:
    """Put ``member`` on duty at ``row`` with ``status`` (adding the duty if needed)."""
    await apply_scope(owner, TenantScope.only(row.tenant_id))
    done = await owner.execute(update(SessionDuty).where(
        SessionDuty.tenant_id == row.tenant_id, SessionDuty.session_id == row.id,
        SessionDuty.member_id == member.id).values(status=status))
    if done.rowcount == 0:
        owner.add(SessionDuty(tenant_id=row.tenant_id, id=uuid.uuid4(), session_id=row.id,
                              member_id=member.id, status=status))
    await owner.commit()


async def change(owner, row: ReceptionSession, **values) -> None:
    await apply_scope(owner, TenantScope.only(row.tenant_id))
    await owner.execute(update(ReceptionSession).where(
        ReceptionSession.tenant_id == row.tenant_id, ReceptionSession.id == row.id)
        .values(**values))
    await owner.commit()


async def add_visitor(owner, row: ReceptionSession, *, name: str | None = None,
                      phone: str | None = None, count: int | None = None,
                      constituent_id: uuid.UUID | None = None,
                      opinion_id: uuid.UUID | None = None) -> None:
    await apply_scope(owner, TenantScope.only(row.tenant_id))
    owner.add(SessionVisitor(tenant_id=row.tenant_id, id=uuid.uuid4(), session_id=row.id,
                             name=name, phone=phone, unnamed_count=count,
                             constituent_id=constituent_id, category="群众",
                             raised=f"{name or '群众'}反映的问题", opinion_id=opinion_id))
    await owner.commit()


async def build_schedule(owner, roster: Roster) -> Schedule:
    w, m = roster.world, roster.members
    s = Schedule(roster)
    east = s.venues["east"] = await make_venue(owner, w.county_a, "城东委员联络站")
    studio = s.venues["studio"] = await make_venue(owner, w.county_a, "民革界别委员工作室",
                                                   kind=VenueKind.studio)
    closed = s.venues["closed"] = await make_venue(owner, w.county_a, "城南委员联络站",
                                                   active=False)
    north = s.venues["north"] = await make_venue(owner, w.county_b, "城北委员联络站")
    planned, held = SessionStatus.planned, SessionStatus.held

    async def session(key, venue, day: date, start, end, members, status=planned, **extra):
        row = await make_session(owner, venue, at(day.year, day.month, day.day, *start),
                                 at(day.year, day.month, day.day, *end), members=members,
                                 status=status, **extra)
        s.sessions[key] = row
        return row

    await session("today", east, date(2025, 6, 2), (8,), (8, 30), [m["王芳"]])
    await change(owner, s.sessions["today"], holiday_name="端午节")
    await session("first", east, date(2025, 6, 5), (9,), (11, 30), [m["张伟"], m["李娜"]])
    await session("declined", east, date(2025, 6, 19), (14,), (16,), [m["王芳"]], theme=None)
    await set_duty(owner, s.sessions["declined"], m["李娜"], DutyStatus.declined)
    past = await session("past", east, date(2025, 5, 20), (9,), (11,), [m["张伟"]], status=held,
                         duty=DutyStatus.confirmed)
    await change(owner, past, notes="内部记录：来访人情绪激动", minutes=120)
    await add_visitor(owner, past, name="孙来访", phone="13500009999")
    await add_visitor(owner, past, name="陈群众", phone="13900001111",
                      constituent_id=roster.pairings["陈群众"].constituent_id)
    await add_visitor(owner, past, count=3)
    await session("cancelled", east, date(2025, 6, 12), (9,), (11,), [m["张伟"]],
                  status=SessionStatus.cancelled)
    await session("late", east, date(2025, 8, 10), (9,), (11,), [m["李娜"]])
    await set_duty(owner, s.sessions["late"], m["张伟"], DutyStatus.declined)
    await session("old", east, date(2025, 4, 1), (9,), (11,), [m["张伟"]], status=held)
    await session("moved", studio, date(2025, 6, 3), (9,), (11,), [m["李娜"]],
                  theme="民营企业发展")
    await change(owner, s.sessions["moved"], moved_from=date(2025, 6, 2))
    await session("last", studio, date(2025, 7, 31), (15,), (17,), [m["张伟"]],
                  theme="民营企业发展")
    await session("after", studio, date(2025, 8, 1), (9,), (11,), [m["王芳"]])
    await session("closed", closed, date(2025, 6, 8), (9,), (11,), [m["张伟"]])
    await session("b", north, date(2025, 6, 10), (9,), (11,), [m["赵强"]], theme="城北专题")
    b_held = await session("b_held", north, date(2025, 5, 25), (9,), (11,), [m["赵强"]],
                           status=held)
    await add_visitor(owner, b_held, name="钱来访", phone="13612340000")
    return s
