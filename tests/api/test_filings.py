"""Annual plans and reports (R6, R9)."""

from datetime import UTC, datetime

import pytest

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import BEIJING, gql
from tests.readback import audit_entries

FILING = """__typename ... on Filing { id kind kindLabel year status statusLabel late
  mainPractices opinions returnedReason figures { contacts constituentsReached
  opinionsCollected byMethod { method label count } } }
  ... on ValidationErrors { errors { field message } } ... on Error { code }"""

pytestmark = pytest.mark.usefixtures("contacts_2025")  # 张伟's, see conftest


async def test_the_report_draft_is_filled_from_the_years_contacts(client, roster):
    w = roster.world
    member = w.token(w.county_a, Role.member)
    body = await gql(client, f"""mutation($m: ID!) {{ startFiling(input: {{memberId: $m,
      kind: REPORT, year: 2025}}) {{ {FILING} }} }}""", {"m": str(roster.members["张伟"].id)},
                     token=member)
    draft = body["data"]["startFiling"]
    assert {k: v for k, v in draft.items() if k != "id"} == {
        "__typename": "Filing", "kind": "REPORT", "kindLabel": "年度联系情况报告", "year": 2025,
        "status": "DRAFT", "statusLabel": "草稿", "late": False, "returnedReason": None,
        "mainPractices": "全年联系服务界别群众 3 次，联系 2 名结对联系对象。"
                         "联系方式：电话 1 次、走访 2 次。服务内容：政策咨询 1 次。",
        "opinions": "1. 建议修缮村道",
        "figures": {"contacts": 3, "constituentsReached": 2, "opinionsCollected": 1,
                    "byMethod": [{"method": "PHONE", "label": "电话", "count": 1},
                                 {"method": "VISIT", "label": "走访", "count": 2}]}}
    again = await gql(client, f"""mutation($m: ID!) {{ startFiling(input: {{memberId: $m,
      kind: REPORT, year: 2025}}) {{ {FILING} }} }}""", {"m": str(roster.members["张伟"].id)},
                      token=member)
    assert again["data"]["startFiling"]["id"] == draft["id"]


# New Year's morning in Beijing is still 31 December in UTC: the report year and the deadline
# are Beijing's (this test failed for eight hours a year while it read the wall clock).
NEW_YEAR_MORNING = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)  # 2027-01-01 04:00 in Beijing


@pytest.mark.parametrize("at", [NEW_YEAR_MORNING, datetime(2026, 6, 1, 2, 0, tzinfo=UTC),
                                datetime(2026, 12, 20, 15, 59, tzinfo=UTC),
                                datetime(2026, 12, 20, 16, 0, tzinfo=UTC)],
                         ids=["new-year-morning", "june", "last-minute", "a-minute-late"])
async def test_the_report_lifecycle_and_the_deadline(client, owner, roster, at):
    with clock.pinned(at):
        await _report_lifecycle(client, owner, roster, at.astimezone(BEIJING).date())


async def _report_lifecycle(client, owner, roster, today):
    w = roster.world
    member = w.token(w.county_a, Role.member)
    office = w.token(w.county_a, Role.office)
    zhang = str(roster.members["张伟"].id)

    async def call(mutation, variables, token):
        body = await gql(client, f"mutation($id: ID!) {{ {mutation} {{ {FILING} }} }}",
                         variables, token=token)
        return next(iter(body["data"].values()))

    async def start(year):
        body = await gql(client, f"""mutation($m: ID!, $y: Int!) {{ startFiling(input: {{
          memberId: $m, kind: REPORT, year: $y}}) {{ {FILING} }} }}""", {"m": zhang, "y": year},
                         token=member)
        return body["data"]["startFiling"]["id"]

    last_year, this_year = await start(2025), await start(today.year)
    accept = await call("acceptFiling(id: $id)", {"id": last_year}, office)
    assert accept["errors"] == [{"field": "id", "message": "只有已提交的计划、报告可以退回或采纳"}]
    late = await call("submitFiling(id: $id)", {"id": last_year}, member)
    assert (late["status"], late["late"]) == ("SUBMITTED", True)       # after 2025-12-20
    on_time = await call("submitFiling(id: $id)", {"id": this_year}, member)
    assert on_time["late"] is (today > today.replace(month=12, day=20))
    assert (await call("acceptFiling(id: $id)", {"id": last_year}, member))["__typename"] == \
        "ForbiddenError"
    returned = await gql(client, f"""mutation($id: ID!) {{ returnFiling(id: $id,
      reason: "请补充具体事例") {{ {FILING} }} }}""", {"id": last_year}, token=office)
    assert (returned["data"]["returnFiling"]["status"],
            returned["data"]["returnFiling"]["returnedReason"]) == ("RETURNED", "请补充具体事例")
    edited = await gql(client, f"""mutation($id: ID!) {{ editFiling(input: {{id: $id,
      mainPractices: "补充：走访 3 户困难群众"}}) {{ {FILING} }} }}""", {"id": last_year},
                       token=member)
    assert edited["data"]["editFiling"]["mainPractices"] == "补充：走访 3 户困难群众"
    assert (await call("submitFiling(id: $id)", {"id": last_year}, member))["status"] == \
        "SUBMITTED"
    accepted = await call("acceptFiling(id: $id)", {"id": last_year}, office)
    assert accepted["status"] == "ACCEPTED"
    frozen = await gql(client, f"""mutation($id: ID!) {{ editFiling(input: {{id: $id,
      body: "x"}}) {{ {FILING} }} }}""", {"id": last_year}, token=member)
    assert frozen["data"]["editFiling"]["errors"] == [
        {"field": "id", "message": "已提交或已采纳的计划、报告不能再修改"}]
    other = await call("acceptFiling(id: $id)", {"id": last_year},
                       w.token(w.county_b, Role.office))
    assert other == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    actions = [e.action for e in await audit_entries(owner, w.county_a)
               if "filing" in e.action or e.action.startswith("report")]
    assert actions == ["report_started", "report_started", "filing_submitted",
                       "filing_submitted", "filing_returned", "filing_edited",
                       "filing_submitted", "filing_accepted"]


