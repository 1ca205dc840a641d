"""A typed error changes nothing (api/mutation.py): a mutation alone in its operation rolls the
request back; among several in one operation, the refused one is rolled back to its
savepoint and the others keep what they did."""

from sqlalchemy import text

from liaison.models.account import Role
from tests.builders import gql

SAVE = """{name}: saveOrganisationUnit(input: {{kind: SECTOR, name: "{value}"}}) {{ __typename
  ... on ValidationErrors {{ errors {{ field message }} }} }}"""


async def sectors_named(owner, tenant, *names) -> list[str]:
    rows = await owner.execute(text(
        "SELECT name FROM sector WHERE tenant_id = :t AND name = ANY(:n) ORDER BY name"),
        {"t": tenant.id, "n": list(names)})
    return [r.name for r in rows]


async def test_a_refused_mutation_alone_changes_nothing(client, owner, world):
    a = world.county_a
    token = world.token(a, Role.office)
    refused = await gql(client, "mutation { " + SAVE.format(name="a", value="") + " }",
                        token=token)
    assert refused["data"]["a"]["__typename"] == "ValidationErrors"
    ok = await gql(client, "mutation { " + SAVE.format(name="a", value="新阶层界") + " }",
                   token=token)
    assert ok["data"]["a"]["__typename"] == "Sector"
    assert await sectors_named(owner, a, "新阶层界") == ["新阶层界"]
    again = await gql(client, "mutation { " + SAVE.format(name="a", value="新阶层界") + " }",
                      token=token)
    assert again["data"]["a"]["errors"] == [{"field": "name", "message": "已有界别：新阶层界"}]
    assert await sectors_named(owner, a, "新阶层界") == ["新阶层界"]


async def test_among_several_only_the_refused_one_is_undone(client, owner, world):
    a = world.county_a
    operation = "mutation { " + " ".join([
        SAVE.format(name="first", value="甲界别"), SAVE.format(name="second", value=""),
        SAVE.format(name="third", value="乙界别")]) + " }"
    body = await gql(client, operation, token=world.token(a, Role.office))
    assert [body["data"][k]["__typename"] for k in ("first", "second", "third")] == [
        "Sector", "ValidationErrors", "Sector"]
    assert await sectors_named(owner, a, "甲界别", "乙界别") == ["乙界别", "甲界别"]
