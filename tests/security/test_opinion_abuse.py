"""What an attacker might send to the opinion mutations: a typed error, nothing written, no 500."""

import uuid

from liaison.models import Opinion, OpinionEvent, OpinionNote, OpinionPerson
from liaison.models.account import Role
from tests.api.test_opinions import REGISTER, category, register
from tests.builders import gql
from tests.readback import count


async def written(owner, tenant) -> tuple[int, ...]:
    return tuple([await count(owner, model, tenant)
                  for model in (Opinion, OpinionPerson, OpinionEvent, OpinionNote)])


def errors(body: dict) -> list:
    return [(e["extensions"]["code"], e["message"]) for e in body.get("errors", [])]


async def test_bad_opinions_are_refused_and_write_nothing(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    good = {"title": "村道", "content": "破损", "raisedOn": "2025-03-01", "unnamedCount": 1,
            "categoryId": await category(client, w.county_a, office)}
    other_category = await category(client, w.county_b, w.token(w.county_b, Role.office))
    cases = [
        ({"title": "x" * 101}, [{"field": "title", "message": "标题不超过 100 个字符"}]),
        ({"content": " \n "}, [{"field": "content", "message": "请填写内容"}]),
        ({"categoryId": other_category},
         [{"field": "categoryId", "message": "未知的意见建议类别"}]),
        ({"unnamedCount": 0}, [{"field": "unnamedCount", "message": "人数须在 1 到 10000 之间"}]),
        ({"unnamedCount": None}, [{"field": "constituentIds",
                                   "message": "请填写反映人（联系对象或人数）"}]),
        ({"raisedOn": "2099-01-01"}, [{"field": "raisedOn", "message": "提出日期不能晚于今天"}]),
    ]
    before = await written(owner, w.county_a)
    for change, expected in cases:
        body = await gql(client, REGISTER, {"i": {**good, **change}}, token=office)
        assert (body["data"] or {}).get("registerOpinion", {}).get("errors") == expected, (
            change, body)
    for change in ({"title": "村\x00道"}, {"content": "=cmd|' /C calc'!A0\x1b"}):
        body = await gql(client, REGISTER, {"i": {**good, **change}}, token=office)
        assert [code for code, _ in errors(body)] == ["INVALID_INPUT"], change
    garbage = await gql(client, REGISTER, {"i": {**good, "categoryId": "../../etc"}},
                        token=office)
    assert garbage["data"]["registerOpinion"]["__typename"] == "NotFoundError"
    assert await written(owner, w.county_a) == before


async def test_floods_of_ids_and_aliases_are_bounded(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    lead = (await register(client, roster, w.county_a, "主件"))["id"]
    many = [lead] * 5 + [str(uuid.uuid4()) for _ in range(60)]
    body = await gql(client, """mutation($l: ID!, $o: [ID!]!) { mergeOpinions(leadId: $l,
        otherIds: $o) { __typename ... on ValidationErrors { errors { field message } } } }""",
                     {"l": lead, "o": many}, token=office)
    assert body["data"]["mergeOpinions"].get("errors") == [
        {"field": "otherIds", "message": "一次最多并入 50 件"}]
    aliases = " ".join(f'a{n}: addOpinionNote(id: "{lead}", text: "x") {{ __typename }}'
                       for n in range(40))
    body = await gql(client, f"mutation {{ {aliases} }}", token=w.token(w.city, Role.office))
    assert body.get("data") is None and errors(body)[0][0] in ("INVALID_INPUT", "BAD_REQUEST")
    assert await count(owner, OpinionNote, w.county_a) == 0


async def test_a_long_guidance_note_and_control_characters_are_refused(client, owner, roster):
    w = roster.world
    oid = (await register(client, roster, w.county_a, "村道"))["id"]
    city = w.token(w.city, Role.office)
    note = """mutation($id: ID!, $t: String!) { addOpinionNote(id: $id, text: $t) {
        __typename ... on ValidationErrors { errors { field message } } } }"""
    body = await gql(client, note, {"id": oid, "t": "很" * 1001}, token=city)
    assert body["data"]["addOpinionNote"]["errors"] == [
        {"field": "text", "message": "指导意见不超过 1000 个字符"}]
    body = await gql(client, note, {"id": oid, "t": "请\u0007答复"}, token=city)
    assert [code for code, _ in errors(body)] == ["INVALID_INPUT"]
    assert await count(owner, OpinionNote, w.county_a) == 0
