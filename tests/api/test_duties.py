"""Duties through GraphQL: me { duties }, Member.duties; confirm, decline, swap, replace with
their typed errors; roles; another tenant's ids and bad input answer not-found or a typed
error and change nothing."""

import pytest

from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.tenancy import clock
from tests.builders import gql, token_for
from tests.readback import audit_entries
from tests.venues.duty_rows import NOW, build_rota, duty
from tests.venues.venue_rows import at, make_session

DUTY = """__typename ... on Duty { id status statusLabel reason member { name }
  swapMember { name party } swapMemberName }
  ... on ConflictError { rows { kind kindLabel message on memberId sessionId } }
  ... on IllegalDutyMoveError { dutyStatus }
  ... on SessionNotPlannedError { sessionStatus }
  ... on ValidationErrors { errors { field message } } ... on Error { code message }"""
MOVES = {"confirmDuty": "", "declineDuty": ', reason: "外出开会"',
         "requestDutySwap": ", memberId: $m", "approveDutySwap": "", "rejectDutySwap": "",
         "replaceDutyMember": ", memberId: $m"}  # $m: the memberId variable, declared if used
MY_DUTIES = """{ me { duties { id status statusLabel reason
  session { id startsAt endsAt theme status statusLabel } venue { name address }
  member { name } swapMember { name } } } }"""


@pytest.fixture
async def rota(owner, roster):
    return await build_rota(owner, roster)


async def move(client, name: str, duty_id, token: str, member=None, extra: str = "") -> dict:
    args = MOVES[name] if not extra else extra
    variables = {"id": str(duty_id)}
    declared = "$id: ID!"
    if "$m" in args:
        variables["m"], declared = str(member.id), "$id: ID!, $m: ID!"
    with clock.pinned(NOW):
        body = await gql(client, f"mutation({declared}) {{ {name}(id: $id{args}) {{ {DUTY} }} }}",
                         variables, token=token)
    assert "errors" not in body, body
    return body["data"][name]


async def read(client, query: str, token: str, variables: dict | None = None) -> dict:
    with clock.pinned(NOW):
        body = await gql(client, query, variables, token=token)
    assert "errors" not in body, body
    return body["data"]


async def test_a_member_reads_and_confirms_their_duty(client, owner, rota):
    w, member = rota.world, rota.world.token(rota.world.county_a, Role.member)
    me = await read(client, MY_DUTIES, member)
    assert me["me"]["duties"] == [{
        "id": str(rota.duty_id), "status": "ASSIGNED", "statusLabel": "待确认", "reason": None,
        "session": {"id": str(rota.session.id), "startsAt": "2025-06-12T09:00:00+08:00",
                    "endsAt": "2025-06-12T11:30:00+08:00", "theme": "倾听群众心声",
                    "status": "PLANNED", "statusLabel": "已排班"},
        "venue": {"name": "城东委员联络站", "address": "城东路 1 号"},
        "member": {"name": "张伟"}, "swapMember": None}]
    assert (await read(client, MY_DUTIES, w.token(w.county_a, Role.office)))["me"] == {
        "duties": []}
    confirmed = await move(client, "confirmDuty", rota.duty_id, member)
    assert (confirmed["__typename"], confirmed["status"], confirmed["statusLabel"]) == (
        "Duty", "CONFIRMED", "已确认")
    again = await move(client, "confirmDuty", rota.duty_id, member)
    assert (again["__typename"], again["code"], again["message"], again["dutyStatus"]) == (
        "IllegalDutyMoveError", "ILLEGAL_DUTY_MOVE", "该值班已确认", "CONFIRMED")


