"""指导事项 through GraphQL: the city issues, each county reads, answers and finishes its own
copy, the city sees the matrix and reminds; roles, other tenants' ids answer not found, bad
input changes nothing, siblings never see each other's answers."""

import uuid

from liaison.models import GuidanceItem, GuidanceTarget
from liaison.models.account import Role
from tests.builders import build_world, gql
from tests.readback import audit_entries, count

ISSUE = """mutation($i: IssueGuidanceInput!) { issueGuidance(input: $i) { __typename
  ... on GuidanceItem { id kind kindLabel title dueOn pendingCount overdueCount
    targets { id tenantCode state stateLabel reminders } }
  ... on ValidationErrors { errors { field message } } ... on Error { code message } } }"""
TARGET = """{ __typename ... on GuidanceTarget { id state stateLabel answer reminders
  answerAttachment { filename } }
  ... on ValidationErrors { errors { field message } } ... on Error { code message } } }"""
INBOX = """query($c: String!) { tenant(code: $c) { guidanceInbox { nodes {
  id issuerName kindLabel title body dueOn state stateLabel overdue answer reminders } } } }"""
ITEMS = """query($c: String!) { tenant(code: $c) { guidanceItems { nodes { title pendingCount
  targets { tenantCode tenantName state answer reminders } } } } }"""
MATRIX = """query($c: String!) { tenant(code: $c) { guidanceMatrix { items { title }
  rows { tenantCode cells { state overdue } } } } }"""


def task(**extra) -> dict:
    return {"kind": "TASK", "title": "关于开展自查的通知", "body": "请于月底前报送。\n谢谢。",
            "dueOn": "2099-06-30", **extra}


async def issue(client, world, values: dict | None = None, role: Role = Role.office,
                tenant=None) -> dict:
    body = await gql(client, ISSUE, {"i": values or task()},
                     token=world.token(tenant or world.city, role))
    assert "errors" not in body, body
    return body["data"]["issueGuidance"]


