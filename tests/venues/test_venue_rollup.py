"""Venue roll-ups (venues/rollup.py) against the hand-counted rota of rollup_rows: per venue
and quarter in two counties, the city side by side, venue staff's own rows, the statements."""

import pytest
from sqlalchemy import event

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound, PublicError
from liaison.models.account import Role
from liaison.tenancy import clock
from liaison.venues import rollup
from tests.venues.rollup_rows import (
    A_ROWS,
    A_TOTALS,
    B_ROWS,
    B_TOTALS,
    CITY_ROWS,
    ZERO,
    build_rollup,
)
from tests.venues.venue_rows import at, give_venue

NOW = at(2025, 7, 15, 9)
FIGURES = ("planned", "held", "cancelled", "pending", "visitors", "opinions", "members_served")


@pytest.fixture
async def venues(owner, roster):
    return await build_rollup(owner, roster)


def figures(f: rollup.VenueFigures) -> tuple:
    return tuple(getattr(f, name) for name in FIGURES)


def plain(s: rollup.VenueSummary) -> tuple:
    return (s.tenant.code, s.quarter.year, s.quarter.number,
            [(r.name, r.kind.label, r.is_active, figures(r.figures)) for r in s.rows],
            figures(s.totals))


async def ask(database, account, call, *args, statements: list | None = None):
    """``call(ctx, *args)`` as ``account`` on 2025-07-15, its result made plain in the
    session; ``statements`` collects the SQL run by the call."""
    async with database.sessions() as session:
        principal = await load_principal(session, TokenClaims(
            account.id, account.tenant_id, account.token_version or 0))
        ctx = ServiceContext(session=session, principal=principal, origin=Origin())
        engine = database.engine.sync_engine

        def count(conn, cursor, statement, *rest):
            statements.append(statement)

        if statements is not None:
            event.listen(engine, "before_cursor_execute", count)
        try:
            with clock.pinned(NOW):
                result = await call(ctx, *args)
            return [plain(s) for s in result] if isinstance(result, list) else plain(result)
        finally:
            if statements is not None:
                event.remove(engine, "before_cursor_execute", count)
            await session.rollback()


async def test_a_counties_office_reads_every_venue_of_the_quarter(database, roster, venues):
    w = roster.world
    office = w.account(w.county_a, Role.office)
    assert await ask(database, office, rollup.summary, w.county_a, 2025, 2) == (
        w.county_a.code, 2025, 2, A_ROWS, A_TOTALS)
    other = w.account(w.county_b, Role.office)
    assert await ask(database, other, rollup.summary, w.county_b, 2025, 2) == (
        w.county_b.code, 2025, 2, B_ROWS, B_TOTALS)


async def test_the_default_is_the_current_quarter(database, roster, venues):
    w = roster.world
    office = w.account(w.county_a, Role.office)
    # 2025-07-15: Q3 holds only the 07-01 00:30 session at 城东 (held, 王芳, 9 people).
    code, year, quarter, rows, totals = await ask(database, office, rollup.summary,
                                                  w.county_a, None, None)
    assert (year, quarter, totals) == (2025, 3, (1, 1, 0, 0, 9, 0, 1))
    assert [r[0] for r in rows] == ["城东委员联络站", "城西委员联络站", "民革界别委员工作室"]
    q1 = await ask(database, office, rollup.summary, w.county_a, 2025, 1)
    assert q1[3] == [("城东委员联络站", "委员联络站", True, (1, 1, 0, 0, 7, 0, 1)),
                     ("城关委员联络站", "委员联络站", False, (1, 1, 0, 0, 0, 0, 1)),
                     ("城西委员联络站", "委员联络站", True, ZERO),
                     ("民革界别委员工作室", "界别委员工作室", True, ZERO)]


async def test_the_city_sees_its_counties_side_by_side(database, roster, venues):
    w = roster.world
    statements: list = []
    for role in (Role.office, Role.leadership):
        side = await ask(database, w.account(w.city, role), rollup.across, w.city, 2025, 2,
                         statements=statements)
        assert side == [(w.city.code, 2025, 2, CITY_ROWS, ZERO),
                        (w.county_a.code, 2025, 2, A_ROWS, A_TOTALS),
                        (w.county_b.code, 2025, 2, B_ROWS, B_TOTALS)]
    # A fixed number of statements, however many counties: the descendants, their rows,
    # then venues with sessions, visitors, members served.
    assert len(statements) == 2 * 5
    one = await ask(database, w.account(w.city, Role.office), rollup.summary, w.county_b, 2025,
                    2)
    assert one == (w.county_b.code, 2025, 2, B_ROWS, B_TOTALS)


async def test_a_county_sees_only_itself(database, roster, venues):
    w = roster.world
    side = await ask(database, w.account(w.county_a, Role.office), rollup.across, w.county_a,
                     2025, 2)
    assert side == [(w.county_a.code, 2025, 2, A_ROWS, A_TOTALS)]
    with pytest.raises(NotFound):
        await ask(database, w.account(w.county_a, Role.office), rollup.summary, w.county_b,
                  2025, 2)
    with pytest.raises(NotFound):
        await ask(database, w.account(w.county_a, Role.office), rollup.across, w.city, 2025, 2)


async def test_venue_staff_see_their_venues_rows(owner, database, roster, venues):
    w = roster.world
    staff = w.account(w.county_a, Role.venue_staff)
    with pytest.raises(Forbidden):  # no venue assigned yet
        await ask(database, staff, rollup.summary, w.county_a, 2025, 2)
    await give_venue(owner, w, w.county_a, venues["studio"])
    studio = ("民革界别委员工作室", "界别委员工作室", True, (2, 1, 0, 1, 5, 1, 1))
    assert await ask(database, staff, rollup.summary, w.county_a, 2025, 2) == (
        w.county_a.code, 2025, 2, [studio], (2, 1, 0, 1, 5, 1, 1))
    assert await ask(database, staff, rollup.across, w.county_a, 2025, 2) == [
        (w.county_a.code, 2025, 2, [studio], (2, 1, 0, 1, 5, 1, 1))]


@pytest.mark.parametrize("year,quarter", [(2025, 0), (2025, 5), (1999, 1), (2101, 2),
                                          (2025, None), (None, 2)])
async def test_bad_quarters_are_typed_errors(database, roster, venues, year, quarter):
    w = roster.world
    for call in (rollup.summary, rollup.across):
        with pytest.raises(PublicError) as raised:
            await ask(database, w.account(w.city, Role.office), call, w.city, year, quarter)
        assert raised.value.code == "BAD_QUARTER"
