"""Pairing members with constituents: the limit, the sector rule, history kept; who may pair
whom. Every change is audited."""

import pytest

from liaison.models import Constituent
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql, make_member, sector_named
from tests.readback import audit_entries

PAIR = """mutation($input: PairConstituentInput!) { pairConstituent(input: $input) {
  __typename ... on Pairing { id startedOn active constituent { name sector { name } } }
  ... on PairingLimitError { maxPairings activePairings message }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
END = """mutation($input: EndPairingInput!) { endPairing(input: $input) {
  __typename ... on Pairing { endedOn endReason active }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
UPDATE_CONSTITUENT = """mutation($id: ID!, $input: ConstituentInput!) {
  updateConstituent(id: $id, input: $input) { __typename ... on Constituent { name post }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
NOT_FOUND = {"__typename": "NotFoundError", "code": "NOT_FOUND"}
FORBIDDEN = {"__typename": "ForbiddenError", "code": "FORBIDDEN"}


async def posts(owner, tenant, roster, *names):
    """The stored post of each named constituent (builders give every one "职员")."""
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = [await owner.get(Constituent, (tenant.id, roster.pairings[n].constituent_id),
                            populate_existing=True) for n in names]
    return [row.post for row in rows]


async def test_pairing_limit_sector_rule_and_history(client, owner, roster):
    w = roster.world
    token = w.token(w.county_a, Role.office)
    zhang = str(roster.members["张伟"].id)
    gonghui = str(await sector_named(owner, w.county_a, "工会"))
    wrong_sector = await gql(client, PAIR, {"input": {"memberId": zhang, "constituent": {
        "name": "工会群众", "category": "GRASSROOTS", "sectorId": gonghui}}}, token=token)
    assert wrong_sector["data"]["pairConstituent"]["errors"] == [{
        "field": "constituent.sectorId",
        "message": "联系对象应为本界别（中共）群众；只有特邀界别委员可联系其他界别群众"}]
    third = await gql(client, PAIR, {"input": {"memberId": zhang, "startedOn": "2025-03-01",
                                               "constituent": {"name": "第三人",
                                                               "category": "SPECIAL_GROUP"}}},
                      token=token)
    assert {k: v for k, v in third["data"]["pairConstituent"].items() if k != "id"} == {
        "__typename": "Pairing", "startedOn": "2025-03-01", "active": True,
        "constituent": {"name": "第三人", "sector": {"name": "中共"}}}
    fourth = await gql(client, PAIR, {"input": {"memberId": zhang, "constituent": {
        "name": "第四人", "category": "GRASSROOTS"}}}, token=token)
    assert fourth["data"]["pairConstituent"] == {
        "__typename": "PairingLimitError", "maxPairings": 3, "activePairings": 3,
        "code": "PAIRING_LIMIT",
        "message": "张伟 已有 3 名结对联系对象，每名委员最多 3 名；请先结束一个结对"}
    ended = await gql(client, END, {"input": {"pairingId": str(roster.pairings["陈群众"].id),
                                              "endedOn": "2025-06-30", "reason": "工作调动"}},
                      token=token)
    assert ended["data"]["endPairing"] == {"__typename": "Pairing", "endedOn": "2025-06-30",
                                           "endReason": "工作调动", "active": False}
    again = await gql(client, END, {"input": {"pairingId": str(roster.pairings["陈群众"].id),
                                              "reason": "再次"}}, token=token)
    assert again["data"]["endPairing"]["errors"] == [
        {"field": "pairingId", "message": "该结对已于 2025-06-30 结束"}]
    fourth = await gql(client, PAIR, {"input": {"memberId": zhang, "constituent": {
        "name": "第四人", "category": "GRASSROOTS"}}}, token=token)
    assert fourth["data"]["pairConstituent"]["__typename"] == "Pairing"
    history = await gql(client, """query($id: ID!) { member(id: $id) {
        current: pairings { constituent { name } }
        all: pairings(includeEnded: true) { constituent { name } active endedOn } } }""",
                        {"id": zhang}, token=token)
    member = history["data"]["member"]
    assert [p["constituent"]["name"] for p in member["current"]] == ["刘群众", "第三人", "第四人"]
    assert [(p["constituent"]["name"], p["active"]) for p in member["all"]] == [
        ("陈群众", False), ("刘群众", True), ("第三人", True), ("第四人", True)]
    actions = [e.action for e in await audit_entries(owner, w.county_a)]
    assert actions == ["constituent_created", "pairing_started", "pairing_ended",
                       "constituent_created", "pairing_started"]


async def test_invited_sector_members_pair_outside_their_sector(client, owner, roster):
    w = roster.world
    city = w.city
    term = roster.terms.get(city.code)
    from tests.builders import make_term

    term = await make_term(owner, city)
    invited = await make_member(owner, city, term, "特邀委员", sector="特别邀请人士")
    other_sector = str(await sector_named(owner, city, "民革"))
    body = await gql(client, PAIR, {"input": {"memberId": str(invited.id), "constituent": {
        "name": "基层群众甲", "category": "GRASSROOTS", "sectorId": other_sector}}},
        token=w.token(city, Role.office))
    assert body["data"]["pairConstituent"]["constituent"] == {"name": "基层群众甲",
                                                             "sector": {"name": "民革"}}
    no_sector = await gql(client, PAIR, {"input": {"memberId": str(invited.id), "constituent": {
        "name": "基层群众乙", "category": "GRASSROOTS"}}}, token=w.token(city, Role.office))
    assert no_sector["data"]["pairConstituent"]["constituent"] == {"name": "基层群众乙",
                                                                  "sector": None}


async def test_convenor_and_member_manage_pairings_in_their_scope(client, owner, roster):
    w = roster.world
    new = {"name": "新对象", "category": "GRASSROOTS"}
    li = str(roster.members["李娜"].id)
    wang = str(roster.members["王芳"].id)
    zhang = str(roster.members["张伟"].id)
    convenor = w.token(w.county_a, Role.convenor)
    member = w.token(w.county_a, Role.member)
    committee = w.token(w.county_a, Role.committee)

    async def pair(token, member_id):
        body = await gql(client, PAIR, {"input": {"memberId": member_id, "constituent": new}},
                         token=token)
        return body["data"]["pairConstituent"]["__typename"]

    assert await pair(convenor, wang) == "Pairing"          # 中共, their sector
    assert await pair(convenor, li) == "NotFoundError"       # 工会: not theirs
    assert await pair(member, zhang) == "Pairing"            # himself
    assert await pair(member, wang) == "NotFoundError"
    assert await pair(committee, wang) == "ForbiddenError"   # reads, cannot change


@pytest.mark.parametrize("role", ACCOUNT_ROLES, ids=[r.value for r in ACCOUNT_ROLES])
async def test_who_may_update_a_constituent(client, owner, roster, role):
    """updateConstituent on 陈群众 (paired with 张伟: 中共, the member account's own record)
    and on 黄群众 (paired with 李娜: 工会), for each role of county A."""
    w = roster.world
    token = w.token(w.county_a, role)
    results = []
    for name in ("陈群众", "黄群众"):
        body = await gql(client, UPDATE_CONSTITUENT, {
            "id": str(roster.pairings[name].constituent_id), "input": {"post": "主任"}},
            token=token)
        results.append(body["data"]["updateConstituent"])
    chen = {"__typename": "Constituent", "name": "陈群众", "post": "主任"}
    huang = {"__typename": "Constituent", "name": "黄群众", "post": "主任"}
    expected = {
        Role.office: [chen, huang],
        Role.convenor: [chen, NOT_FOUND],            # 中共 only
        Role.member: [chen, NOT_FOUND],              # his own pairings only
        Role.chair: [FORBIDDEN, FORBIDDEN],          # reads, does not change
        Role.leadership: [FORBIDDEN, FORBIDDEN],
        Role.committee: [FORBIDDEN, FORBIDDEN],
        Role.venue_staff: [NOT_FOUND, NOT_FOUND],    # reads no pairings at all
    }[role]
    assert results == expected
    changed = [r.get("__typename") == "Constituent" for r in results]
    assert await posts(owner, w.county_a, roster, "陈群众", "黄群众") == [
        "主任" if c else "职员" for c in changed]
    assert [e.action for e in await audit_entries(owner, w.county_a)] == \
        ["constituent_updated"] * sum(changed)


async def test_another_tenants_constituent_is_not_found_and_unchanged(client, owner, roster):
    w = roster.world
    zhou = str(roster.pairings["周群众"].constituent_id)          # county B, 赵强's
    for token in (w.token(w.county_a, Role.office), w.token(w.county_a, Role.member),
                  w.token(w.city, Role.office)):
        body = await gql(client, UPDATE_CONSTITUENT, {"id": zhou, "input": {
            "name": "改名", "post": "主任", "phone": "13900002222"}}, token=token)
        assert body["data"]["updateConstituent"] == NOT_FOUND
    await apply_scope(owner, TenantScope.only(w.county_b.id))
    row = await owner.get(Constituent, (w.county_b.id, roster.pairings["周群众"].constituent_id),
                          populate_existing=True)
    assert (row.name, row.post, row.phone) == ("周群众", "职员", "13900001111")
    assert await audit_entries(owner, w.county_b) == []
