"""Opinion roll-ups against the hand-counted opinions of tests/opinions/rollup_fixture.py:
every figure, every role's part, the city's side-by-side view, other tenants not found."""

from datetime import datetime

import pytest
from sqlalchemy import event

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound, PublicError
from liaison.models.account import Role
from liaison.opinions import rollup
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, build_world, make_account, make_tenants
from tests.opinions.rollup_fixture import add_categories, build_opinions, opinion

JUNE_1 = datetime(2025, 6, 1, 9, tzinfo=BEIJING)
STATES = ["registered", "handling", "disposed", "replied", "fed_back", "closed"]


@pytest.fixture
async def opinions(owner, roster):
    return await build_opinions(owner, roster)


async def ask(database, account, call, at=JUNE_1):
    """``call(ctx)`` as ``account``, on the liaison clock pinned to ``at``."""
    async with database.sessions() as session:
        principal = await load_principal(session, TokenClaims(account.id, account.tenant_id))
        ctx = ServiceContext(session=session, principal=principal, origin=Origin())
        try:
            with clock.pinned(at):
                return await call(ctx)
        finally:
            session.expunge_all()  # the tenants read stay readable after the rollback
            await session.rollback()


def figures(s: rollup.OpinionSummary) -> dict:
    assert [state.value for state, _ in s.by_state] == STATES
    return {"total": s.total, "by_state": [n for _, n in s.by_state],
            "category": [(c.name, c.count) for c in s.by_category],
            "sector": [(c.name, c.count) for c in s.by_sector],
            "committee": [(c.name, c.count) for c in s.by_committee],
            "member": [(c.name, c.count) for c in s.by_member],
            "converted": {k.value: n for k, n in s.converted.items()},
            "rate": s.conversion_rate, "fed_back": s.fed_back,
            "median": s.median_days_to_feedback, "overdue": s.overdue}


COUNTY_A_2025 = {
    "total": 9, "by_state": [1, 3, 1, 1, 2, 1],
    "category": [("社会民生", 4), ("经济发展", 3), ("其他", 2)],
    "sector": [("中共", 5), ("工会", 3), ("未分界别", 1)],
    "committee": [("综合委员会", 5), ("委员联络办", 4)],
    "member": [("张伟", 3), ("李娜", 3), ("王芳", 2), ("未关联委员", 1)],
    "converted": {"proposal": 2, "social_info": 1, "referred": 2}, "rate": 0.5556,
    "fed_back": 3, "median": 30.0, "overdue": 2}
COUNTY_B_2025 = {
    "total": 3, "by_state": [1, 0, 0, 0, 1, 1],
    "category": [("社会民生", 2), ("经济发展", 1)], "sector": [("中共", 3)],
    "committee": [("委员联络办", 3)], "member": [("赵强", 3)],
    "converted": {"proposal": 0, "social_info": 1, "referred": 0}, "rate": 0.3333,
    "fed_back": 2, "median": 10.5, "overdue": 0}
CITY_2025 = {
    "total": 1, "by_state": [0, 1, 0, 0, 0, 0], "category": [("其他", 1)],
    "sector": [("未分界别", 1)], "committee": [("提案委员会", 1)],
    "member": [("未关联委员", 1)],
    "converted": {"proposal": 0, "social_info": 0, "referred": 0}, "rate": 0.0,
    "fed_back": 0, "median": None, "overdue": 1}


async def test_the_county_office_sees_every_figure_of_its_own(database, roster, opinions):
    w = roster.world
    office = w.account(w.county_a, Role.office)
    result = await ask(database, office, lambda ctx: rollup.summary(ctx, w.county_a, 2025))
    assert (result.tenant.id, result.year) == (w.county_a.id, 2025)
    assert figures(result) == COUNTY_A_2025
    assert result.by_committee[0].id == opinions["a1"].committee_id
    assert result.by_committee[1].id is None and result.by_member[3].id is None
    assert result.by_member[0].id == roster.members["张伟"].id
    # Every year: a9 (2024, a speech, 20 days) joins; the median of 10, 20, 30, 30 is 25.
    every = figures(await ask(database, office,
                              lambda ctx: rollup.summary(ctx, w.county_a, None)))
    assert (every["total"], every["by_state"], every["rate"], every["fed_back"],
            every["median"]) == (10, [1, 3, 1, 1, 2, 2], 0.5, 4, 25.0)
    b = await ask(database, w.account(w.county_b, Role.office),
                  lambda ctx: rollup.summary(ctx, w.county_b, 2025))
    assert figures(b) == COUNTY_B_2025


async def test_overdue_follows_the_pinned_day(database, roster, opinions):
    w = roster.world
    office = w.account(w.county_a, Role.office)
    overdue = []
    for day in (datetime(2025, 4, 30, 9, tzinfo=BEIJING), JUNE_1,
                datetime(2025, 6, 2, 9, tzinfo=BEIJING)):
        result = await ask(database, office,
                           lambda ctx: rollup.summary(ctx, w.county_a, 2025), at=day)
        overdue.append(result.overdue)
    assert overdue == [1, 2, 3]  # a10 (due 02-05); a5 (due 05-01); a6 (due 06-01)


async def test_a_year_without_opinions_has_zeros_and_no_rates(database, roster, opinions):
    w = roster.world
    result = await ask(database, w.account(w.county_b, Role.office),
                       lambda ctx: rollup.summary(ctx, w.county_b, 2023))
    assert figures(result) == {
        "total": 0, "by_state": [0] * 6, "category": [], "sector": [], "committee": [],
        "member": [], "converted": {"proposal": 0, "social_info": 0, "referred": 0},
        "rate": None, "fed_back": 0, "median": None, "overdue": 0}


