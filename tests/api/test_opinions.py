"""Opinions (意见建议): the handling chain, illegal moves, scopes of every role, two tenants."""

import pytest
from sqlalchemy import select

from liaison.models import Opinion, OpinionEvent
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql
from tests.opinions.opinion_rows import give_committee
from tests.readback import audit_entries, count

OPINION = """__typename ... on Opinion { id title state stateLabel committeeId dueOn
  outcome { kind proposalNumber title rejectionReason } reply { replyFrom repliedOn text }
  feedback { how on by satisfied note } }
  ... on IllegalTransitionError { message fromState toState }
  ... on ValidationErrors { errors { field message } } ... on Error { code }"""
REGISTER = """mutation($i: RegisterOpinionInput!) { registerOpinion(input: $i) {
  __typename ... on Opinion { id title state stateLabel }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
CATEGORIES = "query($c: String!) { tenant(code: $c) { opinionCategories { id name } } }"
LIST = """query($c: String!) { tenant(code: $c) { opinions { nodes { title state } } } }"""


@pytest.fixture
async def committee_of_a(owner, roster):
    """County A's committee account works for its 综合委员会."""
    return str(await give_committee(owner, roster.world, roster.world.county_a))


async def call(client, mutation: str, variables: dict, token: str) -> dict:
    body = await gql(client, f"mutation{mutation} {OPINION} }} }}", variables, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def category(client, tenant, token, name="社会民生") -> str:
    body = await gql(client, CATEGORIES, {"c": tenant.code}, token=token)
    return next(c["id"] for c in body["data"]["tenant"]["opinionCategories"]
                if c["name"] == name)


async def register(client, roster, tenant, title, *, member=None, **extra) -> dict:
    token = roster.world.token(tenant, Role.office)
    values = {"title": title, "content": f"{title}的具体情况", "raisedOn": "2025-03-01",
              "categoryId": await category(client, tenant, token), "unnamedCount": 3,
              "memberId": str(roster.members[member].id) if member else None, **extra}
    body = await gql(client, REGISTER, {"i": values}, token=token)
    assert "errors" not in body, body
    return body["data"]["registerOpinion"]


async def assign(client, token, oid, committee=None):
    return await call(client, "($id: ID!, $c: ID) { assignOpinion(id: $id, committeeId: $c, "
                      "dueOn: \"2025-04-30\", note: \"请办理\") {", {"id": oid, "c": committee},
                      token)


async def proposal(client, token, oid, number="2025-001"):
    return await call(client, """($id: ID!, $n: String!) { recordOpinionOutcome(input: {
        id: $id, kind: PROPOSAL, on: "2025-04-01", proposalNumber: $n,
        title: "关于修缮村道的提案"}) {""", {"id": oid, "n": number}, token)


REPLY = """($id: ID!, $on: Date!) { replyToOpinion(id: $id, replyFrom: "县交通运输局",
    repliedOn: $on, text: "已列入今年计划") {"""
FEEDBACK = """($id: ID!) { recordOpinionFeedback(input: {id: $id, how: "电话", on: "2025-05-20",
    by: "张伟", satisfied: true, note: "满意"}) {"""


async def test_categories_are_seeded_per_tenant(client, roster):
    w = roster.world
    for tenant in (w.county_a, w.county_b):
        body = await gql(client, CATEGORIES, {"c": tenant.code},
                         token=w.token(tenant, Role.office))
        assert [c["name"] for c in body["data"]["tenant"]["opinionCategories"]] == [
            "经济发展", "社会民生", "生态环境", "文化教育", "医疗卫生", "社会治理", "其他"]
    assert await category(client, w.county_a, w.token(w.county_a, Role.office)) != \
        await category(client, w.county_b, w.token(w.county_b, Role.office))


async def test_the_whole_chain_as_the_office(client, owner, roster, committee_of_a):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    chen = str(roster.pairings["陈群众"].constituent_id)
    made = await register(client, roster, w.county_a, "修缮村道", member="张伟",
                          constituentIds=[chen])
    assert (made["state"], made["stateLabel"]) == ("REGISTERED", "已登记")
    oid = made["id"]
    assigned = await assign(client, office, oid, committee_of_a)
    assert (assigned["state"], assigned["committeeId"], assigned["dueOn"]) == (
        "HANDLING", committee_of_a, "2025-04-30")
    assert (await proposal(client, office, oid))["outcome"] == {
        "kind": "PROPOSAL", "proposalNumber": "2025-001", "title": "关于修缮村道的提案",
        "rejectionReason": None}
    replied = await call(client, REPLY, {"id": oid, "on": "2025-05-10"}, office)
    assert replied["reply"] == {"replyFrom": "县交通运输局", "repliedOn": "2025-05-10",
                                "text": "已列入今年计划"}
    fed = await call(client, FEEDBACK, {"id": oid}, office)
    assert fed["feedback"] == {"how": "电话", "on": "2025-05-20", "by": "张伟",
                               "satisfied": True, "note": "满意"}
    closed = await call(client, '($id: ID!) { closeOpinion(id: $id, note: "办结") {',
                        {"id": oid}, office)
    assert (closed["state"], closed["stateLabel"]) == ("CLOSED", "已办结")
    reopened = await call(client, '($id: ID!) { reopenOpinion(id: $id, reason: "群众再次反映") {',
                          {"id": oid}, office)
    assert reopened["state"] == "HANDLING"
    body = await gql(client, """query($c: String!) { tenant(code: $c) { opinions { nodes {
        people { constituentId unnamedCount }
        history { seq actorName fromState toState note } } } } }""", {"c": w.county_a.code},
                     token=office)
    [node] = body["data"]["tenant"]["opinions"]["nodes"]
    assert node["people"] == [{"constituentId": chen, "unnamedCount": None},
                              {"constituentId": None, "unnamedCount": 3}]
    steps = [(None, "REGISTERED", None), ("REGISTERED", "HANDLING", "请办理"),
             ("HANDLING", "DISPOSED", None), ("DISPOSED", "REPLIED", None),
             ("REPLIED", "FED_BACK", None), ("FED_BACK", "CLOSED", "办结"),
             ("CLOSED", "HANDLING", "群众再次反映")]
    assert node["history"] == [{"seq": i, "actorName": "office（测试）", "fromState": f,
                                "toState": t, "note": n} for i, (f, t, n) in enumerate(steps, 1)]
    assert [e.action for e in await audit_entries(owner, w.county_a)] == [
        "opinion_registered", "opinion_assign", "opinion_record_outcome", "opinion_reply",
        "opinion_feedback", "opinion_close", "opinion_reopen"]
    assert await count(owner, Opinion, w.county_b) == 0


async def test_illegal_moves_are_typed_and_write_nothing(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    oid = (await register(client, roster, w.county_a, "路灯不亮"))["id"]
    replied = await call(client, REPLY, {"id": oid, "on": "2025-05-10"}, office)
    assert replied == {"__typename": "IllegalTransitionError", "code": "ILLEGAL_TRANSITION",
                       "message": "意见建议当前为“已登记”，不能变为“已答复”",
                       "fromState": "REGISTERED", "toState": "REPLIED"}
    fed = await call(client, FEEDBACK, {"id": oid}, office)
    assert (fed["fromState"], fed["toState"]) == ("REGISTERED", "FED_BACK")
    await assign(client, office, oid)
    early = await call(client, REPLY, {"id": oid, "on": "2025-05-10"}, office)
    assert (early["fromState"], early["toState"]) == ("HANDLING", "REPLIED")
    rejected = await call(client, """($id: ID!) { recordOpinionOutcome(input: {id: $id,
        kind: REJECTED, on: "2025-03-05", rejectionReason: "不属于政协职责"}) {""",
                          {"id": oid}, office)
    assert rejected["state"] == "DISPOSED"
    before = await call(client, REPLY, {"id": oid, "on": "2025-02-28"}, office)
    assert before["errors"] == [{"field": "repliedOn", "message": "答复日期不能早于提出日期"}]
    fed = await call(client, FEEDBACK, {"id": oid}, office)   # a rejection needs no reply
    assert (fed["state"], fed["reply"]) == ("FED_BACK", None)
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert await owner.scalar(select(OpinionEvent.seq).where(
        OpinionEvent.opinion_id == fed["id"]).order_by(OpinionEvent.seq.desc())) == 4
    assert [e.action for e in await audit_entries(owner, w.county_a)] == [
        "opinion_registered", "opinion_assign", "opinion_record_outcome", "opinion_feedback"]


async def test_bad_input_is_refused_and_nothing_is_written(client, owner, roster):
    w = roster.world
    foreign = await category(client, w.county_b, w.token(w.county_b, Role.office))
    made = await register(client, roster, w.county_a, " ", categoryId=foreign,
                          unnamedCount=None, content="长" * 4001, raisedOn="2099-01-01")
    assert made["errors"] == [
        {"field": "content", "message": "内容不超过 4000 个字符"},
        {"field": "title", "message": "请填写标题"},
        {"field": "categoryId", "message": "未知的意见建议类别"},
        {"field": "constituentIds", "message": "请填写反映人（联系对象或人数）"},
        {"field": "raisedOn", "message": "提出日期不能晚于今天"}]
    assert await count(owner, Opinion, w.county_a) == 0
    assert await count(owner, OpinionEvent, w.county_a) == 0


async def test_a_proposal_number_is_used_once_a_year_per_tenant(client, owner, roster):
    w = roster.world
    office_a, office_b = w.token(w.county_a, Role.office), w.token(w.county_b, Role.office)
    first = (await register(client, roster, w.county_a, "村道"))["id"]
    second = (await register(client, roster, w.county_a, "桥梁"))["id"]
    other = (await register(client, roster, w.county_b, "桥梁"))["id"]
    for token, oid in ((office_a, first), (office_a, second), (office_b, other)):
        await assign(client, token, oid)
    assert (await proposal(client, office_a, first))["state"] == "DISPOSED"
    again = await proposal(client, office_a, second)
    assert again["errors"] == [{"field": "proposalNumber",
                                "message": "提案号 2025-001 在 2025 年已被使用"}]
    assert (await proposal(client, office_b, other))["state"] == "DISPOSED"
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert (await owner.get(Opinion, (w.county_a.id, __import__("uuid").UUID(second)))
            ).state == "handling"


async def test_another_tenants_opinion_answers_not_found(client, roster):
    w = roster.world
    oid = (await register(client, roster, w.county_a, "村道"))["id"]
    for mutation in ('($id: ID!) { assignOpinion(id: $id) {',
                     '($id: ID!) { reopenOpinion(id: $id, reason: "x") {'):
        answer = await call(client, mutation, {"id": oid}, w.token(w.county_b, Role.office))
        assert (answer["__typename"], answer["code"]) == ("NotFoundError", "NOT_FOUND")


async def test_a_member_reads_only_their_own(client, roster):
    w = roster.world
    own = (await register(client, roster, w.county_a, "张伟的", member="张伟"))["id"]
    other = (await register(client, roster, w.county_a, "李娜的", member="李娜"))["id"]
    member = w.token(w.county_a, Role.member)
    body = await gql(client, LIST, {"c": w.county_a.code}, token=member)
    assert body["data"]["tenant"]["opinions"]["nodes"] == [
        {"title": "张伟的", "state": "REGISTERED"}]
    assert (await assign(client, member, own))["__typename"] == "ForbiddenError"
    assert (await assign(client, member, other))["__typename"] == "NotFoundError"


async def test_a_committee_handles_only_its_assigned_ones(client, roster, committee_of_a):
    w = roster.world
    office, committee = w.token(w.county_a, Role.office), w.token(w.county_a, Role.committee)
    mine = (await register(client, roster, w.county_a, "交委员会"))["id"]
    kept = (await register(client, roster, w.county_a, "联络办自办"))["id"]
    await assign(client, office, mine, committee_of_a)
    await assign(client, office, kept)
    body = await gql(client, LIST, {"c": w.county_a.code}, token=committee)
    assert body["data"]["tenant"]["opinions"]["nodes"] == [
        {"title": "交委员会", "state": "HANDLING"}]
    assert (await proposal(client, committee, mine))["state"] == "DISPOSED"
    assert (await proposal(client, committee, kept, "2025-002"))["__typename"] == \
        "NotFoundError"
    assert (await assign(client, committee, mine))["__typename"] == "ForbiddenError"


async def test_a_city_office_reads_a_countys_read_only(client, roster):
    w = roster.world
    oid = (await register(client, roster, w.county_a, "村道"))["id"]
    for role in (Role.office, Role.leadership):
        body = await gql(client, LIST, {"c": w.county_a.code}, token=w.token(w.city, role))
        assert body["data"]["tenant"]["opinions"]["nodes"] == [
            {"title": "村道", "state": "REGISTERED"}]
    answer = await assign(client, w.token(w.city, Role.office), oid)
    assert (answer["__typename"], answer["code"]) == ("NotFoundError", "NOT_FOUND")
    body = await gql(client, LIST, {"c": w.county_a.code}, token=w.token(w.county_b, Role.office))
    assert body["data"]["tenant"] is None