async def test_the_office_sees_who_has_not_submitted(client, roster):
    w = roster.world
    member = w.token(w.county_a, Role.member)
    body = await gql(client, """mutation($m: ID!) { startFiling(input: {memberId: $m,
      kind: PLAN, year: 2025}) { ... on Filing { id } } }""",
                     {"m": str(roster.members["张伟"].id)}, token=member)
    plan = body["data"]["startFiling"]["id"]
    refused = await gql(client, "mutation($id: ID!) { submitFiling(id: $id) { __typename"
                        " ... on ValidationErrors { errors { field message } } } }",
                        {"id": plan}, token=member)
    assert refused["data"]["submitFiling"]["errors"] == [
        {"field": "body", "message": "请先填写年度联系群众计划"}]
    await gql(client, """mutation($id: ID!) { editFiling(input: {id: $id,
      body: "每季度走访结对群众一次"}) { __typename } }""", {"id": plan}, token=member)
    await gql(client, "mutation($id: ID!) { submitFiling(id: $id) { __typename } }",
              {"id": plan}, token=member)
    query = """query($c: String!) { tenant(code: $c) { filingOverview(kind: PLAN, year: 2025) {
      member { name } filing { status late } } } }"""
    overview = await gql(client, query, {"c": w.county_a.code},
                         token=w.token(w.county_a, Role.office))
    assert overview["data"]["tenant"]["filingOverview"] == [
        {"member": {"name": "张伟"}, "filing": {"status": "SUBMITTED", "late": True}},  # 3-31
        {"member": {"name": "李娜"}, "filing": None},
        {"member": {"name": "王芳"}, "filing": None}]
    convenor = await gql(client, query, {"c": w.county_a.code},
                         token=w.token(w.county_a, Role.convenor))
    assert [r["member"]["name"] for r in convenor["data"]["tenant"]["filingOverview"]] == [
        "张伟", "王芳"]


@pytest.mark.parametrize("role", [Role.leadership, Role.chair])
async def test_the_leadership_group_and_the_chair_return_and_accept(client, owner, roster, role):
    w = roster.world
    member, reviewer = w.token(w.county_a, Role.member), w.token(w.county_a, role)

    async def call(mutation, token, filing_id):
        body = await gql(client, f"mutation($id: ID!) {{ {mutation} {{ {FILING} }} }}",
                         {"id": filing_id}, token=token)
        assert body.get("data"), body
        return next(iter(body["data"].values()))

    with clock.pinned(datetime(2025, 12, 1, 2, 0, tzinfo=UTC)):
        body = await gql(client, """mutation($m: ID!) { startFiling(input: {memberId: $m,
          kind: REPORT, year: 2025}) { ... on Filing { id } } }""",
                         {"m": str(roster.members["张伟"].id)}, token=member)
        report = body["data"]["startFiling"]["id"]
        assert (await call("submitFiling(id: $id)", member, report))["status"] == "SUBMITTED"
        for other in (Role.convenor, Role.member):
            refused = await call("acceptFiling(id: $id)", w.token(w.county_a, other), report)
            assert refused["__typename"] == "ForbiddenError", other
        city = await call("acceptFiling(id: $id)", w.token(w.city, role), report)
        assert city == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
        returned = await call('returnFiling(id: $id, reason: "请补充")', reviewer, report)
        assert (returned["status"], returned["returnedReason"]) == ("RETURNED", "请补充")
        await call("submitFiling(id: $id)", member, report)
        assert (await call("acceptFiling(id: $id)", reviewer, report))["status"] == "ACCEPTED"
    reviewed = [(e.action, e.actor_id) for e in await audit_entries(owner, w.county_a)
                if e.action in ("filing_returned", "filing_accepted")]
    assert reviewed == [("filing_returned", w.account(w.county_a, role).id),
                        ("filing_accepted", w.account(w.county_a, role).id)]
