"""Tenant.overview: the city and its counties side by side (tenancy/overview.py) against the
hand-counted year of tests/tenancy/overview_rows.py; who sees which rows."""

import pytest

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import gql
from tests.tenancy.overview_rows import NOW, build_overview

QUERY = """query($c: String!) { tenant(code: $c) { overview(year: 2025, quarter: 3) {
  tenant { code } quarter { label } compliance { due contacted overdue rate }
  plans { expected submitted late missing } reports { expected submitted late missing }
  opinions { total conversionRate byState { state count } }
  sessions { held planned cancelled } } } }"""


def states(**counts) -> list[dict]:
    names = ("REGISTERED", "HANDLING", "DISPOSED", "REPLIED", "FED_BACK", "CLOSED")
    return [{"state": s, "count": counts.get(s.lower(), 0)} for s in names]


def filings(expected, submitted, late, missing) -> dict:
    return {"expected": expected, "submitted": submitted, "late": late, "missing": missing}


@pytest.fixture
async def hand_counted(owner, roster):
    await build_overview(owner, roster)
    return roster.world


def expected_rows(w) -> list[dict]:
    q = {"label": "2025年第三季度"}
    return [
        {"tenant": {"code": w.city.code}, "quarter": q,
         "compliance": {"due": 0, "contacted": 0, "overdue": 0, "rate": None},
         "plans": filings(0, 0, 0, 0), "reports": filings(0, 0, 0, 0),
         "opinions": {"total": 0, "conversionRate": None, "byState": states()},
         "sessions": {"held": 0, "planned": 0, "cancelled": 0}},
        {"tenant": {"code": w.county_a.code}, "quarter": q,
         "compliance": {"due": 3, "contacted": 1, "overdue": 0, "rate": 0.3333},
         "plans": filings(3, 2, 1, 1), "reports": filings(3, 0, 0, 3),
         "opinions": {"total": 2, "conversionRate": 0.5,
                      "byState": states(registered=1, closed=1)},
         "sessions": {"held": 2, "planned": 1, "cancelled": 1}},
        {"tenant": {"code": w.county_b.code}, "quarter": q,
         "compliance": {"due": 2, "contacted": 0, "overdue": 0, "rate": 0.0},
         "plans": filings(1, 0, 0, 1), "reports": filings(1, 1, 0, 0),
         "opinions": {"total": 0, "conversionRate": None, "byState": states()},
         "sessions": {"held": 0, "planned": 1, "cancelled": 0}}]


@pytest.mark.parametrize("role", [Role.office, Role.leadership, Role.chair])
async def test_the_city_sees_its_counties_side_by_side(client, hand_counted, role):
    w = hand_counted
    with clock.pinned(NOW):
        body = await gql(client, QUERY, {"c": w.city.code}, token=w.token(w.city, role))
    assert body["data"]["tenant"]["overview"] == expected_rows(w), body


async def test_a_county_sees_only_itself_and_not_its_sibling(client, hand_counted):
    w = hand_counted
    token = w.token(w.county_b, Role.office)
    with clock.pinned(NOW):
        own = await gql(client, QUERY, {"c": w.county_b.code}, token=token)
        sibling = await gql(client, QUERY, {"c": w.county_a.code}, token=token)
        city = await gql(client, QUERY, {"c": w.city.code}, token=token)
    assert own["data"]["tenant"]["overview"] == expected_rows(w)[2:]
    assert sibling == city == {"data": {"tenant": None}}  # not found: nothing of them shows


@pytest.mark.parametrize("role", [Role.convenor, Role.member, Role.venue_staff])
async def test_other_roles_are_refused(client, hand_counted, role):
    w = hand_counted
    with clock.pinned(NOW):
        body = await gql(client, QUERY, {"c": w.county_a.code}, token=w.token(w.county_a, role))
    assert body["data"]["tenant"]["overview"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
