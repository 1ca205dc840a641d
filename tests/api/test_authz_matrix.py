"""Each role × each relation to the target tenant: own, child county, sibling county, parent city.

City roles: chair, leadership and office read (never edit) their counties, committees their
counties' opinions — but never their accounts, role assignments or audit log, which only the
tenant itself reads (the database refuses it too); every other role sees its own tenant
only. Another tenant's ids answer not-found, never forbidden.
"""

import pytest
from sqlalchemy import func, select

from liaison.models import RoleAssignment
from liaison.models.account import ACCOUNT_ROLES, Role
from tests.builders import gql

READERS_OF_COUNTIES = {Role.chair, Role.leadership, Role.office, Role.committee}
ACCOUNT_READERS = {Role.chair, Role.leadership, Role.office}

QUERY = """
query($code: String!) {
  tenant(code: $code) { code accounts(first: 100) { nodes { username } } }
}"""

ASSIGN = """
mutation($id: ID!) {
  assignRole(input: {accountId: $id, role: LEADERSHIP}) { __typename }
}"""


def targets(world, holder):
    if holder is world.city:
        return {"own": world.city, "child": world.county_a}
    return {"own": world.county_a, "sibling": world.county_b, "parent": world.city}


def expected_read(role, relation):
    """What `tenant(code) { accounts }` answers: 'accounts', 'forbidden' or 'not-found'."""
    if relation == "own":
        return "accounts" if role in ACCOUNT_READERS else "forbidden"
    if relation == "child" and role in READERS_OF_COUNTIES:
        return "forbidden"  # the county is visible, its accounts are not
    return "not-found"


def expected_assign(role, relation):
    if relation != "own":
        return "NotFoundError"
    return "RoleAssignment" if role is Role.office else "ForbiddenError"


def summarise(body):
    tenant = body["data"]["tenant"] if body.get("data") else None
    if tenant is None:
        return "not-found"
    if tenant["accounts"] is None:
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        return "forbidden"
    assert len(tenant["accounts"]["nodes"]) == 7
    return "accounts"


async def count_assignments(owner, world):
    await owner.execute(select(func.set_config(
        "app.readable_tenants",
        ",".join(str(t.id) for t in (world.city, world.county_a, world.county_b)), True)))
    return await owner.scalar(select(func.count()).select_from(RoleAssignment).where(
        RoleAssignment.tenant_id.in_([world.city.id, world.county_a.id, world.county_b.id])))


@pytest.mark.parametrize("role", ACCOUNT_ROLES, ids=[r.value for r in ACCOUNT_ROLES])
@pytest.mark.parametrize("holder_name", ["city", "county"])
async def test_role_matrix(client, owner, world, role, holder_name):
    holder = world.city if holder_name == "city" else world.county_a
    token = world.token(holder, role)
    actual_read, actual_assign, expected_reads, expected_assigns = {}, {}, {}, {}
    for relation, target in targets(world, holder).items():
        body = await gql(client, QUERY, {"code": target.code}, token=token)
        actual_read[relation] = summarise(body)
        expected_reads[relation] = expected_read(role, relation)
        before = await count_assignments(owner, world)
        member = world.account(target, Role.member)
        result = await gql(client, ASSIGN, {"id": str(member.id)}, token=token)
        actual_assign[relation] = result["data"]["assignRole"]["__typename"]
        expected_assigns[relation] = expected_assign(role, relation)
        changed = await count_assignments(owner, world) - before
        assert changed == (1 if actual_assign[relation] == "RoleAssignment" else 0)
    assert actual_read == expected_reads
    assert actual_assign == expected_assigns


async def test_city_tenants_list_shows_the_city_and_its_counties_only(client, world, owner):
    from tests.builders import make_tenants

    other_city, *_ = await make_tenants(owner, counties=1)
    query = "{ tenants(first: 100) { nodes { code } } }"
    city_office = await gql(client, query, token=world.token(world.city, Role.office))
    city_member = await gql(client, query, token=world.token(world.city, Role.member))
    county_chair = await gql(client, query, token=world.token(world.county_a, Role.chair))
    codes = lambda body: [n["code"] for n in body["data"]["tenants"]["nodes"]]  # noqa: E731
    assert codes(city_office) == [world.city.code, world.county_a.code, world.county_b.code]
    assert other_city.code not in codes(city_office)
    assert codes(city_member) == [world.city.code]
    assert codes(county_chair) == [world.county_a.code]