async def test_a_decline_then_a_replacement_by_that_venues_staff(client, owner, rota):
    w, a = rota.world, rota.world.county_a
    member, staff = w.token(a, Role.member), w.token(a, Role.venue_staff)
    for reason, message in (("   ", "请填写请假原因"), ("因" * 201, "请假原因不超过 200 个字符")):
        refused = await move(client, "declineDuty", rota.duty_id, member,
                             extra=f', reason: "{reason}"')
        assert (refused["__typename"], refused["errors"]) == (
            "ValidationErrors", [{"field": "reason", "message": message}])
    assert (await duty(owner, a, rota.duty_id)).status == DutyStatus.assigned
    declined = await move(client, "declineDuty", rota.duty_id, member)
    assert (declined["status"], declined["reason"]) == ("DECLINED", "外出开会")
    notes = "{ me { notifications { nodes { kind title } } } }"
    assert (await read(client, notes, staff))["me"]["notifications"]["nodes"] == [
        {"kind": "duty_declined", "title": "张伟请假：6月12日 城东委员联络站接待日"}]
    for other in (token_for(rota.west_staff), w.token(a, Role.office),
                  w.token(w.county_b, Role.venue_staff)):
        assert (await read(client, notes, other))["me"]["notifications"]["nodes"] == []
    wang = rota.roster.members["王芳"]
    picked = await move(client, "replaceDutyMember", rota.duty_id, staff, wang)
    assert (picked["__typename"], picked["status"], picked["member"], picked["reason"]) == (
        "Duty", "ASSIGNED", {"name": "王芳"}, None)
    assert [e.action for e in await audit_entries(owner, a)] == [
        "duty_declined", "duty_member_replaced"]


async def test_a_swap_conflict_then_an_approved_swap(client, owner, rota):
    w, a = rota.world, rota.world.county_a
    member, staff = w.token(a, Role.member), w.token(a, Role.venue_staff)
    li, wang = rota.roster.members["李娜"], rota.roster.members["王芳"]
    busy = await make_session(owner, rota.west, at(2025, 6, 12, 10), at(2025, 6, 12, 12),
                              members=[li])
    refused = await move(client, "requestDutySwap", rota.duty_id, member, li)
    assert (refused["__typename"], refused["code"], refused["rows"]) == ("ConflictError",
                                                                          "CONFLICT", [{
        "kind": "MEMBER_BUSY", "kindLabel": "委员已有值班",
        "message": "李娜在该时段已有值班：城西委员联络站，2025-06-12（星期四）10:00–12:00",
        "on": "2025-06-12", "memberId": str(li.id), "sessionId": str(busy.id)}])
    asked = await move(client, "requestDutySwap", rota.duty_id, member, wang)
    # A member reads only their own record: the colleague asked to swap is a name on the
    # rota, not a record with party, work unit and post.
    assert (asked["status"], asked["swapMember"], asked["swapMemberName"]) == (
        "ASSIGNED", None, "王芳")
    seen = await read(client, "query($id: ID!) { member(id: $id) { name } }", member,
                      {"id": str(wang.id)})
    assert seen == {"member": None}
    wrong = await move(client, "approveDutySwap", rota.duty_id, token_for(rota.west_staff))
    assert (wrong["__typename"], wrong["message"]) == ("NotFoundError",
                                                       f"找不到值班：{rota.duty_id}")
    assert (await move(client, "approveDutySwap", rota.duty_id, member))["__typename"] == \
        "ForbiddenError"
    approved = await move(client, "approveDutySwap", rota.duty_id, staff)
    assert (approved["status"], approved["member"], approved["swapMember"]) == (
        "ASSIGNED", {"name": "王芳"}, None)
    nothing = await move(client, "rejectDutySwap", rota.duty_id, staff)
    assert (nothing["__typename"], nothing["message"]) == ("IllegalDutyMoveError",
                                                           "该值班没有待审批的换班申请")
    assert (await read(client, MY_DUTIES, member))["me"]["duties"] == []


