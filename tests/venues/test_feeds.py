"""Calendar feeds, parsed back with icalendar: a venue's public feed (sessions, theme, names on
duty, never visitors) and a member's private feed behind a revocable token."""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from liaison.models import FeedToken, Member
from liaison.models.account import Role
from liaison.models.members import MemberStatus
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql
from tests.readback import audit_entries
from tests.venues.schedule_rows import NOW, SECRETS, build_schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATE = """mutation { createFeedToken { __typename
  ... on FeedTokenCreated { path token { id createdAt revokedAt } }
  ... on Error { code message } } }"""
REVOKE = """mutation { revokeFeedToken { __typename
  ... on FeedToken { id revokedAt } ... on Error { code message } } }"""


@pytest.fixture
async def schedule(owner, roster):
    return await build_schedule(owner, roster)


async def get(client, path):
    with clock.pinned(NOW):
        return await client.get(path)


def parse(response) -> tuple[Calendar, list]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, calendar.walk("VEVENT")


def unfolded(response) -> str:
    return response.content.decode().replace("\r\n ", "")


def local(event, name) -> datetime:
    return event[name].dt


async def test_a_venue_feed_holds_its_sessions_in_the_window(client, schedule):
    a, s = schedule.roster.world.county_a, schedule.sessions
    path = f"/p/{a.code}/venues/{schedule.venues['east'].id}.ics"
    response = await get(client, path)
    assert response.headers["cache-control"] == "public, max-age=300"
    calendar, events = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "城东委员联络站 · 委员接待日"
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    # 30 days back to 180 ahead: not the 04-01 session.
    assert [(str(e["UID"]), str(e["SUMMARY"]), str(e["STATUS"]), local(e, "DTSTART"),
             local(e, "DTEND"), str(e["LOCATION"])) for e in events] == [
        (f"session-{s[k].id}@liaison.cppcc", summary, status,
         datetime(*start, tzinfo=SHANGHAI), datetime(*end, tzinfo=SHANGHAI), "城东路 1 号")
        for k, summary, status, start, end in (
            ("past", "委员接待日：倾听群众心声", "CONFIRMED", (2025, 5, 20, 9), (2025, 5, 20, 11)),
            ("today", "委员接待日：倾听群众心声", "CONFIRMED", (2025, 6, 2, 8),
             (2025, 6, 2, 8, 30)),
            ("first", "委员接待日：倾听群众心声", "CONFIRMED", (2025, 6, 5, 9),
             (2025, 6, 5, 11, 30)),
            ("cancelled", "委员接待日：倾听群众心声", "CANCELLED", (2025, 6, 12, 9),
             (2025, 6, 12, 11)),
            ("declined", "委员接待日", "CONFIRMED", (2025, 6, 19, 14), (2025, 6, 19, 16)),
            ("late", "委员接待日：倾听群众心声", "CONFIRMED", (2025, 8, 10, 9),
             (2025, 8, 10, 11)))]
    assert all(e["DTSTART"].params["TZID"] == "Asia/Shanghai" for e in events)
    assert [str(e["DESCRIPTION"]) for e in events] == [
        "值班委员：张伟\n请携带身份证", "值班委员：王芳\n节假日：端午节\n请携带身份证",
        "值班委员：张伟、李娜\n请携带身份证", "值班委员：张伟\n请携带身份证",
        "值班委员：王芳\n请携带身份证", "值班委员：李娜\n请携带身份证"]
    # Nothing of visitors, paired people, phones, cancel reasons or notes.
    assert [x for x in SECRETS if x in unfolded(response)] == []
    # The same UIDs on the next fetch: subscribed calendars update, never duplicate.
    _, again = parse(await get(client, path))
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]


async def test_the_studio_feed_and_a_moved_session(client, schedule):
    a, s = schedule.roster.world.county_a, schedule.sessions
    response = await get(client, f"/p/{a.code}/venues/{schedule.venues['studio'].id}.ics")
    _, events = parse(response)
    assert [(str(e["UID"]), str(e["DESCRIPTION"])) for e in events] == [
        (f"session-{s['moved'].id}@liaison.cppcc",
         "值班委员：李娜\n由6月2日（节假日）顺延\n请携带身份证"),
        (f"session-{s['last'].id}@liaison.cppcc", "值班委员：张伟\n请携带身份证"),
        (f"session-{s['after'].id}@liaison.cppcc", "值班委员：王芳\n请携带身份证")]
    b = schedule.roster.world.county_b
    _, north = parse(await get(client, f"/p/{b.code}/venues/{schedule.venues['north'].id}.ics"))
    assert [str(e["DESCRIPTION"]) for e in north] == ["值班委员：赵强\n请携带身份证"] * 2