async def move(client, token, mutation: str, variables: dict) -> dict:
    body = await gql(client, f"mutation{mutation} {TARGET}", variables, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


READ = "($id: ID!) { markGuidanceRead(id: $id)"
DONE = "($id: ID!) { markGuidanceDone(id: $id)"
ANSWER = "($id: ID!, $t: String!, $f: ID) { answerGuidance(input: {id: $id, text: $t, " \
         "attachmentId: $f})"


async def inbox(client, world, tenant, role=Role.office) -> dict:
    return await gql(client, INBOX, {"c": tenant.code}, token=world.token(tenant, role))


async def test_the_lifecycle_and_the_matrix(client, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    made = await issue(client, world)
    assert {k: made[k] for k in ("kind", "kindLabel", "dueOn", "pendingCount")} == {
        "kind": "TASK", "kindLabel": "工作任务", "dueOn": "2099-06-30", "pendingCount": 2}
    assert [(t["tenantCode"], t["state"], t["stateLabel"]) for t in made["targets"]] == [
        (a.code, "SENT", "未阅"), (b.code, "SENT", "未阅")]
    [node] = (await inbox(client, world, a))["data"]["tenant"]["guidanceInbox"]["nodes"]
    assert {k: v for k, v in node.items() if k != "id"} == {
        "issuerName": city.short_name, "kindLabel": "工作任务", "title": "关于开展自查的通知",
        "body": "请于月底前报送。\n谢谢。", "dueOn": "2099-06-30", "state": "SENT",
        "stateLabel": "未阅", "overdue": False, "answer": None, "reminders": 0}
    office_a = world.token(a, Role.office)
    assert (await move(client, office_a, READ, {"id": node["id"]}))["state"] == "READ"
    early = await move(client, office_a, DONE, {"id": node["id"]})
    assert early["errors"] == [{"field": "state",
                                "message": "工作任务须先答复办理情况，再标记办结"}]
    answered = await move(client, office_a, ANSWER,
                          {"id": node["id"], "t": "已完成。\n附表见后。"})
    assert (answered["state"], answered["answer"]) == ("ANSWERED", "已完成。\n附表见后。")
    assert (await move(client, office_a, DONE, {"id": node["id"]}))["stateLabel"] == "已办结"

    # County B never sees A's answer; the city sees both and reminds B alone.
    [b_node] = (await inbox(client, world, b))["data"]["tenant"]["guidanceInbox"]["nodes"]
    assert (b_node["answer"], b_node["state"]) == (None, "SENT")
    body = await gql(client, INBOX, {"c": a.code}, token=world.token(b, Role.office))
    assert body["data"]["tenant"] is None
    reminded = await gql(client, """mutation($id: ID!) { remindGuidance(id: $id) { __typename
        ... on GuidanceItem { pendingCount targets { tenantCode reminders } } } }""",
                         {"id": made["id"]}, token=world.token(city, Role.office))
    assert reminded["data"]["remindGuidance"] == {
        "__typename": "GuidanceItem", "pendingCount": 1,
        "targets": [{"tenantCode": a.code, "reminders": 0}, {"tenantCode": b.code,
                                                             "reminders": 1}]}
    for role in (Role.office, Role.leadership):
        token = world.token(city, role)
        items = await gql(client, ITEMS, {"c": city.code}, token=token)
        assert items["data"]["tenant"]["guidanceItems"]["nodes"] == [{
            "title": "关于开展自查的通知", "pendingCount": 1, "targets": [
                {"tenantCode": a.code, "tenantName": a.short_name, "state": "DONE",
                 "answer": "已完成。\n附表见后。", "reminders": 0},
                {"tenantCode": b.code, "tenantName": b.short_name, "state": "SENT",
                 "answer": None, "reminders": 1}]}]
        matrix = await gql(client, MATRIX, {"c": city.code}, token=token)
        assert matrix["data"]["tenant"]["guidanceMatrix"] == {
            "items": [{"title": "关于开展自查的通知"}], "rows": [
                {"tenantCode": a.code, "cells": [{"state": "DONE", "overdue": False}]},
                {"tenantCode": b.code, "cells": [{"state": "SENT", "overdue": False}]}]}
    assert [e.action for e in await audit_entries(owner, city)] == [
        "guidance_issued", "guidance_reminded"]
    assert [e.action for e in await audit_entries(owner, a)] == [
        "guidance_read", "guidance_answered", "guidance_done"]


async def test_roles_and_other_tenants(client, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    made = await issue(client, world)
    copy_a = made["targets"][0]["id"]
    refused = await issue(client, world, tenant=a)
    assert (refused["__typename"], refused["message"]) == (
        "ForbiddenError", "本单位没有下级政协，不能下发指导事项")
    for role in (Role.leadership, Role.chair, Role.member):
        assert (await issue(client, world, role=role))["__typename"] == "ForbiddenError"
    other = await build_world(owner)
    for token, mutation, variables in (
            (world.token(city, Role.office), ANSWER, {"id": copy_a, "t": "市里代答"}),
            (world.token(city, Role.office), READ, {"id": copy_a}),
            (world.token(b, Role.office), DONE, {"id": copy_a}),
            (other.token(other.county_a, Role.office), READ, {"id": copy_a}),
            (world.token(a, Role.office), READ, {"id": "not-an-id"}),
            (world.token(a, Role.office), READ, {"id": str(uuid.uuid4())})):
        answer = await move(client, token, mutation, variables)
        assert (answer["__typename"], answer["code"]) == ("NotFoundError", "NOT_FOUND")
    for token in (world.token(a, Role.office), other.token(other.city, Role.office)):
        body = await gql(client, """mutation($id: ID!) { remindGuidance(id: $id) {
            __typename ... on Error { code } } }""", {"id": made["id"]}, token=token)
        assert body["data"]["remindGuidance"] == {"__typename": "NotFoundError",
                                                  "code": "NOT_FOUND"}
    answer = await move(client, world.token(a, Role.leadership), READ, {"id": copy_a})
    assert answer["__typename"] == "ForbiddenError"
    body = await inbox(client, world, a, Role.member)
    assert body["data"]["tenant"]["guidanceInbox"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await gql(client, ITEMS, {"c": city.code}, token=other.token(other.city, Role.office))
    assert body["data"]["tenant"] is None
    assert await audit_entries(owner, a) == []


async def test_bad_input_changes_nothing(client, owner, world):
    city, a = world.city, world.county_a
    for values, errors in (
            (task(title="题" * 101, body=""), [("title", "标题不超过 100 个字符"),
                                              ("body", "请填写正文")]),
            (task(countyCodes=[a.code, "zz-none"]), [("countyCodes",
                                                      "不是本单位的下级政协：zz-none")]),
            (task(attachmentId=str(uuid.uuid4())), [("attachmentId",
                                                     "找不到该附件，请重新上传")]),
            (task(dueOn="2020-01-01"), [("dueOn", "办理期限不能早于今天")])):
        answer = await issue(client, world, values)
        assert [(e["field"], e["message"]) for e in answer["errors"]] == errors
    body = await gql(client, ISSUE, {"i": task(title="第一行\n第二行")},
                     token=world.token(city, Role.office))
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert (await count(owner, GuidanceItem, city), await count(owner, GuidanceTarget, a)) == (
        0, 0)
    made = await issue(client, world, task(countyCodes=[a.code]))
    copy_a = made["targets"][0]["id"]
    answer = await move(client, world.token(a, Role.office), ANSWER,
                        {"id": copy_a, "t": "答" * 5001})
    assert answer["errors"] == [{"field": "text", "message": "答复内容不超过 5000 个字符"}]
    assert [e.action for e in await audit_entries(owner, a)] == []
