"""群众评议 over GraphQL: the office opens a round (the codes come back once) and reissues;
the chair reviews and closes it; who reads what (per member for the office and leaders, a
member's own aggregate only when closed and with 3 answers); every query and mutation as
each role and from another tenant; bad input changes nothing."""

import re
import uuid

import pytest

from liaison.models import EvaluationCode, EvaluationRound
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import gql
from tests.evaluation.evaluation_rows import answer
from tests.readback import audit_entries, count

SLIPS = """__typename ... on EvaluationSlips { round { id year state stateLabel }
  slips { code url path memberName sectorName constituentName } }
  ... on ValidationErrors { errors { field message } } ... on Error { code message }"""
OPEN = f"mutation($y: Int!) {{ openEvaluationRound(year: $y) {{ {SLIPS} }} }}"
REISSUE = f"""mutation($r: ID!, $m: ID) {{ reissueEvaluationCodes(roundId: $r, memberId: $m) {{
  {SLIPS} }} }}"""
REVIEW = """mutation($i: ReviewEvaluationRoundInput!) { reviewEvaluationRound(input: $i) {
  __typename ... on EvaluationRound { state stateLabel reviewOn conclusion commendedMemberIds
  talkMemberIds } ... on ValidationErrors { errors { field message } }
  ... on Error { code message } } }"""
ROUNDS = """query($c: String!) { tenant(code: $c) { evaluationRounds { year state codes answers
  results { memberName sectorName codes answers satisfactionRate comments
  counts { label count } } } } }"""
SUMMARY = """query($c: String!, $y: Int!, $m: ID) { tenant(code: $c) {
  evaluationSummary(year: $y, memberId: $m) { year roundState memberName sectorName hidden
  answers satisfactionRate comments counts { rating label count } } } }"""
CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")


def today() -> str:
    return clock.today_in("Asia/Shanghai").isoformat()


async def open_round(client, world, tenant, year: int = 2025) -> dict:
    body = await gql(client, OPEN, {"y": year}, token=world.token(tenant, Role.office))
    assert "errors" not in body, body
    return body["data"]["openEvaluationRound"]


async def review(client, world, tenant, round_id, role=Role.chair, **values) -> dict:
    given = {"roundId": round_id, "reviewOn": today(), "conclusion": "总体满意", **values}
    body = await gql(client, REVIEW, {"i": given}, token=world.token(tenant, role))
    assert "errors" not in body, body
    return body["data"]["reviewEvaluationRound"]


async def test_open_answer_review_and_read(client, database, owner, roster):
    w = roster.world
    a = w.county_a
    made = await open_round(client, w, a)
    assert made["__typename"] == "EvaluationSlips"
    assert (made["round"]["year"], made["round"]["state"], made["round"]["stateLabel"]) == (
        2025, "OPEN", "评议中")
    slips = made["slips"]
    assert [(s["memberName"], s["sectorName"], s["constituentName"]) for s in slips] == [
        ("张伟", "中共", "刘群众"), ("张伟", "中共", "陈群众"), ("李娜", "工会", "黄群众")]
    for s in slips:
        assert CODE.fullmatch(s["code"])
        assert s["path"] == f"/p/{a.code}/evaluate?code={s['code']}"
        assert s["url"] == f"http://test{s['path']}"
    for s, rating in zip(slips, ["satisfied", "unsatisfied", "fairly"], strict=True):
        await answer(database, a, s["code"], rating, f"意见{rating}")
    body = await gql(client, ROUNDS, {"c": a.code}, token=w.token(a, Role.chair))
    [rnd] = body["data"]["tenant"]["evaluationRounds"]
    assert (rnd["year"], rnd["codes"], rnd["answers"]) == (2025, 3, 3)
    assert rnd["results"] == [
        {"memberName": "张伟", "sectorName": "中共", "codes": 2, "answers": 2,
         "satisfactionRate": 0.5, "comments": ["意见satisfied", "意见unsatisfied"],
         "counts": [{"label": "满意", "count": 1}, {"label": "基本满意", "count": 0},
                    {"label": "不满意", "count": 1}]},
        {"memberName": "李娜", "sectorName": "工会", "codes": 1, "answers": 1,
         "satisfactionRate": 1.0, "comments": ["意见fairly"],
         "counts": [{"label": "满意", "count": 0}, {"label": "基本满意", "count": 1},
                    {"label": "不满意", "count": 0}]}]
    member = w.token(a, Role.member)  # 张伟
    mine = await gql(client, SUMMARY, {"c": a.code, "y": 2025}, token=member)
    assert mine["data"]["tenant"]["evaluationSummary"] == {
        "year": 2025, "roundState": "OPEN", "memberName": "张伟", "sectorName": "中共",
        "hidden": "评议尚未结束，常委会审议后可查看结果", "answers": None,
        "satisfactionRate": None, "comments": [], "counts": None}
    closed = await review(client, w, a, made["round"]["id"],
                          commendedMemberIds=[str(roster.members["李娜"].id)])
    assert (closed["state"], closed["conclusion"], closed["commendedMemberIds"]) == (
        "CLOSED", "总体满意", [str(roster.members["李娜"].id)])
    mine = await gql(client, SUMMARY, {"c": a.code, "y": 2025}, token=member)
    assert mine["data"]["tenant"]["evaluationSummary"]["hidden"] == "样本不足（少于3份），暂不显示"
    assert mine["data"]["tenant"]["evaluationSummary"]["comments"] == []
    office = await gql(client, SUMMARY, {"c": a.code, "y": 2025,
                                         "m": str(roster.members["张伟"].id)},
                       token=w.token(a, Role.office))
    assert office["data"]["tenant"]["evaluationSummary"]["answers"] == 2
    [entry] = await audit_entries(owner, a, "evaluation_round_reviewed")
    assert entry.actor_id == w.account(a, Role.chair).id