async def test_closed_unknown_and_other_tenants_venues_answer_404(client, schedule):
    w, v = schedule.roster.world, schedule.venues
    unknown = (await client.get("/no/such/page")).text
    for path in (f"/p/{w.county_a.code}/venues/{v['closed'].id}.ics",
                 f"/p/{w.county_a.code}/venues/{v['north'].id}.ics",
                 f"/p/{w.county_b.code}/venues/{v['east'].id}.ics",
                 f"/p/{w.county_a.code}/venues/{v['east'].id}",
                 f"/p/{w.county_a.code}/venues/{v['east'].id}.ics.ics",
                 f"/p/{w.county_a.code}x/venues/{v['east'].id}.ics"):
        response = await get(client, path)
        assert (response.status_code, response.text) == (404, unknown), path


async def make_token(client, world, tenant=None) -> dict:
    tenant = tenant or world.county_a
    body = await gql(client, CREATE, token=world.token(tenant, Role.member))
    made = body["data"]["createFeedToken"]
    assert made["__typename"] == "FeedTokenCreated", body
    return made


async def test_a_members_feed_holds_their_duties(client, owner, schedule):
    w = schedule.roster.world
    made = await make_token(client, w)
    assert made["path"].startswith(f"/feeds/{w.county_a.code}/")
    assert made["token"]["revokedAt"] is None
    response = await get(client, made["path"])
    assert response.headers["cache-control"] == "private, no-cache"
    calendar, events = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "张伟的接待日值班"
    # Not declined (08-10), not before the window (04-01); the closed venue's duty stays.
    assert [(str(e["SUMMARY"]), str(e["STATUS"]), local(e, "DTSTART")) for e in events] == [
        ("委员接待日：倾听群众心声（城东委员联络站）", "CONFIRMED",
         datetime(2025, 5, 20, 9, tzinfo=SHANGHAI)),
        ("委员接待日：倾听群众心声（城东委员联络站）", "CONFIRMED",
         datetime(2025, 6, 5, 9, tzinfo=SHANGHAI)),
        ("委员接待日：倾听群众心声（城南委员联络站）", "CONFIRMED",
         datetime(2025, 6, 8, 9, tzinfo=SHANGHAI)),
        ("委员接待日：倾听群众心声（城东委员联络站）", "CANCELLED",
         datetime(2025, 6, 12, 9, tzinfo=SHANGHAI)),
        ("委员接待日：民营企业发展（民革界别委员工作室）", "CONFIRMED",
         datetime(2025, 7, 31, 15, tzinfo=SHANGHAI))]
    assert str(events[1]["DESCRIPTION"]) == (
        "阵地：城东委员联络站\n地址：城东路 1 号\n值班状态：待确认\n同班委员：李娜\n请携带身份证")
    assert str(events[0]["DESCRIPTION"]).split("\n")[2] == "值班状态：已确认"
    assert str(events[3]["DESCRIPTION"]).startswith("已取消：天气原因\n")
    assert str(events[1]["LOCATION"]) == "城东委员联络站，城东路 1 号"
    assert len({str(e["UID"]) for e in events}) == 5
    assert [x for x in SECRETS if x in unfolded(response) and x != "天气原因"] == []
    # Only the secret's SHA-256 is kept.
    secret = made["path"].rsplit("/", 1)[1].removesuffix(".ics").split(".")[1]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    row = await owner.scalar(select(FeedToken).where(FeedToken.tenant_id == w.county_a.id))
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.member_id == schedule.roster.members["张伟"].id
    assert [e.action for e in await audit_entries(owner, w.county_a)] == ["feed_token_created"]


