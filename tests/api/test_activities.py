"""Sector activities through GraphQL: the paired people who took part count for exactly their
members who took part; a day in the future and other bad input are typed errors and write
nothing; who lists which; another tenant's activities and ids are not found."""

import pytest

from liaison.models import Contact, SectorActivity
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import gql, sector_named
from tests.readback import count
from tests.venues.record_rows import NOW, build_records
from tests.venues.venue_rows import give_venue

CREATE = """mutation($i: SectorActivityInput!) { createSectorActivity(input: $i) { __typename
  ... on SectorActivityRecorded { summary unpairedPeople pairings { memberName constituentName }
    activity { id kindLabel title heldOn people { name } peopleCount } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
UPDATE = """mutation($id: ID!, $i: SectorActivityInput!) { updateSectorActivity(id: $id, input: $i)
  { __typename ... on SectorActivityRecorded { activity { title heldOn } }
    ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
LIST = """query($code: String!, $year: Int, $sector: ID) { tenant(code: $code) {
  sectorActivities(year: $year, sectorId: $sector, first: 10) { nodes { title
    members { name } peopleCount people { name } pairings { memberName } } } } }"""
BEHIND = """query($code: String!) { tenant(code: $code) { compliance(year: 2025, quarter: 2) {
  behind(first: 20) { items { member { name } constituent { name } } } } } }"""


@pytest.fixture
async def rec(owner, roster):
    return await build_records(owner, roster)


async def call(client, query, variables, token):
    with clock.pinned(NOW):
        return await gql(client, query, variables, token=token)


async def activity(owner, rec, tenant=None, **change) -> dict:
    tenant = tenant or rec.world.county_a
    values = {"kind": "FORUM", "title": "界别座谈会", "heldOn": "2025-05-15",
              "sectorIds": [str(await sector_named(owner, tenant, "中共"))],
              "memberIds": [str(rec.member("张伟").id)],
              "constituentIds": [str(rec.person("陈群众")), str(rec.person("黄群众"))],
              "place": "政协会议室", "peopleReached": 12, "summary": "座谈\n两小时"}
    values.update(change)
    return values


def office(rec, tenant=None):
    return rec.world.token(tenant or rec.world.county_a, Role.office)


async def behind(client, rec) -> set:
    body = await call(client, BEHIND, {"code": rec.world.county_a.code}, office(rec))
    return {(i["member"]["name"], i["constituent"]["name"])
            for i in body["data"]["tenant"]["compliance"]["behind"]["items"]}


async def test_paired_people_who_took_part_count_for_exactly_their_members(client, owner, rec):
    assert await behind(client, rec) == {("张伟", "陈群众"), ("张伟", "刘群众"),
                                         ("李娜", "黄群众")}
    body = await call(client, CREATE, {"i": await activity(owner, rec)}, office(rec))
    made = body["data"]["createSectorActivity"]
    assert {k: v for k, v in made.items() if k != "activity"} == {
        "__typename": "SectorActivityRecorded",
        "summary": "已记为委员联系服务，计入结对联系：张伟—陈群众；"
                   "黄群众 的结对委员未参加本次活动，未记为联系服务",
        "unpairedPeople": ["黄群众"],
        "pairings": [{"memberName": "张伟", "constituentName": "陈群众"}]}
    assert (made["activity"]["kindLabel"], made["activity"]["peopleCount"]) == ("界别座谈会", 2)
    assert await behind(client, rec) == {("张伟", "刘群众"), ("李娜", "黄群众")}


async def test_bad_activities_are_refused_and_write_nothing(client, owner, rec):
    a = rec.world.county_a
    b_sector = str(await sector_named(owner, rec.world.county_b, "中共"))
    cases = [
        ({"heldOn": "2025-05-21"}, [{"field": "heldOn", "message": "活动日期不能晚于今天"}]),
        ({"title": "题" * 101}, [{"field": "title", "message": "活动名称不超过 100 个字符"}]),
        ({"sectorIds": [b_sector]},
         [{"field": "sectorIds", "message": f"本单位没有该界别：{b_sector}"}]),
        ({"memberIds": []}, [{"field": "memberIds", "message": "请选择至少一个参加委员"}]),
        ({"peopleReached": -3},
         [{"field": "peopleReached", "message": "覆盖群众人数须在 0 到 1000000 之间"}]),
    ]
    before = (await count(owner, SectorActivity, a), await count(owner, Contact, a))
    for change, expected in cases:
        body = await call(client, CREATE, {"i": await activity(owner, rec, **change)},
                          office(rec))
        assert body["data"]["createSectorActivity"].get("errors") == expected, (change, body)
    for change in ({"title": "座谈\x07会"}, {"place": "会议室\n二楼"}):
        body = await call(client, CREATE, {"i": await activity(owner, rec, **change)},
                          office(rec))
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_INPUT"], change
    body = await call(client, CREATE, {"i": await activity(owner, rec, memberIds=["x"])},
                      office(rec))
    assert body["data"]["createSectorActivity"]["__typename"] == "NotFoundError"
    assert (await count(owner, SectorActivity, a), await count(owner, Contact, a)) == before


async def test_roles_and_other_tenants(client, owner, rec):
    w = rec.world
    data = await activity(owner, rec)
    made = (await call(client, CREATE, {"i": data}, office(rec)))["data"][
        "createSectorActivity"]["activity"]
    for token, expected in ((w.token(w.county_a, Role.member), "ForbiddenError"),
                            (w.token(w.county_a, Role.venue_staff), "ForbiddenError"),
                            (w.token(w.city, Role.office), "ValidationErrors")):
        body = await call(client, CREATE, {"i": data}, token)
        assert body["data"]["createSectorActivity"]["__typename"] == expected, token
    for token in (office(rec, w.county_b), w.token(w.city, Role.office),
                  w.token(w.county_a, Role.venue_staff)):
        body = await call(client, UPDATE, {"id": made["id"], "i": data}, token)
        assert body["data"]["updateSectorActivity"]["__typename"] == "NotFoundError"
    body = await call(client, UPDATE, {"id": made["id"], "i": {**data, "title": "改名"}},
                      office(rec))
    assert body["data"]["updateSectorActivity"]["activity"]["title"] == "改名"
    await give_venue(owner, w, w.county_a, rec.studio)
    studio = await call(client, CREATE, {"i": {**data, "kind": "STUDIO", "title": "工作室",
                                               "venueId": str(rec.studio.id),
                                               "constituentIds": []}},
                        w.token(w.county_a, Role.venue_staff))
    assert studio["data"]["createSectorActivity"]["__typename"] == "SectorActivityRecorded"


async def test_who_lists_which_activities(client, owner, rec):
    w = rec.world
    await call(client, CREATE, {"i": await activity(owner, rec)}, office(rec))
    await call(client, CREATE, {"i": await activity(
        owner, rec, title="李娜的", memberIds=[str(rec.member("李娜").id)], constituentIds=[],
        heldOn="2024-10-01")}, office(rec))
    await call(client, CREATE, {"i": await activity(
        owner, rec, w.county_b, title="县乙的", memberIds=[str(rec.member("赵强").id)],
        constituentIds=[])}, office(rec, w.county_b))

    async def listed(token, code=w.county_a.code, **variables):
        body = await call(client, LIST, {"code": code, **variables}, token)
        tenant = body["data"]["tenant"]
        return tenant and [n["title"] for n in tenant["sectorActivities"]["nodes"]]

    assert await listed(office(rec)) == ["界别座谈会", "李娜的"]
    assert await listed(office(rec), year=2024) == ["李娜的"]
    assert await listed(w.token(w.county_a, Role.member)) == ["界别座谈会"]
    assert await listed(w.token(w.county_a, Role.venue_staff)) == []
    assert await listed(w.token(w.city, Role.office)) == ["界别座谈会", "李娜的"]
    assert await listed(office(rec, w.county_b)) is None
    assert await listed(office(rec, w.county_b), w.county_b.code) == ["县乙的"]
    body = await call(client, LIST, {"code": w.county_a.code}, w.token(w.city, Role.office))
    first = body["data"]["tenant"]["sectorActivities"]["nodes"][0]
    assert (first["peopleCount"], first["people"], first["pairings"]) == (2, None, None)
    body = await call(client, LIST, {"code": w.county_a.code}, office(rec))
    first = body["data"]["tenant"]["sectorActivities"]["nodes"][0]
    assert (first["members"], first["pairings"]) == ([{"name": "张伟"}], [{"memberName": "张伟"}])