@pytest.mark.parametrize(("role", "expected"), [
    # 张伟's own: a1, a2, a8
    (Role.member, {"total": 3, "by_state": [0, 0, 0, 0, 2, 1], "rate": 1.0,
                   "member": [("张伟", 3)], "median": 30.0, "overdue": 0}),
    # sector 中共: a1, a2, a5, a6, a8
    (Role.convenor, {"total": 5, "by_state": [0, 2, 0, 0, 2, 1], "rate": 0.6,
                     "member": [("张伟", 3), ("王芳", 2)], "median": 30.0, "overdue": 1}),
    # assigned to 综合委员会: a1, a3, a5, a8 (with its lead), a10
    (Role.committee, {"total": 5, "by_state": [0, 2, 0, 1, 1, 1], "rate": 0.8,
                      "member": [("张伟", 2), ("李娜", 2), ("王芳", 1)], "median": 30.0,
                      "overdue": 2}),
])
async def test_each_role_sees_its_part(database, roster, opinions, role, expected):
    w = roster.world
    account = w.account(w.county_a, role)
    result = figures(await ask(database, account,
                               lambda ctx: rollup.summary(ctx, w.county_a, 2025)))
    assert {k: result[k] for k in expected} == expected
    side = await ask(database, account, lambda ctx: rollup.across(ctx, w.county_a, 2025))
    assert [figures(s) for s in side] == [result]


async def test_roles_without_opinions_are_forbidden(database, roster, opinions):
    w = roster.world
    with pytest.raises(Forbidden):
        await ask(database, w.account(w.county_a, Role.venue_staff),
                  lambda ctx: rollup.summary(ctx, w.county_a, 2025))


async def test_the_city_sees_its_counties_side_by_side_and_drills_in(database, roster,
                                                                     opinions):
    w = roster.world
    for role in (Role.office, Role.leadership):
        side = await ask(database, w.account(w.city, role),
                         lambda ctx: rollup.across(ctx, w.city, 2025))
        assert [s.tenant.code for s in side] == [w.city.code, w.county_a.code,
                                                 w.county_b.code]
        assert [figures(s) for s in side] == [CITY_2025, COUNTY_A_2025, COUNTY_B_2025]
        drilled = await ask(database, w.account(w.city, role),
                            lambda ctx: rollup.summary(ctx, w.county_a, 2025))
        assert figures(drilled) == COUNTY_A_2025
    own = await ask(database, w.account(w.county_a, Role.office),
                    lambda ctx: rollup.across(ctx, w.county_a, 2025))
    assert [(s.tenant.code, s.total) for s in own] == [(w.county_a.code, 9)]


async def test_other_tenants_are_not_found(database, owner, roster, opinions):
    w = roster.world
    other = await build_world(owner)
    county_a = w.account(w.county_a, Role.office)
    for account, tenant in ((county_a, w.county_b), (county_a, w.city),
                            (county_a, other.county_a), (w.account(w.city, Role.office),
                                                         other.county_a)):
        for call in (rollup.summary, rollup.across):
            with pytest.raises(NotFound):
                await ask(database, account, lambda ctx, c=call, t=tenant: c(ctx, t, 2025))
    side = await ask(database, other.account(other.city, Role.office),
                     lambda ctx: rollup.across(ctx, other.city, 2025))
    assert [(s.tenant.code, s.total) for s in side] == [
        (other.city.code, 0), (other.county_a.code, 0), (other.county_b.code, 0)]


@pytest.mark.parametrize("year", [1999, 2101, 0])
async def test_years_out_of_range_are_refused(database, roster, year):
    w = roster.world
    with pytest.raises(PublicError) as caught:
        await ask(database, w.account(w.city, Role.office),
                  lambda ctx: rollup.across(ctx, w.city, year))
    assert (caught.value.code, str(caught.value)) == ("BAD_YEAR", "年份须在 2000 到 2100 之间")


async def test_the_side_by_side_view_takes_the_same_statements_for_more_counties(
        database, owner, roster, opinions):
    w = roster.world
    big_city, *counties = await make_tenants(owner, counties=5)
    big_office = await make_account(owner, big_city, "office", (Role.office,))
    for county in counties:
        await apply_scope(owner, TenantScope.only(county.id))
        owner.add(opinion(county, await add_categories(owner, county), "其他", "2025-03-01",
                          "registered"))
        await owner.commit()
    counted = []
    for account, city in ((w.account(w.city, Role.office), w.city), (big_office, big_city)):
        statements = []

        def listen(conn, cursor, statement, *args, seen=statements):
            seen.append(statement)

        async def call(ctx, city=city):
            event.listen(database.engine.sync_engine, "before_cursor_execute", listen)
            try:
                return await rollup.across(ctx, city, 2025)
            finally:
                event.remove(database.engine.sync_engine, "before_cursor_execute", listen)

        side = await ask(database, account, call)
        counted.append((len(side), len(statements)))
    assert counted == [(3, 4), (6, 4)]


async def test_without_breakdown_the_figures_are_the_same_and_the_lists_empty(
        database, roster, opinions):
    w = roster.world
    side = await ask(database, w.account(w.city, Role.office),
                     lambda ctx: rollup.across(ctx, w.city, 2025, breakdown=False))
    empty = dict.fromkeys(("category", "sector", "committee", "member"), [])
    assert [figures(s) for s in side] == [{**f, **empty} for f in (CITY_2025, COUNTY_A_2025,
                                                                   COUNTY_B_2025)]
