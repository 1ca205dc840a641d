"""Terms, organisation units and liaison settings: only the office changes them."""

import pytest

from liaison.models.account import Role
from tests.builders import build_roster, gql


@pytest.fixture
async def roster(owner, world):
    return await build_roster(owner, world)


async def test_settings_terms_and_units_are_the_offices(client, owner, roster):
    w = roster.world
    settings = """mutation($min: Int!, $max: Int!) { updateLiaisonSettings(input: {
      minPairings: $min, maxPairings: $max}) { __typename
      ... on LiaisonSettings { minPairings maxPairings }
      ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
    office = w.token(w.county_a, Role.office)
    bad = await gql(client, settings, {"min": 3, "max": 2}, token=office)
    assert bad["data"]["updateLiaisonSettings"]["errors"] == [
        {"field": "maxPairings", "message": "最多结对人数不能少于最少结对人数"}]
    for role in (Role.chair, Role.convenor, Role.member):
        body = await gql(client, settings, {"min": 1, "max": 2}, token=w.token(w.county_a, role))
        assert body["data"]["updateLiaisonSettings"]["__typename"] == "ForbiddenError"
    ok = await gql(client, settings, {"min": 1, "max": 2}, token=office)
    assert ok["data"]["updateLiaisonSettings"] == {"__typename": "LiaisonSettings",
                                                   "minPairings": 1, "maxPairings": 2}
    incomplete = await gql(client, """query($c: String!) { tenant(code: $c) {
        liaisonSettings { minPairings maxPairings }
        members(first: 10, filter: {pairingStatus: INCOMPLETE}) { nodes { name } } } }""",
                           {"c": w.county_a.code}, token=office)
    assert incomplete["data"]["tenant"] == {
        "liaisonSettings": {"minPairings": 1, "maxPairings": 2},
        "members": {"nodes": [{"name": "王芳"}]}}
    # County B keeps the defaults.
    other = await gql(client, "query($c: String!) { tenant(code: $c) { liaisonSettings {"
                      " minPairings maxPairings } } }", {"c": w.county_b.code},
                      token=w.token(w.county_b, Role.office))
    assert other["data"]["tenant"]["liaisonSettings"] == {"minPairings": 2, "maxPairings": 3}

    term = """mutation($input: SaveTermInput!) { saveTerm(input: $input) { __typename
      ... on Term { name isCurrent } ... on ValidationErrors { errors { field message } } } }"""
    body = await gql(client, term, {"input": {"name": "第六届", "startsOn": "2027-01-01",
                                              "endsOn": "2032-01-01", "isCurrent": True}},
                     token=office)
    assert body["data"]["saveTerm"] == {"__typename": "Term", "name": "第六届", "isCurrent": True}
    terms = await gql(client, "query($c: String!) { tenant(code: $c) { terms { name isCurrent }"
                      " } }", {"c": w.county_a.code}, token=office)
    assert terms["data"]["tenant"]["terms"] == [{"name": "第六届", "isCurrent": True},
                                                {"name": "第五届", "isCurrent": False}]
    dup = await gql(client, term, {"input": {"name": "第六届", "startsOn": "2027-01-01",
                                             "endsOn": "2026-01-01"}}, token=office)
    assert dup["data"]["saveTerm"]["errors"] == [
        {"field": "endsOn", "message": "结束日期须晚于开始日期"},
        {"field": "name", "message": "已有届次：第六届"}]

    unit = """mutation($input: SaveUnitInput!) { saveOrganisationUnit(input: $input) {
      __typename ... on Sector { name invited } ... on ValidationErrors { errors { message } }
      ... on Error { code } } }"""
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "特邀人士"}}, token=office)
    assert body["data"]["saveOrganisationUnit"] == {"__typename": "Sector", "name": "特邀人士",
                                                     "invited": True}
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "工会"}}, token=office)
    assert body["data"]["saveOrganisationUnit"]["errors"] == [{"message": "已有界别：工会"}]
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "新界别"}},
                     token=w.token(w.city, Role.office))
    assert body["data"]["saveOrganisationUnit"]["__typename"] == "Sector"  # in the city itself
    body = await gql(client, unit, {"input": {"kind": "COMMITTEE", "name": "某委员会"}},
                     token=w.token(w.county_a, Role.convenor))
    assert body["data"]["saveOrganisationUnit"] == {"__typename": "ForbiddenError",
                                                     "code": "FORBIDDEN"}
