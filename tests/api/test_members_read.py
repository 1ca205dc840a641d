"""Reading members: who sees whom, masked phones, search and filters, no N+1."""

from sqlalchemy import event

from liaison.models.account import ACCOUNT_ROLES, Role
from tests.builders import (
    gql,
    make_account,
    make_member,
    make_pairing,
    make_tenants,
    make_term,
    token_for,
)

LIST = """query($code: String!, $filter: MemberFilter, $sort: MemberSort) {
  tenant(code: $code) { members(first: 100, filter: $filter, sort: $sort) {
    totalCount nodes { name phone sector { name } } } } }"""


async def names_and_phones(client, token, code, **variables):
    body = await gql(client, LIST, {"code": code, **variables}, token=token)
    tenant = body["data"]["tenant"]
    if tenant is None:
        return None
    if tenant["members"] is None:
        return body["errors"][0]["extensions"]["code"]
    return [(n["name"], n["phone"]) for n in tenant["members"]["nodes"]]


async def test_each_role_sees_exactly_its_members_with_masked_phones(client, roster):
    w = roster.world
    a = w.county_a.code
    unmasked = [("张伟", "13812345678"), ("李娜", "13700001234"), ("王芳", None)]
    masked = [("张伟", "138****5678"), ("李娜", "137****1234"), ("王芳", None)]
    expected = {
        Role.office: unmasked,
        Role.chair: masked, Role.leadership: masked, Role.committee: masked,
        Role.venue_staff: masked,
        Role.convenor: [("张伟", "138****5678"), ("王芳", None)],   # the 中共 sector only
        Role.member: [("张伟", "13812345678")],                      # himself, unmasked
    }
    for role, rows in expected.items():
        assert await names_and_phones(client, w.token(w.county_a, role), a) == rows, role


async def test_city_reads_county_members_masked_and_sibling_sees_nothing(client, roster):
    w = roster.world
    for role in (Role.office, Role.leadership, Role.chair):
        assert await names_and_phones(client, w.token(w.city, role), w.county_a.code) == [
            ("张伟", "138****5678"), ("李娜", "137****1234"), ("王芳", None)]
    for role in (Role.member, Role.convenor):
        assert await names_and_phones(client, w.token(w.city, role), w.county_a.code) is None
    # A city's committees see the county (for its opinions), never its members.
    assert await names_and_phones(client, w.token(w.city, Role.committee),
                                  w.county_a.code) == "FORBIDDEN"
    for role in ACCOUNT_ROLES:
        assert await names_and_phones(client, w.token(w.county_b, role), w.county_a.code) is None


async def test_member_by_id_across_tenants_is_not_found(client, roster):
    w = roster.world
    query = "query($id: ID!) { member(id: $id) { name } }"
    zhang = str(roster.members["张伟"].id)
    zhao = str(roster.members["赵强"].id)
    office_a = w.token(w.county_a, Role.office)
    assert (await gql(client, query, {"id": zhang}, token=office_a))["data"] == {
        "member": {"name": "张伟"}}
    assert (await gql(client, query, {"id": zhao}, token=office_a))["data"] == {"member": None}
    assert (await gql(client, query, {"id": "nonsense"}, token=office_a))["data"] == {
        "member": None}
    # A convenor of 中共 does not see 李娜 (工会) by id either.
    li = str(roster.members["李娜"].id)
    assert (await gql(client, query, {"id": li}, token=w.token(w.county_a, Role.convenor)))[
        "data"] == {"member": None}
    # The city office reads the county's member by id.
    assert (await gql(client, query, {"id": zhang}, token=w.token(w.city, Role.office)))[
        "data"] == {"member": {"name": "张伟"}}


async def test_constituent_phones_are_shown_to_their_member_and_the_office_only(client, roster):
    w = roster.world
    query = """query($code: String!) { tenant(code: $code) { members(first: 10,
      filter: {name: "张"}) { nodes { pairings { constituent { name phone } } } } } }"""

    async def phones(role):
        body = await gql(client, query, {"code": w.county_a.code}, token=w.token(w.county_a, role))
        [member] = body["data"]["tenant"]["members"]["nodes"]
        return [(p["constituent"]["name"], p["constituent"]["phone"]) for p in member["pairings"]]

    clear = [("陈群众", "13900001111"), ("刘群众", "13900001111")]
    hidden = [("陈群众", "139****1111"), ("刘群众", "139****1111")]
    assert await phones(Role.office) == clear
    assert await phones(Role.member) == clear        # 张伟 himself
    assert await phones(Role.committee) == hidden
    assert await phones(Role.convenor) == hidden
    assert await phones(Role.chair) == hidden


async def test_search_filters_and_incomplete_pairings(client, roster):
    w = roster.world
    token = w.token(w.county_a, Role.office)
    code = w.county_a.code
    names = lambda rows: [n for n, _ in rows]  # noqa: E731
    assert names(await names_and_phones(client, token, code, filter={"name": "娜"})) == ["李娜"]
    assert names(await names_and_phones(client, token, code, filter={"name": "%"})) == []
    sector = str(roster.members["李娜"].sector_id)
    assert names(await names_and_phones(client, token, code, filter={"sectorId": sector})) == [
        "李娜"]
    assert names(await names_and_phones(client, token, code,
                                        filter={"pairingStatus": "INCOMPLETE"})) == ["李娜", "王芳"]
    assert names(await names_and_phones(client, token, code,
                                        filter={"pairingStatus": "COMPLETE"})) == ["张伟"]
    assert names(await names_and_phones(client, token, code, sort="SECTOR")) == [
        "张伟", "王芳", "李娜"]  # 中共 (sort 1) before 工会 (sort 2), then by name
    assert await names_and_phones(client, token, code, filter={"sectorId": "junk"}) == []


async def test_listing_members_does_not_query_per_member(client, owner, database):
    city, county = await make_tenants(owner, counties=1)
    term = await make_term(owner, county)
    office = await make_account(owner, county, "office", (Role.office,))
    query = """query($code: String!, $first: Int!) { tenant(code: $code) {
      members(first: $first) { nodes { name phone sector { name } committee { name }
        activityGroup { name } term { name } activePairingCount
        pairings { startedOn constituent { name phone sector { name } } } } } } }"""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    async def run(first: int) -> int:
        statements.clear()
        event.listen(database.engine.sync_engine, "before_cursor_execute", count)
        try:
            body = await gql(client, query, {"code": county.code, "first": first},
                             token=token_for(office))
        finally:
            event.remove(database.engine.sync_engine, "before_cursor_execute", count)
        assert len(body["data"]["tenant"]["members"]["nodes"]) == first
        return len(statements)

    for i in range(100):
        member = await make_member(owner, county, term, f"委员{i:03d}")
        if i % 2 == 0:
            await make_pairing(owner, member, f"群众{i:03d}")
    await run(10)  # the process keeps the tenant after its first lookup (tenancy/directory.py)
    ten, hundred = await run(10), await run(100)
    assert ten == hundred
    assert hundred <= 14
