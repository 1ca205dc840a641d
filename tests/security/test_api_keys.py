"""Integration keys: shown once, stored hashed, revoked at once, audited at every use, and
good for nothing but reading opinions and recording what became of them."""

import hashlib
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from liaison.accounts import api_keys
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.authz.principal import Grant, Principal
from liaison.models import ApiKey, Opinion, RateLimit
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.security.ratelimit import Limit
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import bearer, gql
from tests.readback import audit_entries, count

CREATE = """mutation($n: String!) { createApiKey(name: $n) { __typename
  ... on ApiKeyCreated { secret key { id name hint revokedAt lastUsedAt } }
  ... on ValidationErrors { errors { field message } } ... on Error { code message } } }"""
REVOKE = """mutation($id: ID!) { revokeApiKey(id: $id) { __typename
  ... on ApiKey { id name revokedAt } ... on Error { code message } } }"""
LIST = """query($c: String!) { tenant(code: $c) {
  apiKeys { nodes { id name hint createdAt revokedAt lastUsedAt } } } }"""
HANDLING = """query($c: String!) { tenant(code: $c) {
  opinions(state: HANDLING) { nodes { id title } } } }"""
OPINION = """__typename ... on Opinion { id state outcome { kind proposalNumber }
  reply { replyFrom text } } ... on Error { code message }"""
OUTCOME = """mutation($id: ID!) { recordOpinionOutcome(input: {id: $id, kind: PROPOSAL,
  on: "2025-04-01", proposalNumber: "2025-017", title: "修缮村道的提案"}) { """ + OPINION + " } }"
REPLY = """mutation($id: ID!) { replyToOpinion(id: $id, replyFrom: "县交通运输局",
  repliedOn: "2025-05-10", text: "已列入今年计划") { """ + OPINION + " } }"
CODE = "query($c: String!) { tenant(code: $c) { code } }"


async def make_key(client, world, tenant, name="提案系统") -> tuple[str, str]:
    body = await gql(client, CREATE, {"n": name}, token=world.token(tenant, Role.office))
    made = body["data"]["createApiKey"]
    assert made["__typename"] == "ApiKeyCreated", body
    return made["key"]["id"], made["secret"]


async def as_key(client, secret, query, variables=None) -> dict:
    return await gql(client, query, variables, headers=bearer(secret))


async def handling_opinion(client, world, tenant, title) -> str:
    """An opinion of ``tenant`` registered and assigned (HANDLING) by its office."""
    office = world.token(tenant, Role.office)
    cats = await gql(client, "query($c: String!) { tenant(code: $c) { opinionCategories { id } } }",
                     {"c": tenant.code}, token=office)
    body = await gql(client, """mutation($i: RegisterOpinionInput!) { registerOpinion(input: $i)
        { ... on Opinion { id } } }""", {"i": {
        "title": title, "content": f"{title}的具体情况", "raisedOn": "2025-03-01",
        "unnamedCount": 2, "categoryId": cats["data"]["tenant"]["opinionCategories"][0]["id"]}},
        token=office)
    oid = body["data"]["registerOpinion"]["id"]
    body = await gql(client, "mutation($id: ID!) { assignOpinion(id: $id) { __typename } }",
                     {"id": oid}, token=office)
    assert body["data"]["assignOpinion"]["__typename"] == "Opinion", body
    return oid


async def invalid_token_body(client, query, variables) -> dict:
    """What a malformed login token answers today: every unusable key must answer the same."""
    return await gql(client, query, variables, token="not.a.token")


async def test_a_key_is_shown_once_and_stored_hashed(client, owner, world):
    a = world.county_a
    key_id, secret = await make_key(client, world, a)
    assert re.fullmatch(rf"lk_{a.id.hex}_{uuid.UUID(key_id).hex}_[A-Za-z0-9_-]{{43}}", secret)
    listed = await gql(client, LIST, {"c": a.code}, token=world.token(a, Role.office))
    assert listed["data"]["tenant"]["apiKeys"]["nodes"] == [{
        "id": key_id, "name": "提案系统", "hint": secret[-4:], "revokedAt": None,
        "lastUsedAt": None, "createdAt": listed["data"]["tenant"]["apiKeys"]["nodes"][0]
        ["createdAt"]}]
    assert secret not in str(listed) and secret[-43:] not in str(listed)
    await apply_scope(owner, TenantScope.only(a.id))
    row = (await owner.execute(select(ApiKey.__table__).where(ApiKey.tenant_id == a.id))).one()
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not [v for v in row if secret[-43:] in str(v)]
    [entry] = await audit_entries(owner, a)
    assert (entry.action, entry.actor_id, entry.target_id, entry.after) == (
        "api_key_created", world.account(a, Role.office).id, key_id,
        {"name": "提案系统", "hint": secret[-4:]})


