"""Quarterly compliance (R5): boundaries, mid-quarter pairings, scopes, city side by side."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from liaison.compliance.quarters import Quarter
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import BEIJING, build_roster, gql, make_contact, make_pairing

QUERY = """query($code: String!, $year: Int, $q: Int) { tenant(code: $code) {
  compliance(year: $year, quarter: $q) {
    quarter { label startsOn endsOn }
    total { due contacted notYet overdue rate }
    bySector { name counts { due contacted overdue } }
    behind(first: 10) { items { member { name } constituent { name } state daysLeft } }
  } } }"""


@pytest.fixture
async def q1(owner, world):
    """2025 Q1 in county A: 张伟–陈 contacted on the quarter's last evening; 张伟–刘 only just
    after midnight into Q2 (Beijing time); 李娜–黄 never; a pairing started 2025-03-15 and one
    ended 2025-01-20 are not due."""
    roster = await build_roster(owner, world)
    p = roster.pairings
    await make_contact(owner, p["陈群众"], datetime(2025, 3, 31, 23, 0, tzinfo=BEIJING))
    await make_contact(owner, p["刘群众"], datetime(2025, 3, 31, 16, 30, tzinfo=UTC))
    wang = roster.members["王芳"]
    await make_pairing(owner, wang, "晚开始", started_on=date(2025, 3, 15))
    ended = await make_pairing(owner, wang, "早结束", started_on=date(2024, 6, 1))
    from liaison.tenancy.scope import TenantScope, apply_scope

    await apply_scope(owner, TenantScope.only(ended.tenant_id))
    ended.ended_on, ended.end_reason = date(2025, 1, 20), "调整"
    owner.add(ended)
    await owner.commit()
    return roster


async def compliance(client, token, code, year=2025, quarter=1):
    body = await gql(client, QUERY, {"code": code, "year": year, "q": quarter}, token=token)
    tenant = body["data"]["tenant"]
    return tenant["compliance"] if tenant else None


async def test_the_office_sees_the_quarter_exactly(client, q1):
    w = q1.world
    result = await compliance(client, w.token(w.county_a, Role.office), w.county_a.code)
    assert result == {
        "quarter": {"label": "2025年第一季度", "startsOn": "2025-01-01", "endsOn": "2025-03-31"},
        "total": {"due": 3, "contacted": 1, "notYet": 0, "overdue": 2, "rate": 0.3333},
        "bySector": [{"name": "中共", "counts": {"due": 2, "contacted": 1, "overdue": 1}},
                     {"name": "工会", "counts": {"due": 1, "contacted": 0, "overdue": 1}}],
        "behind": {"items": [
            {"member": {"name": "张伟"}, "constituent": {"name": "刘群众"}, "state": "OVERDUE",
             "daysLeft": None},
            {"member": {"name": "李娜"}, "constituent": {"name": "黄群众"}, "state": "OVERDUE",
             "daysLeft": None}]}}
    q2 = await compliance(client, w.token(w.county_a, Role.office), w.county_a.code, 2025, 2)
    # In Q2 the late starter is due and 张伟–刘 counts as contacted (1 April, Beijing).
    assert q2["total"] == {"due": 4, "contacted": 1, "notYet": 0, "overdue": 3, "rate": 0.25}


async def test_convenor_and_member_see_their_part(client, q1):
    w = q1.world
    convenor = await compliance(client, w.token(w.county_a, Role.convenor), w.county_a.code)
    assert convenor["total"] == {"due": 2, "contacted": 1, "notYet": 0, "overdue": 1,
                                 "rate": 0.5}
    member = await compliance(client, w.token(w.county_a, Role.member), w.county_a.code)
    assert [(i["member"]["name"], i["constituent"]["name"]) for i in
            member["behind"]["items"]] == [("张伟", "刘群众")]
    body = await gql(client, QUERY, {"code": w.county_a.code, "year": 2025, "q": 1},
                     token=w.token(w.county_a, Role.venue_staff))
    assert body["data"]["tenant"]["compliance"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_city_sees_its_counties_side_by_side_and_drills_in(client, q1):
    w = q1.world
    city = """query($code: String!) { tenant(code: $code) {
      complianceByTenant(year: 2025, quarter: 1) { total { due contacted }
        tenants { tenant { code } counts { due contacted overdue rate } } } } }"""
    body = await gql(client, city, {"code": w.city.code}, token=w.token(w.city, Role.office))
    assert body["data"]["tenant"]["complianceByTenant"] == {
        "total": {"due": 5, "contacted": 1},
        "tenants": [
            {"tenant": {"code": w.city.code},
             "counts": {"due": 0, "contacted": 0, "overdue": 0, "rate": None}},
            {"tenant": {"code": w.county_a.code},
             "counts": {"due": 3, "contacted": 1, "overdue": 2, "rate": 0.3333}},
            {"tenant": {"code": w.county_b.code},
             "counts": {"due": 2, "contacted": 0, "overdue": 2, "rate": 0.0}}]}
    drilled = await compliance(client, w.token(w.city, Role.leadership), w.county_a.code)
    assert drilled["total"]["due"] == 3
    assert await compliance(client, w.token(w.county_b, Role.office), w.county_a.code) is None
    # A county's own roll-up lists only itself.
    own = await gql(client, city, {"code": w.county_a.code},
                    token=w.token(w.county_a, Role.office))
    assert [t["tenant"]["code"] for t in
            own["data"]["tenant"]["complianceByTenant"]["tenants"]] == [w.county_a.code]


@pytest.mark.parametrize("at", ["2026-03-31T15:59:00+00:00", "2026-03-31T16:00:00+00:00",
                                "2026-08-15T00:00:00+00:00"])
async def test_the_current_quarter_counts_days_left(client, owner, world, at):
    await build_roster(owner, world)
    with clock.pinned(datetime.fromisoformat(at)):
        await _current_quarter(client, world)


async def _current_quarter(client, world):
    today = clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
    quarter = Quarter.of(today)
    result = await compliance(client, world.token(world.county_b, Role.office),
                              world.county_b.code, quarter.year, quarter.number)
    assert result["total"] == {"due": 2, "contacted": 0, "notYet": 2, "overdue": 0,
                               "rate": 0.0}
    assert {i["daysLeft"] for i in result["behind"]["items"]} == {(quarter.end - today).days}
    assert {i["state"] for i in result["behind"]["items"]} == {"NOT_YET"}


async def test_bad_quarters_are_clear_errors(client, world):
    body = await gql(client, QUERY, {"code": world.county_a.code, "year": 2025, "q": 5},
                     token=world.token(world.county_a, Role.office))
    assert body["errors"][0]["extensions"]["code"] == "BAD_QUARTER"
