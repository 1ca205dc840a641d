"""Assigning and revoking roles: the tenant's office only, typed errors, audited."""

import uuid

from sqlalchemy import select

from liaison.models import RoleAssignment
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import first_committee, first_sector, gql
from tests.readback import audit_entries
from tests.venues.venue_rows import make_venue

ASSIGN = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) {
    __typename
    ... on RoleAssignment { id role roleLabel sector { name } account { username } }
    ... on ValidationErrors { code errors { field message } }
    ... on NotFoundError { code id message }
    ... on ForbiddenError { code message }
  }
}"""

REVOKE = """
mutation($id: ID!) {
  revokeRole(id: $id) { __typename ... on RoleRevoked { id } ... on Error { code } }
}"""


async def grants_of(owner, tenant, account):
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.scalars(select(RoleAssignment).where(
        RoleAssignment.tenant_id == tenant.id, RoleAssignment.account_id == account.id))
    return sorted(((str(r.role), r.sector_id) for r in rows), key=str)


async def test_office_makes_a_member_convenor_of_a_sector(client, owner, world, source_addr):
    member = world.account(world.county_a, Role.member)
    office = world.account(world.county_a, Role.office)
    sector_id = await first_sector(owner, world.county_a)
    body = await gql(client, ASSIGN, {"input": {
        "accountId": str(member.id), "role": "CONVENOR", "sectorId": str(sector_id)}},
        token=world.token(world.county_a, Role.office))
    result = body["data"]["assignRole"]
    assert {k: v for k, v in result.items() if k != "id"} == {
        "__typename": "RoleAssignment", "role": "CONVENOR", "roleLabel": "界别召集人",
        "sector": {"name": "中共"}, "account": {"username": "member"}}
    assert await grants_of(owner, world.county_a, member) == [
        ("convenor", sector_id), ("member", None)]
    [entry] = await audit_entries(owner, world.county_a, "role_assigned")
    assert (entry.actor_id, entry.target_id, entry.before, entry.after, entry.source_addr) == (
        office.id, result["id"], None,
        {"account_id": str(member.id), "role": "convenor", "sector_id": str(sector_id)},
        source_addr)

    revoked = await gql(client, REVOKE, {"id": result["id"]},
                        token=world.token(world.county_a, Role.office))
    assert revoked["data"]["revokeRole"] == {"__typename": "RoleRevoked", "id": result["id"]}
    assert await grants_of(owner, world.county_a, member) == [("member", None)]
    [entry] = await audit_entries(owner, world.county_a, "role_revoked")
    assert entry.before["role"] == "convenor" and entry.after is None


async def test_bad_role_input_is_refused_and_changes_nothing(client, owner, world):
    member = world.account(world.county_a, Role.member)
    token = world.token(world.county_a, Role.office)
    other_sector = await first_sector(owner, world.county_b)
    other_committee = await first_committee(owner, world.county_b)
    other_venue = await make_venue(owner, world.county_b, "县B联络站")
    cases = [
        ({"role": "CONVENOR"}, [("sectorId", "界别召集人须指定所召集的界别")]),
        ({"role": "CONVENOR", "sectorId": str(other_sector)},
         [("sectorId", f"本单位没有该界别：{other_sector}")]),
        ({"role": "COMMITTEE", "sectorId": str(other_sector)},
         [("sectorId", "只有界别召集人角色需要指定界别"),
          ("committeeId", "专门委员会角色须指定所在的专门委员会")]),
        ({"role": "COMMITTEE", "committeeId": str(other_committee)},
         [("committeeId", f"本单位没有该专门委员会：{other_committee}")]),
        ({"role": "LEADERSHIP", "committeeId": str(other_committee)},
         [("committeeId", "只有专门委员会角色需要指定专门委员会")]),
        ({"role": "VENUE_STAFF"}, [("venueId", "请指定该工作人员所在的联络站或工作室")]),
        ({"role": "VENUE_STAFF", "venueId": str(other_venue.id)},
         [("venueId", f"本单位没有该联络站或工作室：{other_venue.id}")]),
        ({"role": "LEADERSHIP", "venueId": str(other_venue.id)},
         [("venueId", "只有联络站/工作室工作人员需要指定联络站或工作室")]),
        ({"role": "INTEGRATION"}, [("role", "外部系统使用接口密钥，不能分配给账号")]),
        ({"role": "MEMBER"}, [("role", "该账号已拥有此角色")]),
    ]
    for extra, expected in cases:
        body = await gql(client, ASSIGN, {"input": {"accountId": str(member.id), **extra}},
                         token=token)
        result = body["data"]["assignRole"]
        assert result["__typename"] == "ValidationErrors"
        assert [(e["field"], e["message"]) for e in result["errors"]] == expected
    assert await grants_of(owner, world.county_a, member) == [("member", None)]
    assert await audit_entries(owner, world.county_a, "role_assigned") == []


async def test_a_committee_account_is_assigned_its_committee(client, owner, world):
    account = world.account(world.county_a, Role.member)
    committee = await first_committee(owner, world.county_a)
    body = await gql(client, ASSIGN,
                     {"input": {"accountId": str(account.id), "role": "COMMITTEE",
                                "committeeId": str(committee)}},
                     token=world.token(world.county_a, Role.office))
    assert body["data"]["assignRole"]["__typename"] == "RoleAssignment", body
    assert await grants_of(owner, world.county_a, account) == [("committee", None),
                                                               ("member", None)]
    assigned = await owner.scalar(select(RoleAssignment.committee_id).where(
        RoleAssignment.tenant_id == world.county_a.id, RoleAssignment.account_id == account.id,
        RoleAssignment.role == Role.committee))
    assert assigned == committee


async def test_venue_staff_are_assigned_their_venues_one_assignment_each(client, owner, world):
    account = world.account(world.county_a, Role.member)
    east = await make_venue(owner, world.county_a, "城东委员联络站")
    west = await make_venue(owner, world.county_a, "城西委员联络站")
    token = world.token(world.county_a, Role.office)
    query = ASSIGN.replace("sector { name }", "venueId")
    for venue in (east, west):
        body = await gql(client, query, {"input": {"accountId": str(account.id),
                                                   "role": "VENUE_STAFF",
                                                   "venueId": str(venue.id)}}, token=token)
        result = body["data"]["assignRole"]
        assert (result["__typename"], result["venueId"]) == ("RoleAssignment", str(venue.id))
    body = await gql(client, query, {"input": {"accountId": str(account.id),
                                               "role": "VENUE_STAFF", "venueId": str(east.id)}},
                     token=token)
    assert body["data"]["assignRole"]["errors"] == [{"field": "role",
                                                     "message": "该账号已拥有此角色"}]
    await apply_scope(owner, TenantScope.only(world.county_a.id))
    venues = set(await owner.scalars(select(RoleAssignment.venue_id).where(
        RoleAssignment.tenant_id == world.county_a.id, RoleAssignment.account_id == account.id,
        RoleAssignment.role == Role.venue_staff)))
    assert venues == {east.id, west.id}


async def test_ids_of_other_tenants_and_garbage_ids_are_not_found(client, owner, world):
    token = world.token(world.county_a, Role.office)
    sibling_member = world.account(world.county_b, Role.member)
    for account_id in (str(sibling_member.id), str(uuid.uuid4()), "not-a-uuid"):
        body = await gql(client, ASSIGN, {"input": {"accountId": account_id,
                                                    "role": "COMMITTEE"}}, token=token)
        assert body["data"]["assignRole"] == {
            "__typename": "NotFoundError", "code": "NOT_FOUND", "id": account_id,
            "message": f"找不到账号：{account_id}"}
    assert await grants_of(owner, world.county_b, sibling_member) == [("member", None)]
    # Revoking the sibling's assignment: not found, and it stays.
    await apply_scope(owner, TenantScope.only(world.county_b.id))
    sibling_grant = await owner.scalar(select(RoleAssignment.id).where(
        RoleAssignment.tenant_id == world.county_b.id,
        RoleAssignment.account_id == sibling_member.id))
    body = await gql(client, REVOKE, {"id": str(sibling_grant)}, token=token)
    assert body["data"]["revokeRole"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert await grants_of(owner, world.county_b, sibling_member) == [("member", None)]


async def test_city_office_cannot_assign_roles_in_its_counties(client, owner, world):
    county_member = world.account(world.county_a, Role.member)
    body = await gql(client, ASSIGN, {"input": {"accountId": str(county_member.id),
                                                "role": "OFFICE"}},
                     token=world.token(world.city, Role.office))
    assert body["data"]["assignRole"]["__typename"] == "NotFoundError"
    assert await grants_of(owner, world.county_a, county_member) == [("member", None)]


async def test_role_assignments_list_paginates(client, owner, world):
    token = world.token(world.county_a, Role.office)
    query = """query($code: String!, $after: String) { tenant(code: $code) {
      roleAssignments(first: 3, after: $after) {
        nodes { role account { username } } pageInfo { hasNextPage endCursor } } } }"""
    seen, after, pages = [], None, 0
    while True:
        body = await gql(client, query, {"code": world.county_a.code, "after": after},
                         token=token)
        page = body["data"]["tenant"]["roleAssignments"]
        seen += [(n["role"], n["account"]["username"]) for n in page["nodes"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert sorted(seen) == sorted((r.value.upper(), r.value) for r in ACCOUNT_ROLES)