async def test_a_key_reads_its_opinions_and_records_outcome_and_reply(client, owner, world):
    a, b = world.county_a, world.county_b
    oid = await handling_opinion(client, world, a, "修缮村道")
    await handling_opinion(client, world, b, "路灯不亮")
    key_id, secret = await make_key(client, world, a)
    body = await as_key(client, secret, HANDLING, {"c": a.code})
    assert body == {"data": {"tenant": {"opinions": {"nodes": [{"id": oid, "title": "修缮村道"}]}}}}
    recorded = (await as_key(client, secret, OUTCOME, {"id": oid}))["data"]
    assert recorded["recordOpinionOutcome"] == {
        "__typename": "Opinion", "id": oid, "state": "DISPOSED", "reply": None,
        "outcome": {"kind": "PROPOSAL", "proposalNumber": "2025-017"}}
    replied = (await as_key(client, secret, REPLY, {"id": oid}))["data"]["replyToOpinion"]
    assert (replied["state"], replied["reply"]) == (
        "REPLIED", {"replyFrom": "县交通运输局", "text": "已列入今年计划"})
    history = await as_key(client, secret, """query($c: String!) { tenant(code: $c) {
        opinions { nodes { history { actorName toState } } } } }""", {"c": a.code})
    assert history["data"]["tenant"]["opinions"]["nodes"][0]["history"][-2:] == [
        {"actorName": "接口密钥：提案系统", "toState": "DISPOSED"},
        {"actorName": "接口密钥：提案系统", "toState": "REPLIED"}]
    decisions = await as_key(client, secret, """query($c: String!) { tenant(code: $c) {
        majorDecisions { title } } }""", {"c": a.code})
    assert [e["extensions"]["code"] for e in decisions["errors"]] == ["FORBIDDEN"]
    moves = await audit_entries(owner, a)
    assert [(e.action, e.actor_id) for e in moves if e.action.startswith("opinion_record")
            or e.action == "opinion_reply"] == [("opinion_record_outcome", uuid.UUID(key_id)),
                                                ("opinion_reply", uuid.UUID(key_id))]


async def test_a_key_of_one_tenant_sees_nothing_of_another(client, world):
    a, b = world.county_a, world.county_b
    other = await handling_opinion(client, world, b, "路灯不亮")
    _, secret = await make_key(client, world, a)
    for tenant in (b, world.city):
        assert await as_key(client, secret, CODE, {"c": tenant.code}) == {
            "data": {"tenant": None}}
    body = await as_key(client, secret, OUTCOME, {"id": other})
    assert body["data"]["recordOpinionOutcome"] == {
        "__typename": "NotFoundError", "code": "NOT_FOUND", "message": f"找不到意见建议：{other}"}


async def test_a_revoked_key_stops_working_at_once(client, owner, world):
    a = world.county_a
    office = world.token(a, Role.office)
    key_id, secret = await make_key(client, world, a)
    assert await as_key(client, secret, CODE, {"c": a.code}) == {
        "data": {"tenant": {"code": a.code}}}
    revoked = (await gql(client, REVOKE, {"id": key_id}, token=office))["data"]["revokeApiKey"]
    assert (revoked["__typename"], revoked["id"]) == ("ApiKey", key_id) and revoked["revokedAt"]
    assert await as_key(client, secret, CODE, {"c": a.code}) == await invalid_token_body(
        client, CODE, {"c": a.code})
    again = (await gql(client, REVOKE, {"id": key_id}, token=office))["data"]["revokeApiKey"]
    assert again == revoked  # idempotent: the first revocation stands, nothing is written
    assert [(e.action, e.detail) for e in await audit_entries(owner, a)] == [
        ("api_key_created", None), ("api_key_used", {"name": "提案系统"}),
        ("api_key_revoked", None), ("api_key_refused", {"reason": "revoked"})]


