"""Opinions beyond the plain chain: merging, members registering and feeding back, contacts
turned into opinions, committees handing back, adoption, the city's guidance notes."""

import pytest
from sqlalchemy import func, select

from liaison.models import Opinion, OpinionNote, OpinionPerson
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.api.test_opinions import (
    FEEDBACK,
    REPLY,
    assign,
    call,
    category,
    committee_of_a,  # noqa: F401 (fixture)
    proposal,
    register,
)
from tests.builders import gql
from tests.readback import audit_entries, count

DETAIL = """query($c: String!) { tenant(code: $c) { opinions { nodes { title state
  committeeId mergedIntoId nextAction outcome { proposalNumber adoptedOn instruction }
  people { unnamedCount constituent { name phone } } merged { title }
  notes { authorName text } history { toState note } } } } }"""
MERGE = """($lead: ID!, $others: [ID!]!) { mergeOpinions(leadId: $lead, otherIds: $others,
    note: "同一村道") {"""


async def nodes(client, tenant, token) -> dict:
    body = await gql(client, DETAIL, {"c": tenant.code}, token=token)
    assert "errors" not in body, body
    return {n["title"]: n for n in body["data"]["tenant"]["opinions"]["nodes"]}


async def test_merged_opinions_share_the_outcome_and_keep_their_own_feedback(
        client, owner, roster, committee_of_a):  # noqa: F811
    w = roster.world
    office = w.token(w.county_a, Role.office)
    chen, huang = (str(roster.pairings[n].constituent_id) for n in ("陈群众", "黄群众"))
    lead = (await register(client, roster, w.county_a, "村道一", member="张伟",
                           constituentIds=[chen], unnamedCount=None))["id"]
    second = (await register(client, roster, w.county_a, "村道二", member="李娜",
                             constituentIds=[huang], unnamedCount=None))["id"]
    third = (await register(client, roster, w.county_a, "村道三"))["id"]
    merged = await call(client, MERGE, {"lead": lead, "others": [second, third, lead]}, office)
    assert merged["__typename"] == "Opinion", merged
    await assign(client, office, lead, committee_of_a)
    await proposal(client, office, lead, "2025-007")
    await call(client, REPLY, {"id": lead, "on": "2025-05-10"}, office)
    refused = await call(client, REPLY, {"id": second, "on": "2025-05-10"}, office)
    assert (refused["__typename"], refused["message"]) == (
        "IllegalTransitionError", "该意见建议已并入《村道一》，由其统一办理")
    assert (await call(client, FEEDBACK, {"id": second}, office))["state"] == "FED_BACK"
    seen = await nodes(client, w.county_a, office)
    assert {t: (n["state"], n["committeeId"], n["outcome"]["proposalNumber"])
            for t, n in seen.items()} == {
        "村道一": ("REPLIED", committee_of_a, "2025-007"),
        "村道二": ("FED_BACK", committee_of_a, "2025-007"),
        "村道三": ("REPLIED", committee_of_a, "2025-007")}
    assert [m["title"] for m in seen["村道一"]["merged"]] == ["村道二", "村道三"]
    assert seen["村道二"]["mergedIntoId"] == lead
    assert [p["constituent"]["name"] for p in seen["村道二"]["people"]] == ["黄群众"]
    assert [p["unnamedCount"] for p in seen["村道三"]["people"]] == [3]
    assert [(e["toState"], e["note"]) for e in seen["村道三"]["history"]] == [
        ("REGISTERED", None), ("REGISTERED", "并入《村道一》：同一村道"),
        ("HANDLING", "请办理"), ("DISPOSED", None), ("REPLIED", None)]
    assert len(await audit_entries(owner, w.county_a, "opinion_merged")) == 2


