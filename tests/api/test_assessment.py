"""考核 over GraphQL, on the hand-computed fixture (tests/assessment/assessment_rows.py):
Tenant.assessment per role, Member.assessment for the member themself, the weights and the
优秀 marks; another tenant answers not found; bad input changes nothing."""

import pytest

from liaison.models import AssessmentMark
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.assessment.assessment_rows import NOW, build
from tests.builders import gql
from tests.readback import audit_entries, count

ROWS = """query($c: String!, $y: Int!) { tenant(code: $c) { assessmentWeights { quarters
  filings opinions duties evaluation } assessment(year: $y) { memberName sectorName score
  tenantRank sectorRank excellent note components { name weight ratio points fact } } } }"""
MINE = """query($id: ID!) { member(id: $id) { assessment(year: 2025) { memberName score
  tenantRank sectorRank } } }"""
WEIGHTS = """mutation($i: AssessmentWeightsInput!) { setAssessmentWeights(input: $i) {
  __typename ... on AssessmentWeights { quarters filings opinions duties evaluation }
  ... on ValidationErrors { errors { field message } } ... on Error { code message } } }"""
MARK = """mutation($m: ID!, $e: Boolean!, $n: String) { markAssessmentExcellent(year: 2025,
  memberId: $m, excellent: $e, note: $n) { __typename ... on AssessmentMark { year excellent
  note } ... on ValidationErrors { errors { field } } ... on Error { code } } }"""


@pytest.fixture
async def fixture(owner, database, roster):
    return await build(owner, database, roster)


async def ask(client, fixture, query, variables, tenant=None, role=Role.office) -> dict:
    w = fixture.world
    with clock.pinned(NOW):
        return await gql(client, query, variables,
                         token=w.token(tenant or w.county_a, role))


async def test_the_office_reads_the_table_with_its_breakdown(client, fixture):
    body = await ask(client, fixture, ROWS, {"c": fixture.world.county_a.code, "y": 2025})
    data = body["data"]["tenant"]
    assert data["assessmentWeights"] == {"quarters": 40, "filings": 20, "opinions": 15,
                                         "duties": 15, "evaluation": 10}
    rows = data["assessment"]
    assert [(r["memberName"], r["score"], r["tenantRank"], r["sectorRank"]) for r in rows] == [
        ("李娜", 73.3, 1, 1), ("张伟", 63.3, 2, 1), ("王芳", 0.0, 3, 2)]
    assert rows[1]["components"] == [
        {"name": "quarters", "weight": 40, "ratio": 0.75, "points": 30.0, "fact": "3/4 个季度"},
        {"name": "filings", "weight": 20, "ratio": 0.5, "points": 10.0,
         "fact": "计划按时，报告未按时"},
        {"name": "opinions", "weight": 15, "ratio": 0.5, "points": 7.5,
         "fact": "转化 1 件（目标 2 件）"},
        {"name": "duties", "weight": 15, "ratio": 0.5, "points": 7.5, "fact": "1/2 次"},
        {"name": "evaluation", "weight": 10, "ratio": 0.8333, "points": 8.3,
         "fact": "满意2 基本满意1 不满意0"}]
    assert rows[0]["components"][4] == {"name": "evaluation", "weight": 10, "ratio": None,
                                        "points": None,
                                        "fact": "满意1 基本满意0 不满意0（少于3份，不计入）"}