async def test_unusable_keys_answer_as_an_invalid_token_does(client, app, owner, world):
    a = world.county_a
    key_id, secret = await make_key(client, world, a)
    head, tail = secret[:-44], secret[-43:]  # the secret itself may hold "_"
    expected = await invalid_token_body(client, CODE, {"c": a.code})
    assert expected["errors"][0]["extensions"] == {"code": "TOKEN_INVALID"}
    for bad in ["lk_", "lk_x", secret[:-1], secret + "A", secret.upper(), "lk_" + "a" * 20_000,
                f"{head}_{'A' * 43}", f"lk_{a.id.hex}_{uuid.uuid4().hex}_{tail}",
                f"lk_{uuid.uuid4().hex}_{key_id.replace('-', '')}_{tail}",
                secret[:-2] + "\x01A", secret.replace("_", "\x00", 1), secret + "\x7f"]:
        assert await as_key(client, bad, CODE, {"c": a.code}) == expected, bad
        response = await client.get("/files/exports/members.xlsx", headers=bearer(bad))
        assert (response.status_code, response.json()["code"]) == (401, "TOKEN_INVALID")
    # Only the wrong secret of a real key is on record (asked of /graphql and of /files).
    assert [(e.action, e.detail) for e in await audit_entries(owner, a)] == [
        ("api_key_created", None)] + [("api_key_refused", {"reason": "wrong_secret"})] * 2


async def test_each_use_writes_one_audit_row_even_when_the_request_fails(client, owner, world,
                                                                        source_addr):
    a = world.county_a
    key_id, secret = await make_key(client, world, a)
    await as_key(client, secret, CODE, {"c": a.code})
    failed = await as_key(client, secret, "query($c: String!) { tenant(code: $c) { code "
                          "members { nodes { name } } } }", {"c": a.code})
    assert [e["extensions"]["code"] for e in failed["errors"]] == ["FORBIDDEN"]
    await as_key(client, secret, OUTCOME, {"id": str(uuid.uuid4())})
    used = await audit_entries(owner, a, "api_key_used")
    assert [(e.actor_id, e.target_type, e.target_id, e.source_addr) for e in used] == [
        (uuid.UUID(key_id), "api_key", key_id, source_addr)] * 3
    assert len({e.request_id for e in used}) == 3
    listed = await gql(client, LIST, {"c": a.code}, token=world.token(a, Role.office))
    assert listed["data"]["tenant"]["apiKeys"]["nodes"][0]["lastUsedAt"] is not None
    # A key is limited per key, not as an anonymous caller of its address.
    assert await owner.get(RateLimit, f"anon:addr:{source_addr}") is None
    assert await owner.get(RateLimit, f"apikey:key:{uuid.UUID(key_id).hex}") is not None


async def test_uses_past_the_limit_of_a_key_are_refused(client, owner, world, monkeypatch):
    monkeypatch.setattr(api_keys, "USES_PER_KEY", Limit("apikey:key", 2, timedelta(minutes=1)))
    a = world.county_a
    _, secret = await make_key(client, world, a)
    for _ in range(2):
        assert "errors" not in await as_key(client, secret, CODE, {"c": a.code})
    body = await as_key(client, secret, CODE, {"c": a.code})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["RATE_LIMITED"]
    assert len(await audit_entries(owner, a, "api_key_used")) == 2


async def test_only_the_office_of_the_tenant_manages_its_keys(client, owner, world):
    a = world.county_a
    key_id, _ = await make_key(client, world, a)
    for role in ACCOUNT_ROLES:
        if role is Role.office:
            continue
        token = world.token(a, role)
        made = (await gql(client, CREATE, {"n": "社情民意系统"}, token=token))["data"]
        assert made["createApiKey"] == {"__typename": "ForbiddenError", "code": "FORBIDDEN",
                                        "message": "只有本级委员联络办可以创建接口密钥"}, role
        listed = await gql(client, LIST, {"c": a.code}, token=token)
        assert (listed["data"]["tenant"]["apiKeys"], listed["errors"][0]["message"]) == (
            None, "只有本级委员联络办可以查看接口密钥"), role
        revoked = (await gql(client, REVOKE, {"id": key_id}, token=token))["data"]
        assert revoked["revokeApiKey"]["code"] == "FORBIDDEN", role
    city = world.token(world.city, Role.office)
    listed = await gql(client, LIST, {"c": a.code}, token=city)
    assert [e["extensions"]["code"] for e in listed["errors"]] == ["FORBIDDEN"]
    for office in (city, world.token(world.county_b, Role.office)):
        revoked = (await gql(client, REVOKE, {"id": key_id}, token=office))["data"]
        assert revoked["revokeApiKey"] == {"__typename": "NotFoundError", "code": "NOT_FOUND",
                                           "message": f"找不到接口密钥：{key_id}"}
    assert await count(owner, ApiKey, a) == 1
    assert [e.action for e in await audit_entries(owner, a)] == ["api_key_created"]


