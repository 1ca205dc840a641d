"""Opinion roll-ups through GraphQL (Tenant.opinionSummary, Tenant.opinionSummaries): the
shape, the roles, other tenants, bad years. The figures themselves: tests/opinions."""

from datetime import datetime

import pytest

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import BEIJING, gql
from tests.opinions.rollup_fixture import build_opinions

SUMMARY = """total byState { state label count } byCategory { id name count }
  bySector { name count } byCommittee { id name count } byMember { name count }
  converted { proposal socialInfo referred } conversionRate fedBack medianDaysToFeedback
  overdue"""
ONE = "query($c: String!, $y: Int) { tenant(code: $c) { opinionSummary(year: $y) { %s } } }"
SIDE = """query($c: String!, $y: Int) { tenant(code: $c) { opinionSummaries(year: $y) {
  tenant { code } year total byState { count } conversionRate medianDaysToFeedback overdue
} } }"""


@pytest.fixture
async def opinions(owner, roster):
    return await build_opinions(owner, roster)


async def ask(client, query, code, token, year=2025):
    with clock.pinned(datetime(2025, 6, 1, 9, tzinfo=BEIJING)):
        return await gql(client, query, {"c": code, "y": year}, token=token)


async def test_the_office_reads_its_summary(client, roster, opinions):
    w = roster.world
    body = await ask(client, ONE % SUMMARY, w.county_a.code, w.token(w.county_a, Role.office))
    summary = body["data"]["tenant"]["opinionSummary"]
    committee = str(opinions["a1"].committee_id)
    assert summary == {
        "total": 9,
        "byState": [{"state": s, "label": label, "count": n} for s, label, n in (
            ("REGISTERED", "已登记", 1), ("HANDLING", "办理中", 3), ("DISPOSED", "已处理", 1),
            ("REPLIED", "已答复", 1), ("FED_BACK", "已反馈", 2), ("CLOSED", "已办结", 1))],
        "byCategory": [{"id": str(opinions[o].category_id), "name": name, "count": n}
                       for o, name, n in (("a1", "社会民生", 4), ("a3", "经济发展", 3),
                                          ("a7", "其他", 2))],
        "bySector": [{"name": "中共", "count": 5}, {"name": "工会", "count": 3},
                     {"name": "未分界别", "count": 1}],
        "byCommittee": [{"id": committee, "name": "综合委员会", "count": 5},
                        {"id": None, "name": "委员联络办", "count": 4}],
        "byMember": [{"name": "张伟", "count": 3}, {"name": "李娜", "count": 3},
                     {"name": "王芳", "count": 2}, {"name": "未关联委员", "count": 1}],
        "converted": {"proposal": 2, "socialInfo": 1, "referred": 2},
        "conversionRate": 0.5556, "fedBack": 3, "medianDaysToFeedback": 30.0, "overdue": 2}


async def test_the_city_sees_its_counties_side_by_side(client, roster, opinions):
    w = roster.world
    body = await ask(client, SIDE, w.city.code, w.token(w.city, Role.office))
    assert body["data"]["tenant"]["opinionSummaries"] == [
        {"tenant": {"code": w.city.code}, "year": 2025, "total": 1,
         "byState": [{"count": n} for n in (0, 1, 0, 0, 0, 0)], "conversionRate": 0.0,
         "medianDaysToFeedback": None, "overdue": 1},
        {"tenant": {"code": w.county_a.code}, "year": 2025, "total": 9,
         "byState": [{"count": n} for n in (1, 3, 1, 1, 2, 1)], "conversionRate": 0.5556,
         "medianDaysToFeedback": 30.0, "overdue": 2},
        {"tenant": {"code": w.county_b.code}, "year": 2025, "total": 3,
         "byState": [{"count": n} for n in (1, 0, 0, 0, 1, 1)], "conversionRate": 0.3333,
         "medianDaysToFeedback": 10.5, "overdue": 0}]
    every = await ask(client, SIDE, w.county_a.code, w.token(w.city, Role.leadership), None)
    [county_a] = every["data"]["tenant"]["opinionSummaries"]
    assert (county_a["year"], county_a["total"], county_a["medianDaysToFeedback"]) == (
        None, 10, 25.0)


async def test_the_side_by_side_breaks_down_when_asked(client, roster, opinions):
    w = roster.world
    query = """query($c: String!, $y: Int) { tenant(code: $c) { opinionSummaries(year: $y) {
      total ...on OpinionSummary { byMember { name count } } ...Committees } } }
      fragment Committees on OpinionSummary { byCommittee { name count } }"""
    body = await ask(client, query, w.city.code, w.token(w.city, Role.office))
    assert body["data"]["tenant"]["opinionSummaries"] == [
        {"total": 1, "byMember": [{"name": "未关联委员", "count": 1}],
         "byCommittee": [{"name": "提案委员会", "count": 1}]},
        {"total": 9, "byMember": [{"name": n, "count": c} for n, c in (
            ("张伟", 3), ("李娜", 3), ("王芳", 2), ("未关联委员", 1))],
         "byCommittee": [{"name": "综合委员会", "count": 5}, {"name": "委员联络办", "count": 4}]},
        {"total": 3, "byMember": [{"name": "赵强", "count": 3}],
         "byCommittee": [{"name": "委员联络办", "count": 3}]}]


async def test_a_member_reads_only_their_own(client, roster, opinions):
    w = roster.world
    token = w.token(w.county_a, Role.member)
    one = await ask(client, ONE % "total byMember { name count } conversionRate",
                    w.county_a.code, token)
    assert one["data"]["tenant"]["opinionSummary"] == {
        "total": 3, "byMember": [{"name": "张伟", "count": 3}], "conversionRate": 1.0}
    side = await ask(client, SIDE, w.county_a.code, token)
    assert [(s["tenant"]["code"], s["total"]) for s in
            side["data"]["tenant"]["opinionSummaries"]] == [(w.county_a.code, 3)]


async def test_roles_without_opinions_are_forbidden(client, roster, opinions):
    w = roster.world
    for query, field in ((ONE % "total", "opinionSummary"), (SIDE, "opinionSummaries")):
        body = await ask(client, query, w.county_a.code, w.token(w.county_a, Role.venue_staff))
        assert body["data"]["tenant"] == {field: None}
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_tenants_code_answers_not_found(client, roster, opinions):
    w = roster.world
    for query in (ONE % "total", SIDE):
        body = await ask(client, query, w.county_a.code, w.token(w.county_b, Role.office))
        assert body["data"] == {"tenant": None}


@pytest.mark.parametrize("year", [-5, 1999, 2101, 9999])
async def test_years_out_of_range_are_typed_errors(client, roster, year):
    w = roster.world
    for query, field in ((ONE % "total", "opinionSummary"), (SIDE, "opinionSummaries")):
        body = await ask(client, query, w.city.code, w.token(w.city, Role.office), year)
        assert body["data"] == {"tenant": {field: None}}
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
            ("年份须在 2000 到 2100 之间", "BAD_YEAR")]