async def test_a_revoked_token_answers_404_at_once(client, owner, schedule):
    w = schedule.roster.world
    unknown = (await client.get("/no/such/page")).text
    first = await make_token(client, w)
    second = await make_token(client, w)  # revokes the first
    assert (await get(client, first["path"])).text == unknown
    assert (await get(client, second["path"])).status_code == 200
    token = w.token(w.county_a, Role.member)
    revoked = (await gql(client, REVOKE, token=token))["data"]["revokeFeedToken"]
    assert revoked["__typename"] == "FeedToken" and revoked["id"] == second["token"]["id"]
    assert revoked["revokedAt"] is not None
    gone = await get(client, second["path"])
    assert (gone.status_code, gone.text) == (404, unknown)
    again = (await gql(client, REVOKE, token=token))["data"]["revokeFeedToken"]
    assert (again["__typename"], again["code"]) == ("NotFoundError", "NOT_FOUND")
    assert [e.action for e in await audit_entries(owner, w.county_a)] == [
        "feed_token_created", "feed_token_revoked", "feed_token_created", "feed_token_revoked"]


async def test_tokens_work_only_under_their_own_tenants_code(client, schedule):
    w = schedule.roster.world
    unknown = (await client.get("/no/such/page")).text
    made = await make_token(client, w)
    name = made["path"].rsplit("/", 1)[1]
    token_id, secret = name.removesuffix(".ics").split(".")
    for path in (f"/feeds/{w.county_b.code}/{name}", f"/feeds/{w.city.code}/{name}",
                 f"/feeds/{w.county_a.code}/{token_id}.{secret[:-1]}x.ics",
                 f"/feeds/{w.county_a.code}/{token_id}.{secret}",
                 f"/feeds/{w.county_a.code}/{token_id}.ics",
                 f"/feeds/{w.county_a.code}/{'0' * 32}.{secret}.ics",
                 f"/feeds/{w.county_a.code}/{token_id.upper()}.{secret}.ics",
                 f"/feeds/{w.county_a.code}/{name[:-4]}{'a' * 500}.ics"):
        response = await get(client, path)
        assert (response.status_code, response.text) == (404, unknown), path
    assert (await get(client, made["path"])).status_code == 200


@pytest.mark.parametrize("role", [Role.office, Role.venue_staff, Role.leadership])
async def test_only_a_member_makes_a_feed_for_themself(client, owner, schedule, role):
    w = schedule.roster.world
    for query, field in ((CREATE, "createFeedToken"), (REVOKE, "revokeFeedToken")):
        body = await gql(client, query, token=w.token(w.county_a, role))
        assert body["data"][field]["__typename"] == "ForbiddenError"
    anonymous = await gql(client, CREATE)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert (await owner.scalars(select(FeedToken).where(
        FeedToken.tenant_id == w.county_a.id))).all() == []


async def test_a_member_who_left_revokes_but_makes_no_new_url(client, owner, schedule):
    w = schedule.roster.world
    made = await make_token(client, w)
    member = schedule.roster.members["张伟"]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    await owner.execute(update(Member).where(
        Member.tenant_id == w.county_a.id, Member.id == member.id).values(
        status=MemberStatus.left, left_on=date(2025, 6, 1)))
    await owner.commit()
    token = w.token(w.county_a, Role.member)
    refused = (await gql(client, CREATE, token=token))["data"]["createFeedToken"]
    assert refused["__typename"] == "ForbiddenError"
    assert (await get(client, made["path"])).status_code == 200
    revoked = (await gql(client, REVOKE, token=token))["data"]["revokeFeedToken"]
    assert revoked["__typename"] == "FeedToken"
    assert (await get(client, made["path"])).status_code == 404


async def test_marking_a_member_left_stops_their_feed_at_once(client, schedule):
    w = schedule.roster.world
    made = await make_token(client, w)
    assert (await get(client, made["path"])).status_code == 200
    body = await gql(client, """mutation($i: MarkMemberLeftInput!) { markMemberLeft(input: $i) {
        __typename } }""", {"i": {"memberId": str(schedule.roster.members["张伟"].id),
                                  "leftOn": "2025-06-01", "reason": "工作调动"}},
                     token=w.token(w.county_a, Role.office))
    assert body["data"]["markMemberLeft"]["__typename"] == "Member", body
    assert (await get(client, made["path"])).status_code == 404
