"""``POST /graphql`` answered ahead of Litestar's routing (api/fast_lane.py): the same answer
and headers as Litestar's, the same request id, the same body limit; a request the lane does
not answer reaches Litestar whole, with its context (and principal) handed over; an error in
the lane answers 500 and keeps nothing."""

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from liaison import boundary
from liaison.api import compiled, fast_lane
from liaison.api.context import HANDED_OVER
from liaison.models.account import Role
from tests.builders import gql
from tests.perf.test_compiled_mutation import BENCH as LOG
from tests.perf.test_compiled_mutation import contact, written
from tests.perf.test_compiled_page import BENCH, FILTERED


async def test_the_lane_answers_with_litestars_body_and_headers(client, roster, fast_answers):
    w = roster.world
    a = w.county_a
    headers = {"authorization": f"Bearer {w.token(a, Role.office)}", "x-request-id": "req-1"}
    body = {"query": BENCH, "variables": {"code": a.code}}
    first = await client.post("/graphql", json=body, headers=headers)
    second = await client.post("/graphql", json=body, headers=headers)
    forged = await client.post("/graphql", json=body, headers={
        **headers, "x-request-id": "forged\xe9<script>".encode("latin-1")})
    assert fast_answers == [False, True, True]
    assert (first.status_code, second.status_code, first.content) == (200, 200, second.content)
    assert first.json()["data"]["tenant"]["members"]["nodes"][0]["name"] == "张伟"
    kept = {"content-type", "content-length", "x-request-id"}
    assert ({k: v for k, v in first.headers.items() if k in kept}
            == {k: v for k, v in second.headers.items() if k in kept}
            == {"content-type": "application/json", "x-request-id": "req-1",
                "content-length": str(len(first.content))})
    generated = forged.headers["x-request-id"]
    assert len(generated) == 32 and generated.isalnum(), generated


async def test_what_the_lane_does_not_take_goes_to_litestar_whole(client, roster, fast_answers):
    """A body over the limit (413, as ever), a chunked body without a length, a form, no
    bearer header: none is read by the lane, and each is answered as before."""
    w = roster.world
    a = w.county_a
    token = w.token(a, Role.office)
    auth = {"authorization": f"Bearer {token}"}
    body = json.dumps({"query": BENCH, "variables": {"code": a.code}}).encode()
    planned = await client.post("/graphql", content=body, headers={
        **auth, "content-type": "application/json"})
    assert fast_answers == [False]  # compiled now

    async def chunks():
        yield body[:10]
        yield body[10:]

    chunked = await client.post("/graphql", content=chunks(), headers={
        **auth, "content-type": "application/json"})
    assert "content-length" not in chunked.request.headers
    assert chunked.json() == planned.json()
    padded = body[:-1] + b', "x": "' + b" " * (64 * 1024) + b'"}'
    too_large = await client.post("/graphql", content=padded, headers={
        **auth, "content-type": "application/json"})
    assert too_large.status_code == 413
    anonymous = await client.post("/graphql", content=body, headers={
        "content-type": "application/json"})
    assert anonymous.json()["data"] == {"tenant": None}
    plain = await client.post("/graphql", content=body, headers={
        **auth, "content-type": "text/plain; x=application/json"})
    assert (plain.status_code, plain.text) == (400, "Unsupported content type")
    assert fast_answers == [False]  # none of them reached the lane's answer
    charset = await client.post("/graphql", content=body, headers={
        **auth, "content-type": "Application/JSON; charset=utf-8"})
    assert (charset.json(), fast_answers) == (planned.json(), [False, True])


async def test_a_plan_that_falls_back_hands_its_context_over(client, roster, fast_answers,
                                                            monkeypatch):
    """The lane loaded the principal before the plan fell back (a filter): strawberry answers
    in the same context and does not load the principal again."""
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    loads = []
    load = boundary.load_principal

    async def counted(session, claims):
        loads.append(claims)
        return await load(session, claims)

    monkeypatch.setattr(boundary, "load_principal", counted)
    first = await gql(client, FILTERED, {"code": a.code}, token=office)
    second = await gql(client, FILTERED, {"code": a.code}, token=office)
    assert (first, fast_answers, len(loads)) == (second, [False, False], 2)
    assert first["data"]["tenant"]["members"]["nodes"][0]["name"] == "张伟"


async def test_an_error_in_the_lane_answers_500_and_keeps_nothing(client, owner, roster,
                                                                 database, monkeypatch):
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    variables = {"input": contact(roster)}
    await gql(client, LOG, variables, token=office)  # compiled; the next takes the lane
    answer = compiled.answer

    async def broken(*args):
        await answer(*args)  # the contact is written, not yet committed, then:
        raise RuntimeError("a bug in the lane")

    monkeypatch.setattr(compiled, "answer", broken)
    response = await client.post("/graphql", json={"query": LOG, "variables": variables},
                                 headers={"authorization": f"Bearer {office}",
                                          "x-request-id": "req-500"})
    assert (response.status_code, response.headers["x-request-id"], response.json()) == (
        500, "req-500", {"status_code": 500, "detail": "Internal Server Error"})
    assert "bug" not in response.text
    assert database.engine.pool.checkedout() == 0
    assert await written(owner, a) == (1, 1)  # the first contact only


@pytest.mark.parametrize(("headers", "taken"), [
    ({}, True),
    ({b"content-length": b"9" * 5000}, False),  # no 500 from a number too long to parse
    ({b"content-length": b"65537"}, False),
    ({b"content-length": b"-1"}, False),
    ({b"content-length": b""}, False),
    ({b"content-type": b"text/plain"}, False),
    ({b"content-type": b"application/jsonp"}, False),
    ({b"authorization": b"Basic abc"}, False),
    ({b"authorization": b"bearer abc"}, True),
    ({b"accept": b"multipart/mixed"}, False),
    ({b"accept": b"text/event-stream"}, False),
])
def test_which_requests_the_lane_reads(headers, taken):
    given = {b"content-type": b"application/json", b"authorization": b"Bearer abc",
             b"content-length": b"20"} | headers
    scope = {"method": "POST", "path": "/graphql", "headers": list(given.items())}
    assert (fast_lane._headers(scope) is not None) is taken
    assert fast_lane._headers({**scope, "method": "GET"}) is None
    assert fast_lane._headers({**scope, "path": "/graphql/"}) is None


async def test_a_context_litestar_never_took_is_rolled_back_and_given_back(database):
    """The safety net after Litestar answered (``fast_lane.release``)."""
    session = database.session()
    await session.execute(text("SELECT 1"))
    assert database.engine.pool.checkedout() == 1
    left = SimpleNamespace(service=SimpleNamespace(
        session=session, origin=SimpleNamespace(request_id="req-left")))
    scope = {"state": {HANDED_OVER: left}}
    await fast_lane.release(scope)
    assert (scope["state"], database.engine.pool.checkedout()) == ({}, 0)
    await fast_lane.release(scope)  # nothing left: nothing to do
