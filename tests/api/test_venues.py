"""Venues and the reception-day rota through GraphQL: the office keeps venues, staff and the
office build the rota (single sessions, series across the 2025 National Day week), times in
Beijing time, typed errors with nothing written, every role's reach, two tenants."""

import uuid

import pytest

from liaison.models import ReceptionSession, Venue
from liaison.models.account import Role
from liaison.models.venues import SessionStatus
from tests.builders import gql, sector_named
from tests.readback import count
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

VENUE = """__typename ... on Venue { id name kind kindLabel phone hostUnit isActive
  sectors { name } } ... on ValidationErrors { errors { field message } }
  ... on Error { code message }"""
SESSION = """__typename ... on ReceptionSession { id on startsAt endsAt theme status statusLabel
  holidayName movedFrom venue { name } duties { member { name } status statusLabel reason } }
  ... on ValidationErrors { errors { field message } } ... on Error { code message }"""
CONFLICT = "... on ConflictError { rows { kind kindLabel on message } }"
NOT_PLANNED = "... on SessionNotPlannedError { sessionStatus }"
CREATE_VENUE = f"mutation($i: VenueInput!) {{ createVenue(input: $i) {{ {VENUE} }} }}"
CREATE = ("mutation($i: ReceptionSessionInput!) { createReceptionSession(input: $i) { "
          f"{SESSION} {CONFLICT} }} }}")
SERIES = """mutation($i: ReceptionSeriesInput!) { createReceptionSeries(input: $i) {
  __typename ... on ReceptionSeries { rrule holidayPolicyLabel notes
    sessions { on startsAt endsAt holidayName movedFrom } }
  ... on ConflictError { rows { kind on message } } ... on TooManySessionsError { count limit }
  ... on ValidationErrors { errors { field message } } ... on Error { code message } } }"""
CALENDAR = """query($c: String!, $from: Date!, $to: Date!, $v: ID) { tenant(code: $c) {
  receptionSessions(from: $from, to: $to, venueId: $v) { on startsAt endsAt venue { name }
    duties { member { name } statusLabel } } } }"""


@pytest.fixture
async def rota(owner, roster):
    w = roster.world
    east = await make_venue(owner, w.county_a, "城东委员联络站")
    west = await make_venue(owner, w.county_a, "城西委员联络站")
    theirs = await make_venue(owner, w.county_b, "县B委员联络站")
    await give_venue(owner, w, w.county_a, east)
    return {"east": east, "west": west, "theirs": theirs, "roster": roster}


def session_input(venue, *members, on="2025-10-09", starts="09:00", ends="11:30", **extra):
    return {"venueId": str(venue.id), "on": on, "starts": starts, "ends": ends,
            "memberIds": [str(m.id) for m in members], **extra}


async def result(client, query, variables, token) -> dict:
    body = await gql(client, query, variables, token=token)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


