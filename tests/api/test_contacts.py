"""Logging contacts: who may, what is refused, time zones, edits audited."""

from liaison.models import Contact
from liaison.models.account import Role
from tests.builders import gql
from tests.readback import audit_entries, count

LOG = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { id occurredOn method methodLabel serviceKindLabels enteredByOffice
                   constituents { name } member { name } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""


def contact_input(roster, member="张伟", constituents=("陈群众",), when="2025-03-10T10:00:00",
                  **extra):
    return {"memberId": str(roster.members[member].id),
            "constituentIds": [str(roster.pairings[c].constituent_id) for c in constituents],
            "occurredAt": when, "method": "VISIT", **extra}


async def test_a_member_logs_a_contact_and_the_office_logs_on_behalf(client, owner, roster):
    w = roster.world
    own = await gql(client, LOG, {"input": contact_input(
        roster, serviceKinds=["POLICY_CONSULTATION", "LEGAL_AID"], place="八步区某社区",
        opinions="希望增加社区养老服务")}, token=w.token(w.county_a, Role.member))
    result = own["data"]["logContact"]
    assert {k: v for k, v in result.items() if k != "id"} == {
        "__typename": "Contact", "occurredOn": "2025-03-10", "method": "VISIT",
        "methodLabel": "走访", "serviceKindLabels": ["法律援助", "政策咨询"],
        "enteredByOffice": False, "constituents": [{"name": "陈群众"}],
        "member": {"name": "张伟"}}
    on_behalf = await gql(client, LOG, {"input": contact_input(
        roster, member="李娜", constituents=("黄群众",))}, token=w.token(w.county_a, Role.office))
    assert on_behalf["data"]["logContact"]["enteredByOffice"] is True
    entries = await audit_entries(owner, w.county_a, "contact_logged")
    assert [(e.actor_id, e.after["opinions"]) for e in entries] == [
        (w.account(w.county_a, Role.member).id, "希望增加社区养老服务"),
        (w.account(w.county_a, Role.office).id, None)]


async def test_bad_contacts_are_refused_and_nothing_is_saved(client, owner, roster):
    w = roster.world
    token = w.token(w.county_a, Role.office)
    cases = [
        (contact_input(roster, when="2099-01-01T10:00:00"),
         [("occurredAt", "联系时间不能晚于现在")]),
        (contact_input(roster, constituents=()),
         [("constituentIds", "请选择至少一名结对联系对象")]),
        (contact_input(roster, when="2023-12-31T10:00:00"),   # the pairing began 2024-01-01
         [("constituentIds", "陈群众 在 2023-12-31 未与该委员结对")]),
        (contact_input(roster, constituents=("黄群众",)),     # 李娜's, not 张伟's: by id only
         [("constituentIds",
           f"{roster.pairings['黄群众'].constituent_id} 在 2025-03-10 未与该委员结对")]),
        (contact_input(roster, place="地" * 201), [("place", "地点不超过 200 个字符")]),
    ]
    for variables, expected in cases:
        body = await gql(client, LOG, {"input": variables}, token=token)
        result = body["data"]["logContact"]
        assert result["__typename"] == "ValidationErrors", variables
        assert [(e["field"], e["message"]) for e in result["errors"]] == expected
    assert await count(owner, Contact, w.county_a) == 0


async def test_local_dates_decide_the_day(client, roster):
    w = roster.world
    token = w.token(w.county_a, Role.office)
    for when, day in (("2025-01-01T07:00:00+08:00", "2025-01-01"),
                      ("2024-12-31T23:30:00Z", "2025-01-01"),       # 07:30 in Beijing
                      ("2025-03-31T23:59:00", "2025-03-31")):        # naive = Beijing time
        body = await gql(client, LOG, {"input": contact_input(roster, when=when)}, token=token)
        assert body["data"]["logContact"]["occurredOn"] == day, when


async def test_who_may_log_for_whom(client, owner, roster):
    w = roster.world

    async def log(tenant, role, member, constituent):
        body = await gql(client, LOG, {"input": contact_input(
            roster, member=member, constituents=(constituent,))}, token=w.token(tenant, role))
        return body["data"]["logContact"]["__typename"]

    assert await log(w.county_a, Role.member, "张伟", "陈群众") == "Contact"          # himself
    # Convenors read their sector's contacts; logging is the member's or the office's.
    assert await log(w.county_a, Role.convenor, "张伟", "陈群众") == "ForbiddenError"
    assert await log(w.county_a, Role.convenor, "李娜", "黄群众") == "NotFoundError"  # 工会
    assert await log(w.county_a, Role.member, "李娜", "黄群众") == "NotFoundError"
    assert await log(w.county_a, Role.committee, "张伟", "陈群众") == "ForbiddenError"
    assert await log(w.county_a, Role.chair, "张伟", "陈群众") == "ForbiddenError"
    assert await log(w.city, Role.office, "张伟", "陈群众") == "NotFoundError"
    assert await log(w.county_b, Role.office, "张伟", "陈群众") == "NotFoundError"
    assert await count(owner, Contact, w.county_a) == 1


async def test_editing_a_contact_is_audited(client, owner, roster):
    w = roster.world
    token = w.token(w.county_a, Role.member)
    created = await gql(client, LOG, {"input": contact_input(roster)}, token=token)
    contact_id = created["data"]["logContact"]["id"]
    update = """mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input)
      { __typename ... on Contact { method constituents { name } } ... on Error { code } } }"""
    body = await gql(client, update, {"id": contact_id, "input": contact_input(
        roster, constituents=("陈群众", "刘群众"), method="PHONE")}, token=token)
    assert body["data"]["updateContact"] == {
        "__typename": "Contact", "method": "PHONE",
        "constituents": sorted([{"name": "陈群众"}, {"name": "刘群众"}],
                               key=lambda c: str(roster.pairings[c["name"]].constituent_id))}
    [entry] = await audit_entries(owner, w.county_a, "contact_updated")
    assert entry.before["method"] == "visit" and entry.after["method"] == "phone"
    assert len(entry.after["constituent_ids"]) == 2
    other = await gql(client, update, {"id": contact_id, "input": contact_input(roster)},
                      token=w.token(w.county_b, Role.office))
    assert other["data"]["updateContact"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_member_contacts_by_year(client, roster):
    w = roster.world
    token = w.token(w.county_a, Role.office)
    for when in ("2024-06-01T10:00:00", "2025-02-01T10:00:00", "2025-05-01T10:00:00"):
        await gql(client, LOG, {"input": contact_input(roster, when=when)}, token=token)
    query = """query($id: ID!, $year: Int!) { member(id: $id) { contacts(year: $year) {
      occurredOn } } }"""
    body = await gql(client, query, {"id": str(roster.members["张伟"].id), "year": 2025},
                     token=token)
    assert body["data"]["member"]["contacts"] == [{"occurredOn": "2025-02-01"},
                                                  {"occurredOn": "2025-05-01"}]
