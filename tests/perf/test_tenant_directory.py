"""Tenants by code kept per process (tenancy/directory.py): a kept tenant never answers a
caller who may not see it; a change to the directory, made by any connection, is seen by the
next request after its commit and not before; junk codes are not kept."""

from sqlalchemy import text

from liaison.models.account import Role
from liaison.tenancy.directory import DIRECTORY
from tests.builders import gql
from tests.perf.test_round_trips import counted

NAME = "query($c: String!) { tenant(code: $c) { name } }"


async def name_of(client, token, code):
    found = (await gql(client, NAME, {"c": code}, token=token))["data"]["tenant"]
    return None if found is None else found["name"]


async def test_a_kept_tenant_is_still_decided_per_caller(client, database, world):
    a, b = world.county_a, world.county_b
    city = world.token(world.city, Role.office)
    assert await name_of(client, city, b.code) == b.name
    assert await name_of(client, world.token(a, Role.office), a.code) == a.name
    assert {a.code, b.code} <= DIRECTORY.by_code.keys()
    with counted(database) as statements:
        assert await name_of(client, world.token(a, Role.office), b.code) is None
        assert await name_of(client, world.token(a, Role.office), a.code) == a.name
        assert await name_of(client, city, b.code) == b.name
    assert not any(" FROM tenant " in s for s in statements)  # all three from the directory
    assert await name_of(client, city, "no-such-tenant") is None
    assert "no-such-tenant" not in DIRECTORY.by_code


async def test_a_change_is_seen_after_its_commit_whoever_made_it(client, owner, world):
    b = world.county_b
    city = world.token(world.city, Role.office)
    assert await name_of(client, city, b.code) == b.name
    await owner.execute(text("UPDATE tenant SET name = '改名后的县政协' WHERE id = :id"),
                        {"id": b.id})
    assert await name_of(client, city, b.code) == b.name  # not committed yet
    await owner.commit()
    assert await name_of(client, city, b.code) == "改名后的县政协"
    await owner.execute(text("UPDATE tenant SET name = :n WHERE id = :id"),
                        {"n": b.name, "id": b.id})
    await owner.commit()
    assert await name_of(client, city, b.code) == b.name


LOG = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { occurredOn } } }"""


async def test_a_contact_reads_the_shared_tenant_as_of_its_principal(client, owner, roster):
    """``logContact`` reads its tenant's columns from the process's own copy (not merged into
    the session): a change to the tenant's time zone decides the next contact's day."""
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    variables = {"input": {"memberId": str(roster.members["张伟"].id),
                           "constituentIds": [str(roster.pairings["陈群众"].constituent_id)],
                           "occurredAt": "2024-12-31T23:30:00Z", "method": "VISIT"}}

    async def day():
        body = await gql(client, LOG, variables, token=office)
        return body["data"]["logContact"]["occurredOn"]

    assert [await day(), await day()] == ["2025-01-01", "2025-01-01"]  # 07:30 in Beijing
    kept = DIRECTORY.by_id[a.id]
    await owner.execute(text("UPDATE tenant SET timezone = 'UTC' WHERE id = :id"), {"id": a.id})
    await owner.commit()
    assert await day() == "2024-12-31"
    assert DIRECTORY.by_id[a.id] is not kept and DIRECTORY.by_id[a.id].timezone == "UTC"
    assert kept.timezone == "Asia/Shanghai"  # a copy is never changed, only dropped
