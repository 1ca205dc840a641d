"""What the API must not give away: an ended pairing's phone, a stranger's name, the schema's
field names in production, and a caller's markup in the request id."""

import re
from datetime import date, datetime

import httpx

from liaison.app import create_app
from liaison.models import Constituent, Pairing
from liaison.models.account import Role
from liaison.settings import load_settings
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, PASSWORD, auth, gql, make_contact
from tests.conftest import JWT_SECRET
from tests.readback import audit_entries
from tests.workbooks import read_workbook

LOG = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
LOGIN = """mutation($t: String!, $u: String!, $p: String!) {
  login(input: {tenantCode: $t, username: $u, password: $p}) { __typename } }"""
MISSPELT = "{ me { acount { username } } }"


async def set_phone(owner, pairing, phone):
    await apply_scope(owner, TenantScope.only(pairing.tenant_id))
    row = await owner.get(Constituent, (pairing.tenant_id, pairing.constituent_id))
    row.phone = phone
    await owner.commit()


async def test_form2_masks_the_phone_of_an_ended_pairing_for_the_member(client, owner, roster):
    # Replays: 张伟 ended his pairing with 刘群众, then downloaded his year's Form 2 and read
    # 刘群众's phone in clear (form2 cleared every phone for the member, ended or not, where
    # GraphQL masks it once the pairing ends).
    w = roster.world
    await set_phone(owner, roster.pairings["陈群众"], "13900002222")
    await set_phone(owner, roster.pairings["刘群众"], "13900001111")
    await make_contact(owner, roster.pairings["陈群众"], datetime(2025, 3, 10, 10, tzinfo=BEIJING))
    await make_contact(owner, roster.pairings["刘群众"], datetime(2025, 3, 12, 10, tzinfo=BEIJING))
    await make_contact(owner, roster.pairings["周群众"], datetime(2025, 3, 12, 10, tzinfo=BEIJING))
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    ended = await owner.get(Pairing, (w.county_a.id, roster.pairings["刘群众"].id))
    ended.ended_on, ended.end_reason = date(2025, 6, 30), "调整结对"
    await owner.commit()
    url = f"/files/forms/form2.xlsx?member={roster.members['张伟'].id}&year=2025"
    response = await client.get(url, headers=auth(w, w.county_a, Role.member))
    assert response.status_code == 200
    book = read_workbook(response.content)
    assert book.sheetnames == ["张伟-陈群众", "张伟-刘群众"]
    assert book["张伟-陈群众"]["F5"].value == "13900002222"     # still paired: clear
    assert book["张伟-刘群众"]["F5"].value == "139****1111"     # ended: masked
    office = await client.get(url, headers=auth(w, w.county_a, Role.office))
    assert read_workbook(office.content)["张伟-刘群众"]["F5"].value == "13900001111"
    other = await client.get(url, headers=auth(w, w.county_b, Role.office))
    assert other.status_code == 404                            # another tenant: not found


async def test_log_contact_does_not_name_a_constituent_never_paired_with_the_member(
        client, owner, roster):
    # Replays: a member sent logContact with ids of constituents paired with other members
    # and read each one's name in the validation message, enumerating the tenant's people.
    w = roster.world
    stranger = roster.pairings["黄群众"].constituent_id        # 李娜's, same tenant
    elsewhere = roster.pairings["周群众"].constituent_id       # county B's
    for cid, name in ((stranger, "黄群众"), (elsewhere, "周群众")):
        body = await gql(client, LOG, {"input": {
            "memberId": str(roster.members["张伟"].id), "constituentIds": [str(cid)],
            "occurredAt": "2025-03-10T10:00:00", "method": "VISIT"}},
            token=w.token(w.county_a, Role.member))
        result = body["data"]["logContact"]
        assert result == {"__typename": "ValidationErrors", "code": "VALIDATION", "errors": [
            {"field": "constituentIds", "message": f"{cid} 在 2025-03-10 未与该委员结对"}]}
        assert name not in str(body)
    # His own constituent, outside the pairing's dates, is still named.
    body = await gql(client, LOG, {"input": {
        "memberId": str(roster.members["张伟"].id),
        "constituentIds": [str(roster.pairings["陈群众"].constituent_id)],
        "occurredAt": "2023-12-31T10:00:00", "method": "VISIT"}},
        token=w.token(w.county_a, Role.member))
    assert body["data"]["logContact"]["errors"] == [
        {"field": "constituentIds", "message": "陈群众 在 2023-12-31 未与该委员结对"}]


async def test_production_validation_errors_carry_no_field_suggestions(database, client,
                                                                       source_addr):
    # Replays: a stranger probed misspelt fields and read the real field names back from
    # graphql-core's "Did you mean ...?" hints (introspection off, the schema leaked anyway).
    settings = load_settings({"LIAISON_ENV": "production", "LIAISON_JWT_SECRET": JWT_SECRET})
    transport = httpx.ASGITransport(app=create_app(settings, database),
                                    client=(source_addr, 40001))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        production = await gql(c, MISSPELT)
    development = await gql(client, MISSPELT)
    assert production["data"] is None and development["data"] is None
    [prod], [dev] = production["errors"], development["errors"]
    assert prod["message"] == "Cannot query field 'acount' on type 'Me'."
    assert dev["message"] == "Cannot query field 'acount' on type 'Me'. " \
                             "Did you mean 'account'?"
    assert "Did you mean" not in str(production)
    assert (prod["extensions"]["code"], dev["extensions"]["code"]) == ("INVALID_INPUT",
                                                                       "INVALID_INPUT")


async def login_ids(owner, tenant):
    return [e.request_id for e in await audit_entries(owner, tenant, "login_succeeded")]


async def test_a_forged_request_id_is_replaced_not_echoed_or_audited(client, owner, world):
    # Replays: X-Request-ID "forged-id-<script>" was printable, so it was echoed in the
    # response header and written into the audit log and logs as the caller sent it.
    forged = await client.post("/graphql", json={"query": LOGIN, "variables": {
        "t": world.county_a.code, "u": "office", "p": PASSWORD}},
        headers={"x-request-id": "forged-id-<script>"})
    assert forged.json()["data"]["login"]["__typename"] == "LoginSuccess"
    generated = forged.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    kept = await client.post("/graphql", json={"query": LOGIN, "variables": {
        "t": world.county_b.code, "u": "office", "p": PASSWORD}},
        headers={"x-request-id": "req-123"})
    assert kept.json()["data"]["login"]["__typename"] == "LoginSuccess"
    assert kept.headers["x-request-id"] == "req-123"
    assert await login_ids(owner, world.county_a) == [generated]
    assert await login_ids(owner, world.county_b) == ["req-123"]