async def test_the_office_keeps_venues_and_others_only_read(client, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    office = w.token(a, Role.office)
    sector = str(await sector_named(owner, a, "工会"))
    station = await result(client, CREATE_VENUE, {"i": {
        "kind": "STATION", "name": "城北委员联络站", "phone": "0774-5123911"}}, office)
    studio = await result(client, CREATE_VENUE, {"i": {
        "kind": "STUDIO", "name": "工会界别委员工作室", "hostUnit": "县总工会",
        "sectorIds": [sector]}}, office)
    assert {k: v for k, v in studio.items() if k != "id"} == {
        "__typename": "Venue", "name": "工会界别委员工作室", "kind": "STUDIO",
        "kindLabel": "界别委员工作室", "phone": None, "hostUnit": "县总工会", "isActive": True,
        "sectors": [{"name": "工会"}]}
    bad = await result(client, CREATE_VENUE, {"i": {"kind": "STUDIO", "name": "城北委员联络站"}},
                       office)
    assert bad["errors"] == [{"field": "sectorIds", "message": "界别委员工作室须指定至少一个界别"}]
    closed = await result(client, f"""mutation($id: ID!) {{ closeVenue(id: $id) {{ {VENUE} }}
                          }}""", {"id": station["id"]}, office)
    assert closed["isActive"] is False
    # Venue staff, a member, the city: read only; another county: not found.
    staff_token = w.token(a, Role.venue_staff)
    for token, expected in ((w.token(a, Role.venue_staff), "NotFoundError"),  # not theirs
                            (w.token(a, Role.member), "ForbiddenError"),
                            (w.token(w.city, Role.office), "NotFoundError"),
                            (w.token(b, Role.office), "NotFoundError")):
        body = await result(client, f"""mutation($id: ID!) {{ updateVenue(id: $id,
            input: {{name: "改名"}}) {{ {VENUE} }} }}""", {"id": studio["id"]}, token)
        assert body["__typename"] == expected
    listing = "query($c: String!) { tenant(code: $c) { venues { name isActive } } }"
    body = await gql(client, listing, {"c": a.code}, token=w.token(w.city, Role.office))
    assert body["data"]["tenant"]["venues"] == [
        {"name": "工会界别委员工作室", "isActive": True},
        {"name": "城北委员联络站", "isActive": False}]
    body = await gql(client, listing, {"c": a.code}, token=staff_token)
    assert body["data"]["tenant"]["venues"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # staff without a venue
    one = "query($c: String!, $id: ID!) { tenant(code: $c) { venue(id: $id) { name } } }"
    body = await gql(client, one, {"c": a.code, "id": studio["id"]}, token=office)
    assert body["data"]["tenant"]["venue"] == {"name": "工会界别委员工作室"}
    body = await gql(client, one, {"c": b.code, "id": studio["id"]},
                     token=w.token(b, Role.office))
    assert body["data"]["tenant"]["venue"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await count(owner, Venue, a), await count(owner, Venue, b)) == (2, 0)


async def test_a_series_across_national_day_shown_in_beijing_time(client, rota):
    roster = rota["roster"]
    w = roster.world
    staff = w.token(w.county_a, Role.venue_staff)
    zhang = roster.members["张伟"]
    made = await result(client, SERIES, {"i": {
        "venueId": str(rota["east"].id), "rrule": "FREQ=WEEKLY;BYDAY=SU",
        "firstOn": "2025-09-21", "lastOn": "2025-10-12", "starts": "09:00", "ends": "11:30",
        "holidayPolicy": "MOVE", "memberIds": [str(zhang.id)]}}, staff)
    assert made == {"__typename": "ReceptionSeries", "rrule": "FREQ=WEEKLY;BYDAY=SU",
                    "holidayPolicyLabel": "顺延到下一个工作日", "notes": [], "sessions": [
        {"on": d, "startsAt": f"{d}T09:00:00+08:00", "endsAt": f"{d}T11:30:00+08:00",
         "holidayName": None, "movedFrom": moved}
        for d, moved in (("2025-09-21", None), ("2025-09-28", None),
                         ("2025-10-09", "2025-10-05"), ("2025-10-12", None))]}
    monthly = await result(client, SERIES, {"i": {
        "venueId": str(rota["west"].id), "repeat": "MONTHLY", "weekday": 3, "ordinal": 2,
        "firstOn": "2025-09-01", "lastOn": "2025-11-30", "starts": "14:30", "ends": "16:00",
        "memberIds": [str(roster.members["李娜"].id)]}}, w.token(w.county_a, Role.office))
    assert [(s["on"], s["startsAt"]) for s in monthly["sessions"]] == [
        ("2025-09-11", "2025-09-11T14:30:00+08:00"), ("2025-10-09", "2025-10-09T14:30:00+08:00"),
        ("2025-11-13", "2025-11-13T14:30:00+08:00")]
    body = await gql(client, CALENDAR, {"c": w.county_a.code, "from": "2025-10-01",
                                        "to": "2025-10-31"}, token=staff)
    assert body["data"]["tenant"]["receptionSessions"] == [
        {"on": d, "startsAt": f"{d}T09:00:00+08:00", "endsAt": f"{d}T11:30:00+08:00",
         "venue": {"name": "城东委员联络站"},
         "duties": [{"member": {"name": "张伟"}, "statusLabel": "待确认"}]}
        for d in ("2025-10-09", "2025-10-12")]  # not 城西's: staff of 城东 see their own
    body = await gql(client, CALENDAR, {"c": w.county_a.code, "from": "2025-10-01",
                                        "to": "2025-10-31", "v": str(rota["west"].id)},
                     token=w.token(w.city, Role.office))
    assert [s["on"] for s in body["data"]["tenant"]["receptionSessions"]] == ["2025-10-09"]


async def test_typed_errors_write_nothing(client, owner, rota):
    roster = rota["roster"]
    w = roster.world
    a, office = w.county_a, w.token(w.county_a, Role.office)
    zhang = roster.members["张伟"]
    other = await make_session(owner, rota["west"], at(2025, 10, 9, 10), at(2025, 10, 9, 12),
                               members=[zhang])
    busy = await result(client, CREATE, {"i": session_input(rota["east"], zhang)}, office)
    assert busy == {"__typename": "ConflictError", "code": "CONFLICT", "rows": [{
        "kind": "MEMBER_BUSY", "kindLabel": "委员已有值班", "on": "2025-10-09",
        "message": "张伟已在城西委员联络站10月9日 10:00–12:00「倾听群众心声」的接待日值班"}],
        "message": "张伟已在城西委员联络站10月9日 10:00–12:00「倾听群众心声」的接待日值班"}
    bad = await result(client, CREATE, {"i": session_input(
        rota["east"], zhang, starts="08:00", ends="20:30", capacity=-1)}, office)
    assert bad["errors"] == [{"field": "ends", "message": "每次接待不超过 12 小时"},
                             {"field": "capacity", "message": "接待人数不能小于 0"}]
    for member_id in (str(roster.members["赵强"].id), "not-an-id"):
        missing = await result(client, CREATE, {"i": {**session_input(rota["east"]),
                                                      "memberIds": [member_id]}}, office)
        assert (missing["__typename"], missing["message"]) == (
            "NotFoundError", f"找不到委员：{member_id}")
    many = await result(client, SERIES, {"i": {
        "venueId": str(rota["east"].id), "rrule": "FREQ=DAILY", "firstOn": "2025-01-01",
        "lastOn": "2026-02-05", "starts": "09:00", "ends": "10:00",
        "memberIds": [str(zhang.id)]}}, office)
    assert (many["__typename"], many["count"], many["limit"]) == ("TooManySessionsError", 401,
                                                                  400)
    unparsable = await result(client, SERIES, {"i": {
        "venueId": str(rota["east"].id), "rrule": "FREQ=WEEKLY;BYDAY=9XX",
        "firstOn": "2025-01-01", "lastOn": "2025-02-05", "starts": "09:00", "ends": "10:00",
        "memberIds": [str(zhang.id)]}}, office)
    assert unparsable["errors"] == [{"field": "rrule", "message": "无法解析的重复规则：请检查 "
                                     "BYDAY、BYMONTHDAY、BYSETPOS 等的取值"}]
    held = await make_session(owner, rota["east"], at(2025, 9, 4, 9), at(2025, 9, 4, 11),
                              status=SessionStatus.held)
    refused = await result(client, f"""mutation($id: ID!) {{ cancelReceptionSession(id: $id,
        reason: "下雨") {{ {SESSION} {NOT_PLANNED} }} }}""", {"id": str(held.id)}, office)
    assert (refused["__typename"], refused["sessionStatus"], refused["message"]) == (
        "SessionNotPlannedError", "HELD", "该接待日已举行，不能取消")
    assert await count(owner, ReceptionSession, a) == 2 and other.id != held.id


async def test_each_role_reaches_only_its_rota(client, owner, rota):
    roster = rota["roster"]
    w = roster.world
    a, b = w.county_a, w.county_b
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    east_row = await make_session(owner, rota["east"], at(2025, 10, 9, 9), at(2025, 10, 9, 11),
                                  members=[zhang])
    west_row = await make_session(owner, rota["west"], at(2025, 10, 9, 9), at(2025, 10, 9, 11))
    move = f"""mutation($id: ID!) {{ moveReceptionSession(id: $id, on: "2025-10-10",
        starts: "09:00", ends: "10:00") {{ {SESSION} {CONFLICT} {NOT_PLANNED} }} }}"""
    members = f"""mutation($id: ID!, $add: [ID!], $remove: [ID!]) {{ setSessionMembers(id: $id,
        add: $add, remove: $remove) {{ {SESSION} {CONFLICT} {NOT_PLANNED} }} }}"""
    cases = [(w.token(a, Role.venue_staff), west_row.id, "NotFoundError"),
             (w.token(a, Role.member), east_row.id, "ForbiddenError"),
             (w.token(w.city, Role.office), east_row.id, "NotFoundError"),
             (w.token(b, Role.office), east_row.id, "NotFoundError"),
             (w.token(a, Role.office), uuid.uuid4(), "NotFoundError")]
    for token, session_id, expected in cases:
        assert (await result(client, move, {"id": str(session_id)}, token))["__typename"] \
            == expected
    created = await result(client, CREATE, {"i": session_input(rota["west"], li)},
                           w.token(a, Role.venue_staff))
    assert (created["__typename"], created["code"]) == ("NotFoundError", "NOT_FOUND")
    staff = w.token(a, Role.venue_staff)
    moved = await result(client, move, {"id": str(east_row.id)}, staff)
    assert (moved["on"], moved["startsAt"], moved["endsAt"]) == (
        "2025-10-10", "2025-10-10T09:00:00+08:00", "2025-10-10T10:00:00+08:00")
    changed = await result(client, members, {"id": str(east_row.id), "add": [str(li.id)],
                                             "remove": [str(zhang.id)]}, staff)
    assert changed["duties"] == [{"member": {"name": "李娜"}, "status": "ASSIGNED",
                                  "statusLabel": "待确认", "reason": None}]
    body = await gql(client, CALENDAR, {"c": a.code, "from": "2025-01-01", "to": "2025-12-31"},
                     token=w.token(a, Role.office))
    assert body["data"]["tenant"]["receptionSessions"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("一次最多查看 100 天", "VALIDATION")]


async def test_the_same_name_created_at_once_answers_a_typed_error(client, owner, world):
    """Both requests find the name free; the unique index takes one, the other is told."""
    import asyncio

    office = world.token(world.county_a, Role.office)
    bodies = await asyncio.gather(*[
        gql(client, CREATE_VENUE, {"i": {"kind": "STATION", "name": "同名联络站"}}, token=office)
        for _ in range(4)])
    kinds = sorted(b["data"]["createVenue"]["__typename"] for b in bodies)
    assert kinds == ["ValidationErrors"] * 3 + ["Venue"], bodies
    for body in bodies:
        if body["data"]["createVenue"]["__typename"] == "ValidationErrors":
            assert body["data"]["createVenue"]["errors"][0]["message"] in (
                "已有同名的联络站或工作室：同名联络站",
                "与已有记录重复（可能刚由他人创建），请刷新后重试")
    assert await count(owner, Venue, world.county_a) == 1
