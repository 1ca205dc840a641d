"""Unexpected errors are masked with a request id; query limits; production hardening."""

import logging

import httpx

from liaison.accounts import service
from liaison.app import create_app
from liaison.models.account import Role
from liaison.settings import load_settings
from tests.builders import auth, gql
from tests.conftest import JWT_SECRET


async def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
        client, world, monkeypatch, caplog):
    async def broken(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(service, "access_account", broken)
    caplog.set_level(logging.ERROR, logger="liaison.api")
    response = await client.post("/graphql", json={"query": "{ me { permissions } }"},
                                 headers={**auth(world, world.county_a),
                                          "x-request-id": "req-123"})
    body = response.json()
    assert response.headers["x-request-id"] == "req-123"
    assert body["errors"] == [{
        "message": "服务器内部错误，请联系管理员（请求编号 req-123）",
        "locations": [{"line": 1, "column": 3}], "path": ["me"],
        "extensions": {"code": "INTERNAL", "requestId": "req-123"}}]
    assert "hunter2" not in response.text
    assert [r.getMessage() for r in caplog.records] == ["unexpected error (request req-123)"]
    assert "hunter2" in str(caplog.records[0].exc_info[1])


async def test_every_response_carries_a_request_id(client):
    response = await client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


async def test_depth_alias_and_token_limits(client, world):
    token = world.token(world.city, Role.office)
    deep = "{ me { account { tenant { children { parent { children { parent { children {" \
           " parent { children { parent { children { code } } } } } } } } } } } } }"
    body = await gql(client, deep, token=token)
    assert body["errors"][0]["message"] == "'anonymous' exceeds maximum operation depth of 10"
    aliases = "{ " + " ".join(f"a{i}: me {{ permissions }}" for i in range(31)) + " }"
    body = await gql(client, aliases, token=token)
    assert body["errors"][0]["message"] == "31 aliases found. Allowed: 30"
    tokens = "{ " + " ".join("__typename" for _ in range(2100)) + " }"
    body = await gql(client, tokens, token=token)
    assert body["errors"][0]["message"] == \
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."


async def test_graphql_syntax_errors_are_shown_as_they_are(client):
    body = await gql(client, "{ me { ")
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_production_turns_off_introspection_and_graphiql(database):
    settings = load_settings({"LIAISON_ENV": "production", "LIAISON_JWT_SECRET": JWT_SECRET})
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        body = (await c.post("/graphql", json={"query": "{ __schema { types { name } } }"})
                ).json()
        page = await c.get("/graphql", headers={"accept": "text/html"})
    assert body["errors"][0]["message"] == \
        "GraphQL introspection has been disabled, but the requested query contained the " \
        "field '__schema'."
    assert page.status_code == 404


async def test_development_serves_graphiql(client):
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_control_characters_are_refused_before_anything_runs(client, world, owner):
    login = await gql(client, """mutation($t: String!, $u: String!) { login(input: {
        tenantCode: $t, username: $u, password: "Whatever1!"}) { __typename } }""",
                      {"t": world.county_a.code, "u": "office\u0000"})
    lookup = await gql(client, "query($c: String!) { tenant(code: $c) { code } }",
                       {"c": "bad\u0000"}, token=world.token(world.city, Role.office))
    literal = await gql(client, '{ tenant(code: "bad\\u0001") { code } }',
                        token=world.token(world.city, Role.office))
    assert (login["data"], lookup["data"], literal["data"]) == (None, None, None)
    assert [(e["message"], e["extensions"]["code"]) for e in login["errors"]] == [
        ("username 含有不允许的控制字符（U+0000），未做任何修改", "INVALID_INPUT")]
    assert [(e["message"], e["extensions"]["code"]) for e in lookup["errors"]] == [
        ("code 含有不允许的控制字符（U+0000），未做任何修改", "INVALID_INPUT")]
    assert [(e["message"], e["extensions"]["code"]) for e in literal["errors"]] == [
        ("code 含有不允许的控制字符（U+0001），未做任何修改", "INVALID_INPUT")]
