"""What an attacker might send to the rota mutations: a typed error or INVALID_INPUT, nothing
written, no 500."""

import uuid

from liaison.models import ReceptionSeries, ReceptionSession, SessionDuty, Venue
from liaison.models.account import Role
from tests.api.test_venues import CREATE, SERIES, session_input
from tests.builders import gql
from tests.readback import count
from tests.venues.rota_rows import stored_sessions
from tests.venues.venue_rows import make_venue


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def written(owner, tenant) -> tuple[int, ...]:
    return tuple([await count(owner, model, tenant)
                  for model in (Venue, ReceptionSession, ReceptionSeries, SessionDuty)])


async def test_bad_rota_input_is_refused_and_writes_nothing(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    east = await make_venue(owner, w.county_a, "城东委员联络站")
    zhang = roster.members["张伟"]
    series = {"venueId": str(east.id), "firstOn": "2025-01-01", "lastOn": "2025-03-01",
              "starts": "09:00", "ends": "10:00", "memberIds": [str(zhang.id)]}
    before = await written(owner, w.county_a)
    body = await gql(client, SERIES, {"i": {**series, "rrule": "FREQ=WEEKLY;" * 900}},
                     token=office)
    assert body["data"]["createReceptionSeries"]["errors"] == [
        {"field": "rrule", "message": "重复规则不超过 200 个字符"}]
    body = await gql(client, SERIES, {"i": {**series, "rrule": "FREQ=WEEKLY",
                                            "repeat": "WEEKLY", "weekday": 99}}, token=office)
    assert body["data"]["createReceptionSeries"]["errors"] == [
        {"field": "rrule", "message": "请填写 rrule，或选择 repeat（每周或每月），二者选一"}]
    for change in ({"rrule": "FREQ=WEEKLY\nBYDAY=MO"}, {"rrule": "FREQ=WEEKLY", "theme": "\x00"},
                   {"rrule": "FREQ=WEEKLY", "firstOn": "0001-01-01"}):
        body = await gql(client, SERIES, {"i": {**series, **change}}, token=office)
        assert codes(body) == ["INVALID_INPUT"], change
    flood = [str(uuid.uuid4()) for _ in range(21)]
    body = await gql(client, CREATE, {"i": {**session_input(east), "memberIds": flood}},
                     token=office)
    assert body["data"]["createReceptionSession"]["errors"] == [
        {"field": "memberIds", "message": "每次接待日最多安排 20 名值班委员"}]
    body = await gql(client, CREATE, {"i": {**session_input(east, zhang),
                                            "venueId": "../../etc"}}, token=office)
    assert body["data"]["createReceptionSession"]["__typename"] == "NotFoundError"
    assert await written(owner, w.county_a) == before


async def test_an_offset_sent_with_a_time_is_ignored_times_are_the_tenants(client, owner,
                                                                        roster):
    w = roster.world
    east = await make_venue(owner, w.county_a, "城东委员联络站")
    body = await gql(client, CREATE, {"i": session_input(
        east, roster.members["张伟"], starts="09:00+05:00", ends="10:00-03:00")},
        token=w.token(w.county_a, Role.office))
    made = body["data"]["createReceptionSession"]
    assert (made["startsAt"], made["endsAt"]) == ("2025-10-09T09:00:00+08:00",
                                                  "2025-10-09T10:00:00+08:00")
    assert [s[:2] for s in await stored_sessions(owner, w.county_a)] == [("10-09 09:00",
                                                                          "10:00")]