async def test_a_merge_that_cannot_be_is_refused_whole(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    lead = (await register(client, roster, w.county_a, "主件"))["id"]
    other = (await register(client, roster, w.county_a, "另一件"))["id"]
    done = (await register(client, roster, w.county_a, "已办"))["id"]
    await assign(client, office, done)
    await proposal(client, office, done)
    elsewhere = (await register(client, roster, w.county_b, "乙县的"))["id"]
    answer = await call(client, MERGE, {"lead": lead, "others": [other, done]}, office)
    assert answer["errors"] == [{"field": "otherIds", "message": "《已办》已有办理结果，不能并入"}]
    answer = await call(client, MERGE, {"lead": lead, "others": [other, elsewhere]}, office)
    assert answer["__typename"] == "NotFoundError"
    answer = await call(client, MERGE, {"lead": lead, "others": []}, office)
    assert answer["errors"] == [{"field": "otherIds", "message": "请选择要并入的意见建议"}]
    member = await call(client, MERGE, {"lead": lead, "others": [other]},
                        w.token(w.county_a, Role.member))
    assert member["__typename"] == "NotFoundError"  # a member reads only their own
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert await owner.scalar(select(func.count()).select_from(Opinion).where(
        Opinion.tenant_id == w.county_a.id, Opinion.merged_into_id.is_not(None))) == 0


async def test_a_member_registers_their_own_and_feeds_back(client, roster):
    w = roster.world
    member, office = w.token(w.county_a, Role.member), w.token(w.county_a, Role.office)
    values = {"title": "路灯不亮", "content": "村口路灯坏了三个月", "raisedOn": "2025-03-02",
              "categoryId": await category(client, w.county_a, office), "unnamedCount": 2}
    mine = await gql(client, "mutation($i: RegisterOpinionInput!) { registerOpinion(input: $i)"
                     " { __typename ... on Opinion { id memberId } } }", {"i": values},
                     token=member)
    oid = mine["data"]["registerOpinion"]["id"]
    assert mine["data"]["registerOpinion"]["memberId"] == str(roster.members["张伟"].id)
    other = await gql(client, "mutation($i: RegisterOpinionInput!) { registerOpinion(input: $i)"
                      " { __typename ... on Error { message } } }",
                      {"i": {**values, "memberId": str(roster.members["李娜"].id)}},
                      token=member)
    assert other["data"]["registerOpinion"] == {"__typename": "ForbiddenError",
                                                "message": "委员只能登记自己收集的意见建议"}
    await assign(client, office, oid)
    await proposal(client, office, oid)
    assert (await call(client, REPLY, {"id": oid, "on": "2025-05-10"}, member))[
        "__typename"] == "ForbiddenError"
    await call(client, REPLY, {"id": oid, "on": "2025-05-10"}, office)
    assert (await call(client, FEEDBACK, {"id": oid}, member))["state"] == "FED_BACK"
    assert (await call(client, '($id: ID!) { closeOpinion(id: $id) {', {"id": oid}, member))[
        "__typename"] == "ForbiddenError"


@pytest.mark.usefixtures("contacts_2025")
async def test_contact_opinions_become_records(client, owner, roster):
    w = roster.world
    office, member = w.token(w.county_a, Role.office), w.token(w.county_a, Role.member)
    social = await category(client, w.county_a, office)
    convert = "mutation($c: ID!) { convertContactOpinions(categoryId: $c) { __typename " \
              "... on ContactOpinionsConverted { count } ... on Error { code } } }"
    assert (await gql(client, convert, {"c": social}, token=member))["data"][
        "convertContactOpinions"] == {"__typename": "ForbiddenError", "code": "FORBIDDEN"}
    first = await gql(client, convert, {"c": social}, token=office)
    assert first["data"]["convertContactOpinions"]["count"] == 1
    again = await gql(client, convert, {"c": social}, token=office)
    assert again["data"]["convertContactOpinions"]["count"] == 0
    seen = await nodes(client, w.county_a, office)
    assert list(seen) == ["建议修缮村道"]
    assert [p["constituent"]["name"] for p in seen["建议修缮村道"]["people"]] == ["陈群众"]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    row = await owner.scalar(select(Opinion).where(Opinion.tenant_id == w.county_a.id))
    assert (str(row.raised_on), row.member_id, row.sector_id, row.contact_id is not None) == (
        "2025-02-01", roster.members["张伟"].id, roster.members["张伟"].sector_id, True)


@pytest.mark.usefixtures("contacts_2025")
async def test_a_member_registers_several_from_one_contact_all_or_none(client, owner, roster):
    w = roster.world
    member, office = w.token(w.county_a, Role.member), w.token(w.county_a, Role.office)
    social = await category(client, w.county_a, office)
    contacts = await gql(client, """query($id: ID!) { member(id: $id) {
        contacts(year: 2025) { id opinions } } }""",
                         {"id": str(roster.members["张伟"].id)}, token=office)
    contact = next(c["id"] for c in contacts["data"]["member"]["contacts"] if c["opinions"])
    mutation = """mutation($c: ID!, $items: [ContactOpinionInput!]!) {
      registerContactOpinions(contactId: $c, items: $items) { __typename
        ... on OpinionsRegistered { opinions { title raisedOn people { constituent { name } } } }
        ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
    item = {"title": "修缮村道", "content": "村道破损", "categoryId": social}
    bad = await gql(client, mutation, {"c": contact, "items": [item, {**item, "title": " "}]},
                    token=member)
    assert bad["data"]["registerContactOpinions"]["errors"] == [
        {"field": "items[1].title", "message": "请填写标题"}]
    assert await count(owner, Opinion, w.county_a) == 0
    good = await gql(client, mutation, {"c": contact, "items": [
        item, {**item, "title": "增设路灯", "content": "路口太暗"}]}, token=member)
    assert [(o["title"], o["raisedOn"], [p["constituent"]["name"] for p in o["people"]])
            for o in good["data"]["registerContactOpinions"]["opinions"]] == [
        ("修缮村道", "2025-02-01", ["陈群众"]), ("增设路灯", "2025-02-01", ["陈群众"])]
    other = await gql(client, mutation, {"c": contact, "items": [item]},
                      token=w.token(w.county_b, Role.office))
    assert other["data"]["registerContactOpinions"]["__typename"] == "NotFoundError"


async def test_a_committee_hands_one_back_with_a_reason(client, roster,
                                                         committee_of_a):  # noqa: F811
    w = roster.world
    office, committee = w.token(w.county_a, Role.office), w.token(w.county_a, Role.committee)
    oid = (await register(client, roster, w.county_a, "不属本委"))["id"]
    await assign(client, office, oid, committee_of_a)
    back = '($id: ID!, $n: String!) { handBackOpinion(id: $id, note: $n) {'
    assert (await call(client, back, {"id": oid, "n": " "}, committee))["errors"] == [
        {"field": "note", "message": "请填写退回的原因"}]
    assert (await call(client, back, {"id": oid, "n": "x"}, office))["__typename"] == \
        "ForbiddenError"
    returned = await call(client, back, {"id": oid, "n": "不属本委职责"}, committee)
    assert (returned["state"], returned["committeeId"]) == ("REGISTERED", None)
    assert (await call(client, back, {"id": oid, "n": "x"}, committee))["__typename"] == \
        "NotFoundError"  # no longer its committee's


async def test_adoption_is_recorded_for_social_information_only(client, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    info = (await register(client, roster, w.county_a, "信息"))["id"]
    await assign(client, office, info)
    await call(client, """($id: ID!) { recordOpinionOutcome(input: {id: $id, kind: SOCIAL_INFO,
        on: "2025-04-02", title: "关于村道安全的社情民意", sentTo: "市政协"}) {""",
               {"id": info}, office)
    adopt = '($id: ID!, $on: Date!) { recordOpinionAdoption(id: $id, adoptedOn: $on, ' \
            'instruction: "请交通局研究") {'
    early = await call(client, adopt, {"id": info, "on": "2025-04-01"}, office)
    assert early["errors"] == [{"field": "adoptedOn", "message": "采用日期须在报送之后、今天之前"}]
    assert (await call(client, adopt, {"id": info, "on": "2025-04-20"}, office))[
        "__typename"] == "Opinion"
    seen = await nodes(client, w.county_a, office)
    assert seen["信息"]["outcome"] == {"proposalNumber": None, "adoptedOn": "2025-04-20",
                                     "instruction": "请交通局研究"}
    other = (await register(client, roster, w.county_a, "提案"))["id"]
    await assign(client, office, other)
    await proposal(client, office, other)
    refused = await call(client, adopt, {"id": other, "on": "2025-04-20"}, office)
    assert refused["message"] == "只有转化为社情民意信息的意见建议才能记录采用情况"


NOTE = '($id: ID!, $t: String!) { addOpinionNote(id: $id, text: $t) { __typename ' \
       '... on OpinionNote { authorName text } ... on Error { code } } }'


async def test_the_city_reads_a_countys_opinions_and_guides_them(client, owner, roster):
    w = roster.world
    oid = (await register(client, roster, w.county_a, "村道"))["id"]
    city_committee = w.token(w.city, Role.committee)
    listed = await gql(client, DETAIL, {"c": w.county_a.code}, token=city_committee)
    assert [n["title"] for n in listed["data"]["tenant"]["opinions"]["nodes"]] == ["村道"]
    assert (await assign(client, city_committee, oid))["__typename"] == "NotFoundError"
    note = await gql(client, f"mutation{NOTE}", {"id": oid, "t": "请尽快答复群众"},
                     token=city_committee)
    assert note["data"]["addOpinionNote"] == {
        "__typename": "OpinionNote", "authorName": f"{w.city.short_name} committee（测试）",
        "text": "请尽快答复群众"}
    for token, code in ((w.token(w.county_a, Role.office), "FORBIDDEN"),
                        (w.token(w.city, Role.member), "NOT_FOUND"),
                        (w.token(w.county_b, Role.office), "NOT_FOUND")):
        answer = await gql(client, f"mutation{NOTE}", {"id": oid, "t": "x"}, token=token)
        assert answer["data"]["addOpinionNote"]["code"] == code
    county = await nodes(client, w.county_a, w.token(w.county_a, Role.office))
    assert county["村道"]["notes"] == [{"authorName": f"{w.city.short_name} committee（测试）",
                                      "text": "请尽快答复群众"}]
    assert await count(owner, OpinionNote, w.county_a) == 1
    assert await count(owner, OpinionNote, w.county_b) == 0
    assert len(await audit_entries(owner, w.city, "opinion_guided")) == 1


async def test_the_peoples_phones_are_masked_for_a_committee(client, owner, roster,
                                                              committee_of_a):  # noqa: F811
    w = roster.world
    office = w.token(w.county_a, Role.office)
    chen = str(roster.pairings["陈群众"].constituent_id)
    oid = (await register(client, roster, w.county_a, "村道", member="张伟",
                          constituentIds=[chen]))["id"]
    await assign(client, office, oid, committee_of_a)
    assert await count(owner, OpinionPerson, w.county_a) == 2  # 陈群众 and 3 unnamed
    full = (await nodes(client, w.county_a, office))["村道"]["people"][0]["constituent"]
    masked = (await nodes(client, w.county_a, w.token(w.county_a, Role.committee)))[
        "村道"]["people"][0]["constituent"]
    assert full["phone"] is not None and "*" not in full["phone"]
    assert masked["phone"] == full["phone"][:3] + "****" + full["phone"][-4:]