async def test_other_tenants_and_bad_ids_are_not_found_and_change_nothing(client, owner, rota):
    w, a, b = rota.world, rota.world.county_a, rota.world.county_b
    wang = rota.roster.members["王芳"]
    for name in MOVES:
        for role in (Role.member, Role.office, Role.venue_staff):
            for tenant in (b, w.city):
                answer = await move(client, name, rota.duty_id, w.token(tenant, role), wang)
                assert answer["__typename"] == "NotFoundError", (name, role, tenant.code)
        answer = await move(client, name, "not-an-id", w.token(a, Role.member), wang)
        assert answer["__typename"] == "NotFoundError"
    zhao = rota.roster.members["赵强"]
    answer = await move(client, "requestDutySwap", rota.duty_id, w.token(a, Role.member), zhao)
    assert (answer["__typename"], answer["message"]) == ("NotFoundError",
                                                         f"找不到委员：{zhao.id}")
    stored = await duty(owner, a, rota.duty_id)
    assert (stored.status, stored.swap_member_id, stored.member_id) == (
        DutyStatus.assigned, None, rota.roster.members["张伟"].id)
    assert await audit_entries(owner, a) == []


async def test_closed_sessions_answer_their_typed_errors(client, owner, rota):
    w, zhang = rota.world, rota.roster.members["张伟"]
    member = w.token(w.county_a, Role.member)
    cancelled = await make_session(owner, rota.east, at(2025, 6, 20, 9), at(2025, 6, 20, 11),
                                   members=[zhang], status=SessionStatus.cancelled)
    [_, gone] = (await read(client, MY_DUTIES, member))["me"]["duties"]
    assert (gone["session"]["id"], gone["session"]["status"], gone["session"]["statusLabel"]) \
        == (str(cancelled.id), "CANCELLED", "已取消")
    answer = await move(client, "confirmDuty", gone["id"], member)
    assert (answer["__typename"], answer["sessionStatus"], answer["message"]) == (
        "SessionNotPlannedError", "CANCELLED", "该接待日已取消，不能更改值班")
    started = await make_session(owner, rota.west, at(2025, 6, 2, 8), at(2025, 6, 2, 10),
                                 members=[zhang])
    [now_on] = [d for d in (await read(client, MY_DUTIES, member))["me"]["duties"]
                if d["session"]["id"] == str(started.id)]
    answer = await move(client, "declineDuty", now_on["id"], member)
    assert (answer["__typename"], answer["code"]) == ("SessionStartedError", "SESSION_STARTED")


async def test_member_duties_as_each_reader_may_see_them(client, owner, rota):
    w, a = rota.world, rota.world.county_a
    zhang = rota.roster.members["张伟"]
    await make_session(owner, rota.west, at(2025, 6, 13, 9), at(2025, 6, 13, 11),
                       members=[zhang])
    query = "query($id: ID!) { member(id: $id) { duties { venue { name } } } }"

    async def venues(token):
        found = (await read(client, query, token, {"id": str(zhang.id)}))["member"]
        return found and [d["venue"]["name"] for d in found["duties"]]

    both = ["城东委员联络站", "城西委员联络站"]
    assert await venues(w.token(a, Role.office)) == both
    assert await venues(w.token(w.city, Role.office)) == both
    assert await venues(w.token(a, Role.member)) == both
    assert await venues(w.token(a, Role.venue_staff)) == ["城东委员联络站"]
    assert await venues(token_for(rota.west_staff)) == ["城西委员联络站"]
    assert await venues(w.token(w.county_b, Role.office)) is None


REASONS = """query($c: String!) { tenant(code: $c) {
  receptionSessions(from: "2025-06-12", to: "2025-06-12") { duties { reason } } } }"""


async def test_a_decline_reason_is_for_staff_the_office_and_the_member(client, rota):
    w, a = rota.world, rota.world.county_a
    await move(client, "declineDuty", rota.duty_id, w.token(a, Role.member))  # 张伟's

    async def reasons(token) -> list:
        found = await read(client, REASONS, token, {"c": a.code})
        return [d["reason"] for s in found["tenant"]["receptionSessions"] for d in s["duties"]]

    assert await reasons(w.token(a, Role.office)) == ["外出开会"]
    assert await reasons(w.token(a, Role.member)) == ["外出开会"]  # his own
    assert await reasons(w.token(a, Role.convenor)) == [None]     # reads the schedule only