async def test_key_names_are_required_short_and_unique(client, owner, world):
    a = world.county_a
    await make_key(client, world, a)
    office = world.token(a, Role.office)
    for name, message in [("  ", "请填写密钥名称"), ("长" * 41, "密钥名称不超过 40 个字符"),
                          (" 提案系统 ", "已有同名的接口密钥（含已撤销的）：提案系统")]:
        body = (await gql(client, CREATE, {"n": name}, token=office))["data"]["createApiKey"]
        assert body["errors"] == [{"field": "name", "message": message}]
    await make_key(client, world, world.county_b)  # another tenant may use the same name
    assert await count(owner, ApiKey, a) == 1


async def test_a_key_is_refused_everything_else(client, owner, world):
    a = world.county_a
    oid = await handling_opinion(client, world, a, "修缮村道")
    _, secret = await make_key(client, world, a)
    member = str(world.account(a, Role.member).id)
    for field in ("members { nodes { name } }", "accounts { nodes { username } }",
                  "roleAssignments { nodes { id } }", "apiKeys { nodes { id } }",
                  "sectors { name }", "terms { name }", "liaisonSettings { minPairings }"):
        query = f"query($c: String!) {{ tenant(code: $c) {{ {field} }} }}"
        body = await as_key(client, secret, query, {"c": a.code})
        assert [e["extensions"]["code"] for e in body.get("errors", [])] == ["FORBIDDEN"], body
    for mutation, variables in [
            (CREATE, {"n": "另一个"}),
            ("mutation($id: ID!) { assignRole(input: {accountId: $id, role: OFFICE}) {"
             " ... on Error { code } } }", {"id": member}),
            ("mutation($id: ID!) { assignOpinion(id: $id) { ... on Error { code } } }",
             {"id": oid}),
            ("mutation($id: ID!) { closeOpinion(id: $id) { ... on Error { code } } }",
             {"id": oid})]:
        body = await as_key(client, secret, mutation, variables)
        assert next(iter(body["data"].values()))["code"] == "FORBIDDEN", mutation
    me = await as_key(client, secret, "{ me { account { id } } }")
    assert [e["extensions"]["code"] for e in me["errors"]] == ["NOT_FOUND"]  # not an account
    response = await client.get("/files/exports/members.xlsx", headers=bearer(secret))
    assert response.status_code == 403
    assert await count(owner, ApiKey, a) == 1
    await apply_scope(owner, TenantScope.only(a.id))
    assert (await owner.get(Opinion, (a.id, uuid.UUID(oid)))).state == "handling"


@pytest.mark.parametrize("act", list(Act), ids=[a.value for a in Act])
async def test_the_integration_role_has_every_opinion_of_its_own_tenant_only(world, act):
    a, city = world.county_a, world.city
    key = Principal(account_id=uuid.uuid4(), tenant_id=a.id, tenant_path=a.path,
                    grants=(Grant(Role.integration),), readable=(a.id,))
    own = policies.opinion_scope(key, a, act)
    assert own == policies.OpinionScope(everyone=act in (Act.read, Act.record))
    on_city = Principal(key.account_id, city.id, city.path, key.grants, (city.id,))
    assert policies.opinion_scope(on_city, a, act) == policies.OpinionScope()
    assert not policies.can_manage_api_keys(key, a)


async def test_a_wrong_secret_in_a_loop_is_slowed_and_audited_at_most_to_the_limit(
        client, owner, world, monkeypatch):
    monkeypatch.setattr(api_keys, "USES_PER_KEY", Limit("apikey:key", 2, timedelta(minutes=1)))
    a = world.county_a
    _, secret = await make_key(client, world, a)
    wrong = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    answers = [await as_key(client, wrong, CODE, {"c": a.code}) for _ in range(5)]
    assert [b["errors"][0]["extensions"]["code"] for b in answers] == (
        ["TOKEN_INVALID"] * 2 + ["RATE_LIMITED"] * 3)
    assert len(await audit_entries(owner, a, "api_key_refused")) == 2
