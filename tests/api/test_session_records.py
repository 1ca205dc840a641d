"""Recording a reception day through GraphQL: a paired visitor raises quarterly compliance
for exactly the member on duty; roles; another tenant's and another venue's sessions are not
found; bad input is a typed error (control characters refused whole) and writes nothing."""

import pytest

from liaison.models import Contact, Opinion, SessionVisitor
from liaison.models.account import Role
from liaison.opinions import queries as opinion_queries
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql
from tests.readback import count
from tests.venues.record_rows import ENDS, NOW, STARTS, build_records, mark_held
from tests.venues.venue_rows import make_session

HELD = """mutation($s: ID!, $m: Int, $n: String) { recordSessionHeld(sessionId: $s, minutes: $m,
  notes: $n) { __typename ... on SessionRecord { startsAt held statusLabel minutes notes }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
ADD = """mutation($s: ID!, $i: SessionVisitorInput!) { addSessionVisitor(sessionId: $s, input: $i) {
  __typename
  ... on SessionVisitorAdded { summary pairedMembersOffDuty opinionId
    pairings { memberName constituentName }
    visitor { id name phone categoryLabel people constituentName }
    session { visitors { people named unnamed opinions items { name } } } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
REMOVE = """mutation($id: ID!) { removeSessionVisitor(id: $id) { __typename
  ... on SessionRecord { visitors { people } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
BEHIND = """query($code: String!) { tenant(code: $code) { compliance(year: 2025, quarter: 2) {
  total { due contacted }
  behind(first: 20) { items { member { name } constituent { name } } } } } }"""


@pytest.fixture
async def rec(owner, roster):
    records = await build_records(owner, roster)
    await mark_held(owner, records.session)
    return records


async def call(client, query, variables, token):
    with clock.pinned(NOW):
        return await gql(client, query, variables, token=token)


async def behind(client, rec, tenant) -> tuple[dict, set]:
    body = await call(client, BEHIND, {"code": tenant.code},
                      rec.world.token(tenant, Role.office))
    result = body["data"]["tenant"]["compliance"]
    return result["total"], {(i["member"]["name"], i["constituent"]["name"])
                             for i in result["behind"]["items"]}


def staff(rec, tenant=None):
    return rec.world.token(tenant or rec.world.county_a, Role.venue_staff)


async def test_a_paired_visitor_raises_compliance_for_exactly_the_member_on_duty(client, rec):
    a, b = rec.world.county_a, rec.world.county_b
    assert await behind(client, rec, a) == ({"due": 3, "contacted": 0}, {
        ("张伟", "陈群众"), ("张伟", "刘群众"), ("李娜", "黄群众")})
    b_before = await behind(client, rec, b)
    body = await call(client, ADD, {"s": str(rec.session.id), "i": {
        "constituentId": str(rec.person("陈群众")), "phone": "13900001111"}}, staff(rec))
    added = body["data"]["addSessionVisitor"]
    assert added == {
        "__typename": "SessionVisitorAdded",
        "summary": "已记为委员联系服务（委员接待日），计入本季度结对联系：张伟—陈群众",
        "pairedMembersOffDuty": [], "opinionId": None,
        "pairings": [{"memberName": "张伟", "constituentName": "陈群众"}],
        "visitor": {"id": added["visitor"]["id"], "name": "陈群众", "phone": "139****1111",
                    "categoryLabel": "基层群众", "people": 1, "constituentName": "陈群众"},
        "session": {"visitors": {"people": 1, "named": 1, "unnamed": 0, "opinions": 0,
                                 "items": [{"name": "陈群众"}]}}}
    assert await behind(client, rec, a) == ({"due": 3, "contacted": 1}, {
        ("张伟", "刘群众"), ("李娜", "黄群众")})
    assert await behind(client, rec, b) == b_before
    off_duty = await call(client, ADD, {"s": str(rec.session.id), "i": {
        "constituentId": str(rec.person("黄群众"))}}, staff(rec))
    assert off_duty["data"]["addSessionVisitor"]["summary"] == (
        "该联系对象的结对委员（李娜）不在本次值班，未记为联系服务")
    assert (await behind(client, rec, a))[0] == {"due": 3, "contacted": 1}


async def test_the_office_records_a_session_and_sees_phones(client, owner, rec):
    office = rec.world.token(rec.world.county_a, Role.office)
    body = await call(client, HELD, {"s": str(rec.session.id), "m": 120,
                                     "n": "来访 3 人\n记录完毕"}, office)
    assert body["data"]["recordSessionHeld"] == {
        "__typename": "SessionRecord", "startsAt": "2025-05-10T09:00:00+08:00", "held": True,
        "statusLabel": "已举行", "minutes": 120, "notes": "来访 3 人\n记录完毕"}
    await apply_scope(owner, TenantScope.only(rec.world.county_a.id))
    category = (await opinion_queries.categories(owner, rec.world.county_a.id, seed=True))[0]
    await owner.commit()
    body = await call(client, ADD, {"s": str(rec.session.id), "i": {
        "name": "孙先生", "phone": "0774-5123911", "category": "其他", "raised": "路灯不亮",
        "opinionCategoryId": str(category.id)}}, office)
    added = body["data"]["addSessionVisitor"]
    assert (added["visitor"]["phone"], added["visitor"]["categoryLabel"]) == (
        "0774-5123911", "其他")
    assert added["opinionId"] is not None
    assert added["session"]["visitors"]["opinions"] == 1
    removed = await call(client, REMOVE, {"id": added["visitor"]["id"]}, office)
    assert removed["data"]["removeSessionVisitor"]["errors"] == [
        {"field": "visitorId",
         "message": "该来访已记为意见建议，不能删除；如有误，请更正相应的意见建议记录"}]
    plain = await call(client, ADD, {"s": str(rec.session.id), "i": {"unnamedCount": 4}}, office)
    gone = await call(client, REMOVE, {"id": plain["data"]["addSessionVisitor"]["visitor"]["id"]},
                      office)
    assert gone["data"]["removeSessionVisitor"] == {"__typename": "SessionRecord",
                                                    "visitors": {"people": 1}}


async def test_roles_other_tenants_and_other_venues(client, owner, rec):
    w = rec.world
    west = await make_session(owner, rec.west, STARTS, ENDS)
    await mark_held(owner, west)
    cases = [
        (rec.session.id, w.token(w.county_a, Role.member), "ForbiddenError"),
        (rec.session.id, w.token(w.county_a, Role.leadership), "ForbiddenError"),
        (rec.session.id, staff(rec, w.county_b), "NotFoundError"),
        (rec.session.id, w.token(w.county_b, Role.office), "NotFoundError"),
        (rec.session.id, w.token(w.city, Role.office), "NotFoundError"),
        (west.id, staff(rec), "NotFoundError"),
        (rec.session_b.id, staff(rec), "NotFoundError"),
        ("../../etc", staff(rec), "NotFoundError"),
    ]
    for session_id, token, expected in cases:
        for query, variables in ((ADD, {"i": {"name": "孙"}}), (HELD, {"m": 60})):
            body = await call(client, query, {"s": str(session_id), **variables}, token)
            assert next(iter(body["data"].values()))["__typename"] == expected, (
                session_id, expected, body)
    body = await call(client, ADD, {"s": str(rec.session.id),
                                    "i": {"constituentId": str(rec.roster.pairings[
                                        "周群众"].constituent_id)}}, staff(rec))
    assert body["data"]["addSessionVisitor"]["__typename"] == "NotFoundError"
    assert await count(owner, SessionVisitor, w.county_a) == 0
    assert await count(owner, SessionVisitor, w.county_b) == 0


async def test_bad_visitors_are_refused_and_write_nothing(client, owner, rec):
    a = rec.world.county_a
    cases = [
        ({"name": "名" * 41}, [{"field": "name", "message": "来访人姓名不超过 40 个字符"}]),
        ({"name": "孙", "phone": "1380013800x"},
         [{"field": "phone", "message": "联系电话格式不正确"}]),
        ({"unnamedCount": 0}, [{"field": "unnamedCount", "message": "人数须在 1 到 1000 之间"}]),
        ({"raised": "x" * 4001, "unnamedCount": 1},
         [{"field": "raised", "message": "反映的问题不超过 4000 个字符"}]),
    ]
    before = [await count(owner, m, a) for m in (SessionVisitor, Contact, Opinion)]
    for change, expected in cases:
        body = await call(client, ADD, {"s": str(rec.session.id), "i": change}, staff(rec))
        assert body["data"]["addSessionVisitor"].get("errors") == expected, (change, body)
    for change in ({"name": "孙\x00先生"}, {"name": "孙先生", "phone": "139\x1b0000"},
                   {"name": "孙\n先生"}):
        body = await call(client, ADD, {"s": str(rec.session.id), "i": change}, staff(rec))
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_INPUT"], change
    body = await call(client, HELD, {"s": str(rec.session.id), "m": 721}, staff(rec))
    assert body["data"]["recordSessionHeld"]["errors"] == [
        {"field": "minutes", "message": "接待时长须在 1 到 720 分钟之间"}]
    assert [await count(owner, m, a) for m in (SessionVisitor, Contact, Opinion)] == before


async def test_through_the_rota_a_member_on_duty_sees_counts_only(client, rec):
    a = rec.world.county_a
    await call(client, ADD, {"s": str(rec.session.id), "i": {
        "constituentId": str(rec.person("陈群众")), "phone": "13900001111"}}, staff(rec))
    query = """query($c: String!) { tenant(code: $c) { receptionSessions(from: "2025-05-01",
        to: "2025-05-31") { id visitors { people named items { name phone } } } } }"""
    seen = {}
    for role in (Role.venue_staff, Role.member):
        body = await call(client, query, {"c": a.code}, rec.world.token(a, role))
        sessions = body["data"]["tenant"]["receptionSessions"]
        seen[role] = next(s["visitors"] for s in sessions if s["id"] == str(rec.session.id))
    assert seen[Role.venue_staff] == {"people": 1, "named": 1,
                                      "items": [{"name": "陈群众", "phone": "139****1111"}]}
    assert seen[Role.member] == {"people": 1, "named": 1, "items": None}
