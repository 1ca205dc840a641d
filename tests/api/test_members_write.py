"""Changing members, constituents and pairings: typed errors change nothing; every change is
audited with before/after values; roles and tenants as the issue says."""

from datetime import date

import pytest
from sqlalchemy import select

from liaison.models import Member, Pairing
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql, login_token, sector_named
from tests.readback import audit_entries, count

CREATE = """mutation($input: MemberInput!) { createMember(input: $input) {
  __typename ... on Member { id name phone sector { name } term { name } status }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
UPDATE = """mutation($id: ID!, $input: MemberInput!) { updateMember(id: $id, input: $input) {
  __typename ... on Member { name phone workUnit }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
PAIR = """mutation($input: PairConstituentInput!) { pairConstituent(input: $input) {
  __typename ... on Pairing { id startedOn active constituent { name sector { name } } }
  ... on PairingLimitError { maxPairings activePairings message }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
END = """mutation($input: EndPairingInput!) { endPairing(input: $input) {
  __typename ... on Pairing { endedOn endReason active }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
LEFT = """mutation($input: MarkMemberLeftInput!) { markMemberLeft(input: $input) {
  __typename ... on Member { status statusLabel leftOn pairings { id } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""


async def test_office_creates_a_member_in_the_current_term(client, owner, roster):
    w = roster.world
    sector = await sector_named(owner, w.county_a, "工会")
    body = await gql(client, CREATE, {"input": {
        "name": " 孙丽 ", "gender": "FEMALE", "sectorId": str(sector), "phone": "138 0000 1111",
        "isLeadingCadre": True}}, token=w.token(w.county_a, Role.office))
    result = body["data"]["createMember"]
    assert {k: v for k, v in result.items() if k != "id"} == {
        "__typename": "Member", "name": "孙丽", "phone": "13800001111", "sector": {"name": "工会"},
        "term": {"name": "第五届"}, "status": "SERVING"}
    [entry] = await audit_entries(owner, w.county_a)
    assert (entry.action, entry.target_id, entry.after["name"], entry.after["phone"],
            entry.actor_id) == ("member_created", result["id"], "孙丽", "13800001111",
                                w.account(w.county_a, Role.office).id)


async def test_bad_member_input_is_refused_and_nothing_is_created(client, owner, roster):
    w = roster.world
    other_tenant_sector = await sector_named(owner, w.county_b, "中共")
    body = await gql(client, CREATE, {"input": {
        "name": "  ", "sectorId": str(other_tenant_sector), "phone": "12345", "party": "民" * 41}},
        token=w.token(w.county_a, Role.office))
    assert body["data"]["createMember"] == {"__typename": "ValidationErrors", "code": "VALIDATION",
                                            "errors": [
        {"field": "party", "message": "党派不超过 40 个字符"},
        {"field": "name", "message": "姓名必填"},
        {"field": "phone", "message": "联系电话格式不正确（手机号或 0774-5123911）"},
        {"field": "sectorId", "message": f"本单位没有该界别：{other_tenant_sector}"}]}
    assert await count(owner, Member, w.county_a) == 3
    assert await audit_entries(owner, w.county_a) == []


async def test_who_may_create_members(client, owner, roster):
    w = roster.world
    zhonggong = str(await sector_named(owner, w.county_a, "中共"))
    gonghui = str(await sector_named(owner, w.county_a, "工会"))
    outcomes = {}
    for role in ACCOUNT_ROLES:
        body = await gql(client, CREATE, {"input": {"name": f"新委员{role.value}",
                                                     "sectorId": zhonggong}},
                         token=w.token(w.county_a, role))
        outcomes[role] = body["data"]["createMember"]["__typename"]
    assert outcomes == {Role.chair: "ForbiddenError", Role.leadership: "ForbiddenError",
                        Role.office: "Member", Role.committee: "ForbiddenError",
                        Role.convenor: "Member", Role.member: "ForbiddenError",
                        Role.venue_staff: "ForbiddenError"}
    # The 中共 convenor cannot add to 工会.
    body = await gql(client, CREATE, {"input": {"name": "某", "sectorId": gonghui}},
                     token=w.token(w.county_a, Role.convenor))
    assert body["data"]["createMember"]["errors"] == [
        {"field": "sectorId", "message": "界别召集人只能在本界别新增委员"}]
    # The city office has no current term of its own and cannot reach the county's sectors.
    body = await gql(client, CREATE, {"input": {"name": "某", "sectorId": zhonggong}},
                     token=w.token(w.city, Role.office))
    assert body["data"]["createMember"]["__typename"] == "ValidationErrors"
    assert await count(owner, Member, w.county_a) == 5


async def test_member_edits_own_contact_details_only(client, owner, roster):
    w = roster.world
    token = w.token(w.county_a, Role.member)
    zhang = str(roster.members["张伟"].id)
    ok = await gql(client, UPDATE, {"id": zhang, "input": {"phone": "0774-5123911",
                                                            "workUnit": "八步区第一中学"}},
                   token=token)
    assert ok["data"]["updateMember"] == {"__typename": "Member", "name": "张伟",
                                          "phone": "0774-5123911", "workUnit": "八步区第一中学"}
    refused = await gql(client, UPDATE, {"id": zhang, "input": {"name": "张大伟",
                                                                 "isLeadingCadre": True}},
                        token=token)
    assert refused["data"]["updateMember"]["errors"] == [
        {"field": "isLeadingCadre", "message": "委员本人只能修改联系电话、工作单位和职务"},
        {"field": "name", "message": "委员本人只能修改联系电话、工作单位和职务"}]
    other = await gql(client, UPDATE, {"id": str(roster.members["王芳"].id),
                                       "input": {"phone": "13900000000"}}, token=token)
    assert other["data"]["updateMember"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    [entry] = await audit_entries(owner, w.county_a)
    assert (entry.action, entry.before, entry.after) == (
        "member_updated", {"phone": "13812345678", "work_unit": None},
        {"phone": "0774-5123911", "work_unit": "八步区第一中学"})


async def test_other_tenants_members_are_not_found_for_every_mutation(client, owner, roster):
    w = roster.world
    zhao = str(roster.members["赵强"].id)
    token = w.token(w.county_a, Role.office)
    city_token = w.token(w.city, Role.office)
    for t in (token, city_token):
        body = await gql(client, UPDATE, {"id": zhao, "input": {"phone": "13900000000"}}, token=t)
        assert body["data"]["updateMember"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
        body = await gql(client, PAIR, {"input": {"memberId": zhao, "constituent": {
            "name": "某", "category": "GRASSROOTS"}}}, token=t)
        assert body["data"]["pairConstituent"] == {"__typename": "NotFoundError",
                                                   "code": "NOT_FOUND"}
        body = await gql(client, END, {"input": {"pairingId": str(roster.pairings["周群众"].id),
                                                 "reason": "x"}}, token=t)
        assert body["data"]["endPairing"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert await count(owner, Pairing, w.county_b) == 2
    assert await audit_entries(owner, w.county_b) == []


async def test_marking_a_member_left_ends_the_pairings(client, owner, roster):
    w = roster.world
    zhang = str(roster.members["张伟"].id)
    body = await gql(client, LEFT, {"input": {"memberId": zhang, "leftOn": "2025-12-31",
                                                  "reason": "换届"}},
                     token=w.token(w.county_a, Role.office))
    assert body["data"]["markMemberLeft"] == {"__typename": "Member", "status": "LEFT",
                                              "statusLabel": "已离任", "leftOn": "2025-12-31",
                                              "pairings": []}
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    rows = (await owner.execute(select(Pairing.ended_on, Pairing.end_reason).where(
        Pairing.tenant_id == w.county_a.id, Pairing.member_id == roster.members["张伟"].id))).all()
    assert sorted(rows) == [(date(2025, 12, 31), "委员离任：换届")] * 2
    # His account's tokens stopped working when he left; logged in again, he reads his
    # record but may not change it.
    stale = await gql(client, "{ me { account { username } } }",
                      token=w.token(w.county_a, Role.member))
    assert stale["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"
    fresh = await login_token(client, w.county_a.code, "member")
    by_member = await gql(client, LEFT, {"input": {"memberId": zhang, "leftOn": "2025-12-31",
                                                       "reason": "x"}}, token=fresh)
    assert by_member["data"]["markMemberLeft"]["__typename"] == "ForbiddenError"
    own_edit = await gql(client, """mutation($id: ID!) { updateMember(id: $id, input: {
        post: "x"}) { __typename } }""", {"id": zhang}, token=fresh)
    assert own_edit["data"]["updateMember"]["__typename"] == "ForbiddenError"
    read = await gql(client, "query($id: ID!) { member(id: $id) { name } }", {"id": zhang},
                     token=fresh)
    assert read["data"]["member"] == {"name": "张伟"}


async def test_another_tenants_member_cannot_be_marked_left(client, owner, roster):
    w = roster.world
    zhao = roster.members["赵强"]                                   # county B
    for token in (w.token(w.county_a, Role.office), w.token(w.city, Role.office)):
        body = await gql(client, LEFT, {"input": {"memberId": str(zhao.id),
                                                  "leftOn": "2025-12-31", "reason": "换届"}},
                         token=token)
        assert body["data"]["markMemberLeft"] == {"__typename": "NotFoundError",
                                                  "code": "NOT_FOUND"}
    await apply_scope(owner, TenantScope.only(w.county_b.id))
    row = await owner.get(Member, (w.county_b.id, zhao.id), populate_existing=True)
    assert (str(row.status), row.left_on, row.left_reason) == ("serving", None, None)
    ends = await owner.execute(select(Pairing.ended_on, Pairing.end_reason).where(
        Pairing.tenant_id == w.county_b.id, Pairing.member_id == zhao.id))
    assert ends.all() == [(None, None), (None, None)]
    assert await audit_entries(owner, w.county_b) == []


async def test_the_office_links_accounts_to_member_records(client, owner, roster):
    w = roster.world
    link = """mutation($a: ID!, $m: ID) { linkAccountToMember(input: {accountId: $a, memberId: $m})
      { __typename ... on Account { username member { name } }
        ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
    office = w.token(w.county_a, Role.office)
    committee_account = str(w.account(w.county_a, Role.committee).id)
    wang = str(roster.members["王芳"].id)
    zhang = str(roster.members["张伟"].id)
    body = await gql(client, link, {"a": committee_account, "m": wang}, token=office)
    assert body["data"]["linkAccountToMember"] == {"__typename": "Account",
                                                   "username": "committee",
                                                   "member": {"name": "王芳"}}
    taken = await gql(client, link, {"a": committee_account, "m": zhang}, token=office)
    assert taken["data"]["linkAccountToMember"]["errors"] == [
        {"field": "memberId", "message": "该委员已关联账号 member"}]
    sibling = await gql(client, link, {"a": str(w.account(w.county_b, Role.member).id),
                                       "m": wang}, token=office)
    assert sibling["data"]["linkAccountToMember"] == {"__typename": "NotFoundError",
                                                      "code": "NOT_FOUND"}
    other_member = await gql(client, link, {"a": committee_account,
                                            "m": str(roster.members["赵强"].id)}, token=office)
    assert other_member["data"]["linkAccountToMember"]["__typename"] == "NotFoundError"
    refused = await gql(client, link, {"a": committee_account, "m": None},
                        token=w.token(w.county_a, Role.convenor))
    assert refused["data"]["linkAccountToMember"]["__typename"] == "ForbiddenError"
    actions = [e.action for e in await audit_entries(owner, w.county_a)]
    assert actions == ["account_member_linked"]


@pytest.mark.parametrize("role", ACCOUNT_ROLES, ids=[r.value for r in ACCOUNT_ROLES])
async def test_mutation_matrix_in_own_tenant(client, owner, roster, role):
    """updateMember on 王芳 (中共, not the member account's own record) and endPairing on a
    pairing of 李娜 (工会), for each role of county A."""
    w = roster.world
    token = w.token(w.county_a, role)
    update = await gql(client, UPDATE, {"id": str(roster.members["王芳"].id),
                                        "input": {"post": "主任"}}, token=token)
    end = await gql(client, END, {"input": {"pairingId": str(roster.pairings["黄群众"].id),
                                            "reason": "调整"}}, token=token)
    expected = {
        Role.office: ("Member", "Pairing"),
        Role.convenor: ("Member", "NotFoundError"),          # 中共 only
        Role.member: ("NotFoundError", "NotFoundError"),     # himself only
        Role.chair: ("ForbiddenError", "ForbiddenError"),    # reads, does not change
        Role.leadership: ("ForbiddenError", "ForbiddenError"),
        Role.committee: ("ForbiddenError", "ForbiddenError"),
        Role.venue_staff: ("ForbiddenError", "ForbiddenError"),
    }[role]
    assert (update["data"]["updateMember"]["__typename"],
            end["data"]["endPairing"]["__typename"]) == expected
