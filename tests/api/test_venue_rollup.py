"""Venue roll-ups through GraphQL (Tenant.venueSummary, Tenant.venueSummaries): the shape, the
roles, venue staff's own rows, other tenants, bad quarters. Figures: tests/venues."""

import pytest

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import gql
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

FIGURES = "planned held cancelled pending visitors opinions membersServed"
SUMMARY = ("tenant { code } year quarter label rows { venueId name kindLabel isActive "
           f"figures {{ {FIGURES} }} }} totals {{ {FIGURES} }}")
QUERY = "query($c: String!, $y: Int, $q: Int) { tenant(code: $c) { FIELD { SUMMARY } } }"
ONE = QUERY.replace("FIELD", "venueSummary(year: $y, quarter: $q)").replace("SUMMARY", SUMMARY)
SIDE = QUERY.replace("FIELD", "venueSummaries(year: $y, quarter: $q)").replace("SUMMARY",
                                                                             SUMMARY)


@pytest.fixture
async def venues(owner, roster):
    return await build_rollup(owner, roster)


async def ask(client, query, code, token, year=2025, quarter=2):
    with clock.pinned(at(2025, 7, 15, 9)):
        return await gql(client, query, {"c": code, "y": year, "q": quarter}, token=token)


def counts(values) -> dict:
    names = ("planned", "held", "cancelled", "pending", "visitors", "opinions",
             "membersServed")
    return dict(zip(names, values, strict=True))


def summary(tenant, rows, totals, ids) -> dict:
    return {"tenant": {"code": tenant.code}, "year": 2025, "quarter": 2,
            "label": "2025年第二季度",
            "rows": [{"venueId": str(ids[name]), "name": name, "kindLabel": label,
                      "isActive": active, "figures": counts(f)}
                     for name, label, active, f in rows],
            "totals": counts(totals)}


def ids_of(venues) -> dict:
    return {v.name: v.id for v in venues.values()}


async def test_the_office_reads_its_summary(client, roster, venues):
    w = roster.world
    body = await ask(client, ONE, w.county_a.code, w.token(w.county_a, Role.office))
    assert body["data"]["tenant"]["venueSummary"] == summary(w.county_a, A_ROWS, A_TOTALS,
                                                             ids_of(venues))


async def test_the_city_sees_its_counties_side_by_side(client, roster, venues):
    w, ids = roster.world, ids_of(venues)
    for role in (Role.office, Role.leadership, Role.chair):
        body = await ask(client, SIDE, w.city.code, w.token(w.city, role))
        assert body["data"]["tenant"]["venueSummaries"] == [
            summary(w.city, CITY_ROWS, ZERO, ids), summary(w.county_a, A_ROWS, A_TOTALS, ids),
            summary(w.county_b, B_ROWS, B_TOTALS, ids)], role
    county = await ask(client, ONE, w.county_b.code, w.token(w.city, Role.office))
    assert county["data"]["tenant"]["venueSummary"] == summary(w.county_b, B_ROWS, B_TOTALS,
                                                               ids)


@pytest.mark.parametrize("role", [Role.member, Role.committee, Role.convenor])
async def test_other_roles_of_the_county_read_the_figures(client, roster, venues, role):
    w = roster.world
    body = await ask(client, SIDE, w.county_a.code, w.token(w.county_a, role))
    assert body["data"]["tenant"]["venueSummaries"] == [
        summary(w.county_a, A_ROWS, A_TOTALS, ids_of(venues))]


async def test_venue_staff_see_only_their_venues_rows(client, owner, roster, venues):
    w = roster.world
    token = w.token(w.county_a, Role.venue_staff)
    for query, field in ((ONE, "venueSummary"), (SIDE, "venueSummaries")):
        body = await ask(client, query, w.county_a.code, token)
        assert body["data"]["tenant"] == {field: None}
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await give_venue(owner, w, w.county_a, venues["studio"])
    studio = [row for row in A_ROWS if row[0] == "民革界别委员工作室"]
    body = await ask(client, ONE, w.county_a.code, token)
    assert body["data"]["tenant"]["venueSummary"] == summary(
        w.county_a, studio, (2, 1, 0, 1, 5, 1, 1), ids_of(venues))


async def test_another_tenants_code_answers_not_found(client, roster, venues):
    w = roster.world
    for query in (ONE, SIDE):
        for tenant, asker in ((w.county_a, w.county_b), (w.city, w.county_a)):
            body = await ask(client, query, tenant.code, w.token(asker, Role.office))
            assert body["data"] == {"tenant": None}


async def test_the_quarter_defaults_to_the_current_one(client, roster, venues):
    w = roster.world
    query = ("query($c: String!) { tenant(code: $c) { venueSummary { year quarter label "
             "totals { planned visitors } } } }")
    with clock.pinned(at(2025, 7, 15, 9)):
        body = await gql(client, query, {"c": w.county_a.code},
                         token=w.token(w.county_a, Role.office))
    assert body["data"]["tenant"]["venueSummary"] == {
        "year": 2025, "quarter": 3, "label": "2025年第三季度",
        "totals": {"planned": 1, "visitors": 9}}


@pytest.mark.parametrize("year,quarter", [(2025, 0), (2025, 5), (1999, 1), (2101, 4),
                                          (None, 2), (2025, None), (-5, -1)])
async def test_bad_quarters_are_typed_errors(client, roster, year, quarter):
    w = roster.world
    for query, field in ((ONE, "venueSummary"), (SIDE, "venueSummaries")):
        body = await ask(client, query, w.city.code, w.token(w.city, Role.office), year,
                         quarter)
        assert body["data"] == {"tenant": {field: None}}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_QUARTER"]