async def test_roles_see_their_part_and_other_tenants_nothing(client, fixture):
    w, m = fixture.world, fixture.members
    variables = {"c": w.county_a.code, "y": 2025}

    async def names(role, tenant=None):
        body = await ask(client, fixture, ROWS, variables, tenant, role)
        rows = (body["data"]["tenant"] or {}).get("assessment")
        return None if rows is None else [r["memberName"] for r in rows], body.get("errors")

    assert (await names(Role.leadership))[0] == ["李娜", "张伟", "王芳"]
    assert (await names(Role.convenor))[0] == ["张伟", "王芳"]
    assert (await names(Role.member))[0] == ["张伟"]
    rows, errors = await names(Role.committee)
    assert rows is None and errors[0]["extensions"]["code"] == "FORBIDDEN"
    body = await ask(client, fixture, ROWS, variables, w.county_b, Role.office)
    assert body == {"data": {"tenant": None}}  # a sibling county is not even a tenant to B
    body = await ask(client, fixture, ROWS, variables, w.city, Role.office)  # reads A, not this
    assert body["data"]["tenant"]["assessment"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    mine = await ask(client, fixture, MINE, {"id": str(m["张伟"].id)}, role=Role.member)
    assert mine["data"]["member"]["assessment"] == {"memberName": "张伟", "score": 63.3,
                                                    "tenantRank": 2, "sectorRank": 1}


async def test_weights_are_validated_and_set(client, fixture, owner):
    a = fixture.world.county_a
    bad = {"quarters": 50, "filings": 20, "opinions": 15, "duties": 15, "evaluation": 10}
    body = await ask(client, fixture, WEIGHTS, {"i": bad})
    assert body["data"]["setAssessmentWeights"] == {
        "__typename": "ValidationErrors", "code": "VALIDATION",
        "message": "各项权重之和必须等于 100",
        "errors": [{"field": "weights", "message": "各项权重之和必须等于 100"}]}
    negative = {**bad, "quarters": -10, "filings": 80}
    body = await ask(client, fixture, WEIGHTS, {"i": negative})
    assert [e["field"] for e in body["data"]["setAssessmentWeights"]["errors"]] == ["quarters"]
    assert await audit_entries(owner, a, "assessment_weights_set") == []
    good = {**bad, "quarters": 30, "filings": 30}
    body = await ask(client, fixture, WEIGHTS, {"i": good}, role=Role.leadership)
    assert body["data"]["setAssessmentWeights"]["__typename"] == "ForbiddenError"
    body = await ask(client, fixture, WEIGHTS, {"i": good})
    assert body["data"]["setAssessmentWeights"] == {"__typename": "AssessmentWeights", **good}
    rows = await ask(client, fixture, ROWS, {"c": a.code, "y": 2025})
    assert [(r["memberName"], r["score"], r["tenantRank"])
            for r in rows["data"]["tenant"]["assessment"]] == [
        ("张伟", 60.8, 1), ("李娜", 60.0, 2), ("王芳", 0.0, 3)]


async def test_the_office_marks_excellent_candidates(client, fixture, owner):
    w, m = fixture.world, fixture.members
    a = w.county_a
    zhang = str(m["张伟"].id)
    body = await ask(client, fixture, MARK, {"m": zhang, "e": True, "n": "x" * 201})
    assert body["data"]["markAssessmentExcellent"] == {
        "__typename": "ValidationErrors", "code": "VALIDATION", "errors": [{"field": "note"}]}
    body = await ask(client, fixture, MARK, {"m": zhang, "e": True}, role=Role.convenor)
    assert body["data"]["markAssessmentExcellent"] == {"__typename": "ForbiddenError",
                                                       "code": "FORBIDDEN"}
    body = await ask(client, fixture, MARK, {"m": str(m["赵强"].id), "e": True})
    assert body["data"]["markAssessmentExcellent"] == {"__typename": "NotFoundError",
                                                       "code": "NOT_FOUND"}
    assert await count(owner, AssessmentMark, a) == 0
    body = await ask(client, fixture, MARK, {"m": zhang, "e": True, "n": "联系群众扎实"})
    assert body["data"]["markAssessmentExcellent"] == {
        "__typename": "AssessmentMark", "year": 2025, "excellent": True, "note": "联系群众扎实"}
    rows = (await ask(client, fixture, ROWS, {"c": a.code, "y": 2025}))["data"]["tenant"]
    assert [(r["memberName"], r["excellent"], r["note"]) for r in rows["assessment"]] == [
        ("李娜", False, None), ("张伟", True, "联系群众扎实"), ("王芳", False, None)]
    assert len(await audit_entries(owner, a, "assessment_marked")) == 1