async def test_one_round_a_year_and_bad_input_changes_nothing(client, owner, roster):
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    made = await open_round(client, w, a)
    again = await open_round(client, w, a)
    assert (again["__typename"], again["code"], again["errors"]) == (
        "ValidationErrors", "ROUND_EXISTS",
        [{"field": "year", "message": "2025 年度的群众评议已经开启，每年只能开启一次"}])
    for year in (1999, 2101, -1):
        bad = (await gql(client, OPEN, {"y": year}, token=office))["data"]
        assert bad["openEvaluationRound"]["code"] == "VALIDATION"
    rid = made["round"]["id"]
    for values, field in (({"reviewOn": "2099-01-01"}, "reviewOn"),
                          ({"conclusion": "好" * 2001}, "conclusion"),
                          ({"talkMemberIds": [str(roster.members["赵强"].id)]}, "talkMemberIds")):
        refused = await review(client, w, a, rid, **values)
        assert (refused["__typename"], refused["errors"][0]["field"]) == (
            "ValidationErrors", field)
    stranger = await review(client, w, a, rid, commendedMemberIds=["not-an-id"])
    assert stranger["__typename"] == "NotFoundError"
    assert await count(owner, EvaluationRound, a) == 1
    assert await count(owner, EvaluationCode, a) == 3
    assert await audit_entries(owner, a, "evaluation_round_reviewed") == []
    await review(client, w, a, rid)
    closed = await review(client, w, a, rid)
    assert (closed["__typename"], closed["code"]) == ("ValidationErrors", "ROUND_CLOSED")
    reissued = await gql(client, REISSUE, {"r": rid}, token=office)
    assert reissued["data"]["reissueEvaluationCodes"]["code"] == "ROUND_CLOSED"


async def test_reissue_replaces_unanswered_codes(client, database, roster):
    w = roster.world
    a = w.county_a
    made = await open_round(client, w, a)
    await answer(database, a, made["slips"][0]["code"])
    body = await gql(client, REISSUE, {"r": made["round"]["id"],
                                       "m": str(roster.members["张伟"].id)},
                     token=w.token(a, Role.office))
    [slip] = body["data"]["reissueEvaluationCodes"]["slips"]
    assert slip["constituentName"] == "陈群众" and slip["code"] != made["slips"][1]["code"]


@pytest.mark.parametrize("role", [Role.chair, Role.leadership, Role.committee, Role.convenor,
                                  Role.member, Role.venue_staff])
async def test_only_the_office_opens_and_reissues(client, owner, roster, role):
    w = roster.world
    a = w.county_a
    made = await open_round(client, w, a)
    token = w.token(a, role)
    opened = (await gql(client, OPEN, {"y": 2024}, token=token))["data"]
    assert opened["openEvaluationRound"]["code"] == "FORBIDDEN"
    reissued = (await gql(client, REISSUE, {"r": made["round"]["id"]}, token=token))["data"]
    assert reissued["reissueEvaluationCodes"]["code"] == "FORBIDDEN"
    assert await count(owner, EvaluationRound, a) == 1


@pytest.mark.parametrize("role", [Role.office, Role.committee, Role.convenor, Role.member])
async def test_only_the_chair_and_the_leadership_group_review(client, roster, role):
    w = roster.world
    a = w.county_a
    made = await open_round(client, w, a)
    refused = await review(client, w, a, made["round"]["id"], role=role)
    assert (refused["__typename"], refused["message"]) == (
        "ForbiddenError", "只有主席或党组（领导小组）可以审议并结束评议")


@pytest.mark.parametrize("role", [Role.committee, Role.convenor, Role.member, Role.venue_staff])
async def test_per_member_results_are_the_office_and_leaders_own(client, roster, role):
    w = roster.world
    a = w.county_a
    await open_round(client, w, a)
    body = await gql(client, ROUNDS, {"c": a.code}, token=w.token(a, role))
    assert body["data"]["tenant"]["evaluationRounds"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_tenant_answers_not_found(client, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    made = await open_round(client, w, a)
    rid = made["round"]["id"]
    for outsider in (w.token(b, Role.office), w.token(w.city, Role.office)):
        reissued = await gql(client, REISSUE, {"r": rid}, token=outsider)
        assert reissued["data"]["reissueEvaluationCodes"]["__typename"] == "NotFoundError"
    hidden = await gql(client, ROUNDS, {"c": a.code}, token=w.token(b, Role.office))
    assert hidden == {"data": {"tenant": None}}  # county B does not see county A at all
    city = await gql(client, ROUNDS, {"c": a.code}, token=w.token(w.city, Role.office))
    assert city["data"]["tenant"] == {"evaluationRounds": None}  # the city reads A, not this
    assert city["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for tenant in (b, w.city):
        refused = await review(client, w, tenant, rid)
        assert refused["__typename"] == "NotFoundError"
    zhao = str(roster.members["赵强"].id)
    summary = await gql(client, SUMMARY, {"c": a.code, "y": 2025, "m": zhao},
                        token=w.token(a, Role.office))
    assert summary["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    missing = await gql(client, REISSUE, {"r": str(uuid.uuid4())},
                        token=w.token(a, Role.office))
    assert missing["data"]["reissueEvaluationCodes"]["__typename"] == "NotFoundError"
