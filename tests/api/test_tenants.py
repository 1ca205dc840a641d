"""The tenant directory through GraphQL: hierarchy, visibility, pagination, organisation."""

from liaison.models.account import Role
from tests.builders import gql, make_tenants


async def test_county_sees_its_own_tenant_and_not_its_parent_or_sibling(client, world):
    token = world.token(world.county_a, Role.chair)
    query = """query($a: String!, $b: String!, $c: String!) {
      own: tenant(code: $a) { code level levelLabel path parent { code } }
      sibling: tenant(code: $b) { code }
      parent: tenant(code: $c) { code }
      missing: tenant(code: "no-such") { code }
    }"""
    body = await gql(client, query, {"a": world.county_a.code, "b": world.county_b.code,
                                     "c": world.city.code}, token=token)
    assert body == {"data": {
        "own": {"code": world.county_a.code, "level": "COUNTY", "levelLabel": "县级",
                "path": f"zz/{world.city.code}/{world.county_a.code}", "parent": None},
        "sibling": None, "parent": None, "missing": None}}


async def test_city_leadership_sees_counties_with_their_organisation(client, world):
    token = world.token(world.city, Role.leadership)
    query = """query($c: String!) { tenant(code: $c) {
      code sectors { name } committees { name } activityGroups { name }
      children { code shortName parent { code } sectors { name } }
    } }"""
    body = await gql(client, query, {"c": world.city.code}, token=token)
    assert body == {"data": {"tenant": {
        "code": world.city.code,
        "sectors": [{"name": "中共"}, {"name": "民革"}, {"name": "特别邀请人士"}],
        "committees": [{"name": "提案委员会"}], "activityGroups": [{"name": "第一活动组"}],
        "children": [
            {"code": world.county_a.code, "shortName": "测试0县政协",
             "parent": {"code": world.city.code}, "sectors": [{"name": "中共"}, {"name": "工会"}]},
            {"code": world.county_b.code, "shortName": "测试1县政协",
             "parent": {"code": world.city.code}, "sectors": [{"name": "中共"}, {"name": "工会"}]},
        ]}}}


async def test_city_member_sees_no_children(client, world):
    body = await gql(client, "query($c: String!) { tenant(code: $c) { children { code } } }",
                     {"c": world.city.code}, token=world.token(world.city, Role.member))
    assert body == {"data": {"tenant": {"children": []}}}


async def test_tenants_paginate_by_path(client, owner):
    city, *counties = await make_tenants(owner, counties=4)
    from tests.builders import make_account, token_for

    office = await make_account(owner, city, "office", (Role.office,))
    token = token_for(office)
    query = """query($after: String) { tenants(first: 2, after: $after) {
      edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }"""
    codes, after = [], None
    for expected_next in (True, True, False):
        page = (await gql(client, query, {"after": after}, token=token))["data"]["tenants"]
        codes += [e["node"]["code"] for e in page["edges"]]
        assert page["pageInfo"]["hasNextPage"] is expected_next
        after = page["pageInfo"]["endCursor"]
    assert codes == [city.code] + [c.code for c in counties]


async def test_bad_page_size_and_bad_cursor_are_clear_errors(client, world):
    token = world.token(world.city, Role.office)
    for variables, code, message in (
        ({"first": 101}, "BAD_PAGE_SIZE", "每页条数须在 1 到 100 之间"),
        ({"first": 0}, "BAD_PAGE_SIZE", "每页条数须在 1 到 100 之间"),
        ({"first": 5, "after": "garbage!"}, "BAD_CURSOR", "分页游标无效，请从第一页重新开始"),
        ({"first": 5, "after": "WzFd"}, "BAD_CURSOR", "分页游标无效，请从第一页重新开始"),
    ):
        body = await gql(client, """query($first: Int!, $after: String) {
            tenants(first: $first, after: $after) { nodes { code } } }""", variables,
                         token=token)
        assert body["data"] is None
        assert [(e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
            (code, message)]


async def test_account_cursor_with_a_wrong_typed_value_is_refused(client, world):
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps([123]).encode()).decode().rstrip("=")
    body = await gql(client, """query($c: String!, $after: String) { tenant(code: $c) {
        accounts(first: 2, after: $after) { nodes { username } } } }""",
                     {"c": world.county_a.code, "after": cursor},
                     token=world.token(world.county_a, Role.office))
    assert body["errors"][0]["extensions"]["code"] == "BAD_CURSOR"
