"""What the hot paths send to PostgreSQL, counted: the principal is one round trip for a
county account (scope, account, roles, the tenants below) and two for a city account that
reads its counties, whatever the roles; the answers are those of the old three statements.
The members page adds its two statements, and the tenant's the first time a process sees it."""

from contextlib import contextmanager

from sqlalchemy import event, text

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.db import raw
from liaison.models.account import Role
from tests.builders import gql


@contextmanager
def counted(database):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    def count_raw(statement, _arguments):
        statements.append(" ".join(statement.split()))

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    raw.observers.append(count_raw)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)
        raw.observers.remove(count_raw)


async def principal_of(database, account, version=None):
    async with database.sessions() as session:
        with counted(database) as statements:
            principal = await load_principal(session, TokenClaims(
                account.id, account.tenant_id,
                account.token_version if version is None else version))
        scope = (await session.execute(text(
            "SELECT current_setting('app.tenant_id'), current_setting('app.readable_tenants')"
        ))).one()
        await session.rollback()
    return principal, statements, scope


async def test_a_county_account_is_one_round_trip(database, world):
    county = world.county_a
    principal, statements, scope = await principal_of(database, world.account(county,
                                                                              Role.office))
    assert statements == ["SELECT * FROM liaison_principal($1, $2)"]
    assert principal.scope.readable == (county.id,)
    assert [g.role for g in principal.grants] == [Role.office]
    assert tuple(scope) == (str(county.id), str(county.id))


async def test_a_city_account_widens_its_scope_in_a_second(database, world):
    city = world.city
    principal, statements, scope = await principal_of(database, world.account(city, Role.office))
    assert len(statements) == 2
    assert set(principal.scope.readable) == {city.id, world.county_a.id, world.county_b.id}
    assert scope[0] == str(city.id)
    assert set(scope[1].split(",")) == {str(t) for t in principal.scope.readable}
    # A city member reads no county: one round trip, its own tenant only.
    member, statements, scope = await principal_of(database, world.account(city, Role.member))
    assert (len(statements), member.scope.readable, scope[1]) == (1, (city.id,), str(city.id))


async def test_a_revoked_token_has_no_principal(database, world):
    account = world.account(world.county_a, Role.office)
    principal, statements, _ = await principal_of(database, account,
                                                  (account.token_version or 0) + 1)
    assert (principal, len(statements)) == (None, 1)


PAGE = """query($code: String!, $first: Int!) { tenant(code: $code) { members(first: $first) {
  nodes { id name phone sector { name } pairings { startedOn constituent { name phone } } } } } }"""


async def test_the_members_page_is_two_statements_after_the_principal(client, database,
                                                                    roster):
    """The bench's page: the principal, the tenant, the members with their sector, the page's
    active pairings with their constituents — as many for 1 member as for 3."""
    w = roster.world
    expected = ["liaison_principal($1,", "tenant", "member", "pairing"]
    for first in (1, 3):
        with counted(database) as statements:
            body = await gql(client, PAGE, {"code": w.county_a.code, "first": first},
                             token=w.token(w.county_a, Role.office))
        assert len(body["data"]["tenant"]["members"]["nodes"]) == first
        assert [s.split(" FROM ")[1].split()[0] for s in statements] == expected
        expected = [s for s in expected if s != "tenant"]  # kept by the process from now on


LOG = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { id occurredOn } } }"""


async def test_log_contact_writes_the_contact_its_people_and_audit_in_one_statement(
        client, database, owner, roster):
    """The principal, then one statement: the member with who of the people were paired on
    that day, and the contact, its contact_constituent rows and the audit row (CTEs)."""
    w = roster.world
    zhang = roster.members["张伟"]
    people = [str(roster.pairings[n].constituent_id) for n in ("陈群众", "刘群众")]
    variables = {"input": {"memberId": str(zhang.id), "constituentIds": people,
                           "occurredAt": "2025-06-01T10:00:00", "method": "VISIT"}}
    token = w.token(w.county_a, Role.office)
    await gql(client, LOG, variables, token=token)  # the tenant is kept from now on
    with counted(database) as statements:
        body = await gql(client, LOG, variables, token=token)
    assert body["data"]["logContact"]["__typename"] == "Contact"
    assert [s.split()[0] for s in statements] == ["SELECT", "WITH"]
    assert "FROM member" in statements[1] and "FROM pairing" in statements[1]
    assert "INSERT INTO contact_constituent" in statements[-1]
    assert "INSERT INTO audit_log" in statements[-1]
    contact_id = body["data"]["logContact"]["id"]
    linked = (await owner.execute(text(
        "SELECT count(*) FROM contact_constituent WHERE contact_id = :c"),
        {"c": contact_id})).scalar()
    audited = (await owner.execute(text(
        "SELECT after->>'constituent_ids' FROM audit_log WHERE target_id = :c"
        " AND action = 'contact_logged'"), {"c": contact_id})).scalar()
    assert linked == 2
    assert audited == str(sorted(people)).replace("'", '"')
