"""Client input that once ended as HTTP 500 or INTERNAL: now a typed 4xx or a typed error."""

import base64
import json
import uuid

from liaison.api import guards
from liaison.models.account import Role
from tests.builders import build_roster, gql


def cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def codes(body) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_a_body_over_64_kb_is_refused_before_parsing(client, world):
    query = "{ __typename " + " " * (70 * 1024) + "}"
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 413


async def test_long_string_literals_are_refused(client, world):
    token = world.token(world.county_a, Role.office)
    body = await gql(client, '{ tenant(code: "%s") { code } }' % ("x" * 10_001), token=token)
    assert body == {"data": None, "errors": [{
        "message": "字符串过长：最多 10000 个字符", "locations": [{"line": 1, "column": 16}],
        "extensions": {"code": "INVALID_INPUT"}}]}


async def test_large_documents_do_not_grow_the_parse_cache(client, world):
    before = guards._parsed.used
    for n in range(20):
        query = f"# {n} " + "x" * 40_000 + "\n{ __typename }"
        assert (await gql(client, query))["data"] == {"__typename": "Query"}
        assert query not in guards._parsed.items
    assert guards._parsed.used <= max(before, guards._parsed.budget)
    small = "{ __typename }"
    await gql(client, small)
    assert small in guards._parsed.items


async def test_bad_cursors_are_typed_errors(client, owner, world):
    await build_roster(owner, world)
    token = world.token(world.county_a, Role.office)
    members = """query($c: String!, $after: String) { tenant(code: $c) {
      members(sort: SECTOR, first: 2, after: $after) { nodes { name } } } }"""
    behind = """query($c: String!, $after: String) { tenant(code: $c) {
      compliance(year: 2025, quarter: 1) { behind(after: $after) { items { state } } } } }"""
    for query, after in [
            (members, cursor([2**40, "张伟", str(uuid.uuid4())])),     # beyond int32
            (members, cursor([True, "张伟", str(uuid.uuid4())])),      # a bool is no int
            (members, cursor([[[[1]]], "张伟", str(uuid.uuid4())])),
            (members, base64.urlsafe_b64encode(b"[" * 40_000).decode()),  # deep JSON
            (behind, cursor(["offset", 10**20])),
            (behind, cursor(["offset", -1])),
            (behind, "%%%not-base64"),
    ]:
        body = await gql(client, query, {"c": world.county_a.code, "after": after},
                         token=token)
        assert codes(body) == ["BAD_CURSOR"], (after[:40], body)
    # 200,000 levels no longer reach the decoder at all: the body is over its limit.
    response = await client.post("/graphql", json={"query": members, "variables": {
        "c": world.county_a.code, "after": base64.urlsafe_b64encode(b"[" * 200_000).decode()}},
        headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 413


async def test_dates_out_of_range_are_invalid_input(client, owner, world):
    roster = await build_roster(owner, world)
    token = world.token(world.county_a, Role.office)
    log = """mutation($input: ContactInput!) { logContact(input: $input) { __typename } }"""
    variables = {"input": {"memberId": str(roster.members["张伟"].id),
                           "constituentIds": [str(roster.pairings["陈群众"].constituent_id)],
                           "occurredAt": "0001-01-01T00:00:00+05:00", "method": "VISIT"}}
    body = await gql(client, log, variables, token=token)
    assert body["data"] is None and codes(body) == ["INVALID_INPUT"]
    assert "DateTime 须在 1900 年到 2100 年之间" in body["errors"][0]["message"]


async def test_huge_numbers_are_invalid_input(client, world):
    token = world.token(world.county_a, Role.office)
    literal = await gql(client, "{ tenants(first: %s) { nodes { code } } }" % ("9" * 4301),
                        token=token)
    assert literal["data"] is None and codes(literal) == ["INVALID_INPUT"]
    as_json = await client.post(
        "/graphql", content='{"query": "query($n: Int!) { tenants(first: $n) { nodes { code }'
        ' } }", "variables": {"n": ' + "9" * 4301 + "}}",
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"})
    assert as_json.status_code == 400


async def test_a_body_that_is_not_an_object_is_a_400(client):
    for content in ("5", "[]", '"x"', "null", "{"):
        response = await client.post("/graphql", content=content,
                                     headers={"content-type": "application/json"})
        assert response.status_code == 400, (content, response.status_code, response.text)


async def test_form2_with_a_year_out_of_range_is_a_400(client, owner, world):
    roster = await build_roster(owner, world)
    token = world.token(world.county_a, Role.office)
    for year in ("0", "99999", "9" * 4301):
        response = await client.get(
            f"/files/forms/form2.docx?member={roster.members['张伟'].id}&year={year}",
            headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 400, (year, response.text)


async def test_filing_overview_years_out_of_range_are_refused(client, world):
    token = world.token(world.county_a, Role.office)
    query = """query($c: String!, $y: Int!) { tenant(code: $c) {
      filingOverview(kind: PLAN, year: $y) { member { name } } } }"""
    for year in (-5, 1999, 2101, 9999):
        body = await gql(client, query, {"c": world.county_a.code, "y": year}, token=token)
        assert body["data"] == {"tenant": {"filingOverview": None}}, year
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
            ("年份须在 2000 到 2100 之间", "VALIDATION")], year
