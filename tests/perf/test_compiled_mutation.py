"""``logContact`` answered by a compiled plan (api/compiled_mutations.py) answers as the
resolver does — typed refusals included — writes exactly once, and keeps nothing when it is
refused or fails. Each document goes through both paths (as served, then with plans off);
the two bodies must be equal but for the new contact's id."""

import asyncio
import json
import uuid

import pytest
from sqlalchemy import func, select

from liaison.contacts import service
from liaison.errors import FieldProblem, ValidationFailed
from liaison.models import AuditEntry, Contact
from liaison.models.account import Role
from tests.builders import gql
from tests.perf.planned import both
from tests.readback import count

BENCH = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { id } ... on Error { code message } } }"""
WIDE = """mutation Log($input: ContactInput!) { logged: logContact(input: $input) {
  kind: __typename
  ... on Contact { __typename id occurredOn occurredAt method methodLabel serviceKinds
                   serviceKindLabels place content opinions remarks enteredByOffice }
  ... on ValidationErrors { code message errors { field message } }
  ... on NotFoundError { id } ... on Error { code } } }"""
# Left to graphql-core: an asynchronous field, two mutations, a named fragment, a directive.
MEMBER = """mutation($input: ContactInput!) { logContact(input: $input) {
  ... on Contact { member { name } } } }"""
TWICE = """mutation($input: ContactInput!, $other: ContactInput!) {
  a: logContact(input: $input) { __typename } b: logContact(input: $other) { __typename } }"""
FRAGMENT = """mutation($input: ContactInput!) { logContact(input: $input) { ...c } }
  fragment c on Contact { id }"""
DIRECTIVE = """mutation($input: ContactInput!, $p: Boolean!) { logContact(input: $input) {
  __typename @include(if: $p) } }"""


def contact(roster, member="张伟", people=("陈群众",), when="2025-03-10T10:00:00", **extra):
    return {"memberId": str(roster.members[member].id),
            "constituentIds": [str(roster.pairings[c].constituent_id) for c in people],
            "occurredAt": when, "method": "VISIT", **extra}


def without_id(body: dict) -> dict:
    result = dict(next(iter(body["data"].values())))
    if result.get("id") and (result.get("__typename") or result.get("kind")) == "Contact":
        result["id"] = "new"
    return result


async def written(owner, tenant) -> tuple[int, int]:
    audits = await owner.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.tenant_id == tenant.id, AuditEntry.action == "contact_logged"))
    return await count(owner, Contact, tenant), audits


async def test_logged_contacts_answer_as_the_resolver_does(client, owner, roster, paths):
    w = roster.world
    a = w.county_a
    cases = [(BENCH, w.token(a, Role.office), contact(roster)),
             (WIDE, w.token(a, Role.office), contact(
                 roster, member="李娜", people=("黄群众",), serviceKinds=["LEGAL_AID"],
                 place="八步区某社区", content="走访", opinions="希望增加养老服务")),
             (WIDE, w.token(a, Role.member), contact(roster, when="2025-01-01T07:00:00+08:00"))]
    for n, (query, token, values) in enumerate(cases, 1):
        served, general, planned = await both(client, paths, query, {"input": values}, token)
        assert planned, query[:40]
        assert "errors" not in served, served
        assert without_id(served) == without_id(general)
        assert await written(owner, a) == (2 * n, 2 * n)  # once a request, never twice
    wide = without_id(served)
    assert (wide["kind"], wide["occurredOn"], wide["methodLabel"], wide["enteredByOffice"]) == (
        "Contact", "2025-01-01", "走访", False)
    kept = await owner.get(Contact, (a.id, uuid.UUID(served["data"]["logged"]["id"])))
    assert (kept.place, kept.occurred_on.isoformat()) == (None, "2025-01-01")


async def test_refusals_are_typed_on_both_paths_and_keep_nothing(client, owner, roster, paths):
    w = roster.world
    a, b = w.county_a, w.county_b
    office = w.token(a, Role.office)
    cases = [
        (office, contact(roster, when="2099-01-01T10:00:00"), "ValidationErrors"),
        (office, contact(roster, people=("黄群众",)), "ValidationErrors"),  # 李娜's
        (office, contact(roster, place="地" * 201), "ValidationErrors"),
        (office, {**contact(roster), "memberId": "junk"}, "NotFoundError"),
        (office, {**contact(roster), "constituentIds": ["junk"]}, "NotFoundError"),
        (w.token(b, Role.office), contact(roster), "NotFoundError"),
        (w.token(a, Role.convenor), contact(roster), "ForbiddenError"),
        (w.token(a, Role.committee), contact(roster), "ForbiddenError"),
        (w.token(a, Role.chair), contact(roster), "ForbiddenError"),
        (w.token(w.city, Role.office), contact(roster), "NotFoundError"),
        (w.token(a, Role.member), contact(roster, member="李娜", people=("黄群众",)),
         "NotFoundError"),
    ]
    for token, values, kind in cases:
        served, general, planned = await both(client, paths, WIDE, {"input": values}, token)
        assert (served, planned) == (general, True), values
        assert served["data"]["logged"]["kind"] == kind, served
    assert (served["data"]["logged"]["code"], served["data"]["logged"]["id"]) == (
        "NOT_FOUND", str(roster.members["李娜"].id))
    assert await written(owner, a) == (0, 0)
    assert await written(owner, b) == (0, 0)


async def test_a_refusal_after_writing_rolls_the_request_back(client, owner, roster, paths,
                                                               monkeypatch):
    """The plan keeps the resolver's rule for a mutation alone in its operation: a typed
    refusal dooms the request, so whatever the call wrote is not kept."""
    w = roster.world
    a = w.county_a
    real = service.log_contact

    async def write_then_refuse(ctx, data, now=None):
        await real(ctx, data, now)
        raise ValidationFailed([FieldProblem("input", "拒绝")])

    monkeypatch.setattr(service, "log_contact", write_then_refuse)
    for _ in range(2):  # compiled on the first request, before strawberry's view on later ones
        served, general, planned = await both(client, paths, BENCH,
                                              {"input": contact(roster)}, w.token(a, Role.office))
        assert (served, planned) == (general, True)
        assert served["data"]["logContact"] == {"__typename": "ValidationErrors",
                                                "code": "VALIDATION", "message": "拒绝"}
    assert await written(owner, a) == (0, 0)


async def test_a_failure_after_the_call_began_is_never_run_again(client, owner, roster, paths,
                                                                 monkeypatch, caplog):
    """Once the service call has begun the plan answers whatever happens: the general path
    would run the mutation a second time in the same transaction."""
    w = roster.world
    a = w.county_a
    calls = []
    real = service.log_contact

    async def counted(ctx, data, now=None):
        calls.append(data.member_id)
        await real(ctx, data, now)  # written, then a result the type cannot be made from

    monkeypatch.setattr(service, "log_contact", counted)
    for expected_calls in (1, 2):
        before = paths.answered()
        body = await gql(client, BENCH, {"input": contact(roster)}, token=w.token(a, Role.office))
        assert paths.answered() - before == 1
        assert len(calls) == expected_calls
        assert body["data"] is None
        (error,) = body["errors"]
        assert (error["path"], error["extensions"]["code"]) == (["logContact"], "INTERNAL")
        assert error["message"].startswith("服务器内部错误")
    assert await written(owner, a) == (0, 0)
    assert "'NoneType' object has no attribute 'id'" in caplog.text


@pytest.mark.parametrize("query", [MEMBER, TWICE, FRAGMENT, DIRECTIVE])
async def test_what_a_plan_does_not_cover_is_left_to_graphql_core(client, owner, roster, paths,
                                                                  query):
    w = roster.world
    a = w.county_a
    values = contact(roster)
    variables = {"input": values, "other": contact(roster, member="李娜", people=("黄群众",)),
                 "p": True}
    served, general, planned = await both(client, paths, query, variables,
                                          w.token(a, Role.office))
    assert planned is False
    assert "errors" not in served, served
    assert served.keys() == general.keys()
    assert await written(owner, a) == ((4, 4) if query is TWICE else (2, 2))


async def test_input_and_login_errors_go_the_general_way(client, owner, roster, paths):
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    for variables, token, code in (
            ({"input": contact(roster)}, None, "UNAUTHENTICATED"),
            ({"input": {**contact(roster), "method": "NOPE"}}, office, "INVALID_INPUT"),
            ({"input": {**contact(roster), "occurredAt": "yesterday"}}, office,
             "INVALID_INPUT"),
            ({"input": contact(roster, content="走访\x00")}, office, "INVALID_INPUT")):
        served, general, planned = await both(client, paths, BENCH, variables, token)
        assert (served, planned) == (general, False)
        assert served["errors"][0]["extensions"]["code"] == code, served
    assert await written(owner, a) == (0, 0)


async def test_a_compiled_mutation_is_answered_before_strawberrys_view(client, owner, roster,
                                                                       fast_answers):
    """From the second request on; a GET carrying the same document in a JSON body is not
    (strawberry refuses a mutation over GET), nor a batch."""
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    answered = fast_answers
    variables = {"input": contact(roster)}
    first = await gql(client, BENCH, variables, token=office)
    second = await gql(client, BENCH, variables, token=office)
    assert (first["data"]["logContact"]["__typename"], second["data"]["logContact"]["__typename"],
            answered) == ("Contact", "Contact", [False, True])
    assert first["data"]["logContact"]["id"] != second["data"]["logContact"]["id"]
    headers = {"authorization": f"Bearer {office}", "content-type": "application/json"}
    got = await client.request("GET", "/graphql", headers=headers,
                               params={"query": BENCH, "variables": json.dumps(variables)},
                               content=json.dumps({"query": BENCH, "variables": variables}))
    assert got.status_code in (400, 405), got.text
    batch = await client.post("/graphql", json=[{"query": BENCH, "variables": variables}],
                              headers={"authorization": f"Bearer {office}"})
    assert batch.status_code == 400, batch.text
    assert answered == [False, True, False]  # the GET does not even take the lane
    assert await written(owner, a) == (2, 2)


async def test_a_cancelled_request_keeps_nothing_and_gives_its_connection_back(
        client, owner, roster, database, monkeypatch):
    """Cancelled inside a compiled mutation answered before strawberry's view (a server
    shutting down): the write is rolled back and the session closed."""
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    real = service.log_contact
    variables = {"input": contact(roster)}
    await gql(client, BENCH, variables, token=office)  # compiled; the next is answered fast

    async def cancelled(ctx, data, now=None):
        await real(ctx, data, now)
        raise asyncio.CancelledError

    monkeypatch.setattr(service, "log_contact", cancelled)
    with pytest.raises(asyncio.CancelledError) as cancelling:
        await client.post("/graphql", json={"query": BENCH, "variables": variables},
                          headers={"authorization": f"Bearer {office}"})
    # Given back by the request itself, not by the collector once its frames are gone.
    assert database.engine.pool.checkedout() == 0, cancelling.traceback[-1]
    assert await written(owner, a) == (1, 1)  # the first contact only
