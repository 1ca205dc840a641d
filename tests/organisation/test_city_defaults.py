"""The city's defaults (R26, R27): a county without its own value applies the city's; a county
overrides where the city allows it; a setting the city fixes applies to every county and
cannot be changed there; changing or fixing a city default never rewrites a county's own value;
the pairing rule, the report deadline and the days to answer the people all use the result."""

from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from liaison.models import LiaisonSettings
from liaison.models.account import Role
from liaison.opinions import deadlines
from liaison.organisation import defaults
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, gql
from tests.filings.test_deadlines import submit_at
from tests.opinions.opinion_rows import make_opinion

SAVE = """mutation($input: LiaisonSettingsInput!) { updateLiaisonSettings(input: $input) {
  __typename ... on LiaisonSettings { minPairings maxPairings opinionReplyDays
    reportDue { month day } }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
READ = """query($c: String!) { tenant(code: $c) { liaisonSettings {
  minPairings maxPairings opinionReplyDays reportDue { month day }
  rules { key value source ownValue aboveValue aboveSource lockedBy fixedForLower } } } }"""
PAIR = """mutation($input: PairConstituentInput!) { pairConstituent(input: $input) {
  __typename ... on PairingLimitError { maxPairings activePairings } } }"""


async def save(client, token, **fields) -> dict:
    body = await gql(client, SAVE, {"input": {"minPairings": 2, "maxPairings": 3, **fields}},
                     token=token)
    return body["data"]["updateLiaisonSettings"]


async def read(client, token, tenant) -> dict:
    return (await gql(client, READ, {"c": tenant.code}, token=token))["data"]["tenant"][
        "liaisonSettings"]


def rule(settings: dict, key: str) -> dict:
    return next(r for r in settings["rules"] if r["key"] == key)


async def test_a_county_applies_the_city_default_until_it_sets_its_own(client, roster):
    w = roster.world
    city, a, b = w.city, w.county_a, w.county_b
    city_office, a_office = w.token(city, Role.office), w.token(a, Role.office)
    saved = await save(client, city_office, minPairings=3, maxPairings=4, opinionReplyDays=20)
    assert saved["__typename"] == "LiaisonSettings"
    assert {k: v for k, v in (await read(client, a_office, a)).items() if k != "rules"} == {
        "minPairings": 3, "maxPairings": 4, "opinionReplyDays": 20,
        "reportDue": {"month": 12, "day": 20}}
    assert rule(await read(client, a_office, a), "PAIRING") == {
        "key": "PAIRING", "value": "3–4 人", "source": "测试市政协", "ownValue": None,
        "aboveValue": "3–4 人", "aboveSource": "测试市政协", "lockedBy": None,
        "fixedForLower": False}
    # County A overrides the pairing range; the city then changes its default.
    assert (await save(client, a_office, minPairings=1, maxPairings=2))["maxPairings"] == 2
    assert (await save(client, city_office, minPairings=2, maxPairings=5,
                       opinionReplyDays=20))["maxPairings"] == 5
    mine = await read(client, a_office, a)
    assert (mine["minPairings"], mine["maxPairings"]) == (1, 2)
    assert rule(mine, "PAIRING")["aboveValue"] == "2–5 人"
    assert (rule(mine, "PAIRING")["source"], rule(mine, "PAIRING")["ownValue"]) == (
        "测试0县政协", "1–2 人")
    other = await read(client, w.token(b, Role.office), b)
    assert (other["minPairings"], other["maxPairings"]) == (2, 5)
    # County A goes back to the city's value.
    back = await save(client, a_office, inherit=["PAIRING"])
    assert (back["minPairings"], back["maxPairings"]) == (2, 5)
    assert rule(await read(client, a_office, a), "PAIRING")["ownValue"] is None


async def test_a_fixed_setting_applies_everywhere_and_keeps_the_county_value(client, owner,
                                                                               roster):
    w = roster.world
    city, a = w.city, w.county_a
    city_office, a_office = w.token(city, Role.office), w.token(a, Role.office)
    await save(client, a_office, minPairings=1, maxPairings=2)
    fixed = await save(client, city_office, minPairings=2, maxPairings=3, fixed=["PAIRING"])
    assert fixed["__typename"] == "LiaisonSettings"
    mine = await read(client, a_office, a)
    assert (mine["minPairings"], mine["maxPairings"]) == (2, 3)
    assert rule(mine, "PAIRING")["lockedBy"] == "测试市政协"
    assert rule(mine, "PAIRING")["ownValue"] == "1–2 人"  # kept, not applied
    assert rule(await read(client, city_office, city), "PAIRING")["fixedForLower"] is True
    refused = await save(client, a_office, minPairings=1, maxPairings=2)
    assert refused == {"__typename": "ValidationErrors", "code": "VALIDATION", "errors": [
        {"field": "minPairings", "message": "结对联系人数由测试市政协统一规定，本级不能修改"}]}
    row = await owner.get(LiaisonSettings, a.id)
    assert (row.min_pairings, row.max_pairings) == (1, 2)
    # Giving the fixed value as it is changes nothing and is not refused.
    assert (await save(client, a_office, minPairings=2, maxPairings=3,
                       opinionReplyDays=40))["opinionReplyDays"] == 40
    await owner.refresh(row)
    assert (row.min_pairings, row.max_pairings) == (1, 2)
    # Released again: the county's own value applies once more.
    await save(client, city_office, minPairings=2, maxPairings=3, fixed=[])
    mine = await read(client, a_office, a)
    assert (mine["minPairings"], mine["maxPairings"]) == (1, 2)


async def test_the_pairing_rule_uses_the_city_maximum(client, roster):
    w = roster.world
    city, a = w.city, w.county_a
    await save(client, w.token(city, Role.office), minPairings=1, maxPairings=2,
               fixed=["PAIRING"])
    zhang = str(roster.members["张伟"].id)  # two active pairings already
    refused = await gql(client, PAIR, {"input": {"memberId": zhang, "constituent": {
        "name": "第三人", "category": "GRASSROOTS"}}}, token=w.token(a, Role.office))
    assert refused["data"]["pairConstituent"] == {
        "__typename": "PairingLimitError", "maxPairings": 2, "activePairings": 2}


async def test_the_deadlines_use_the_city_values(client, owner, database, roster):
    w = roster.world
    city, a, b = w.city, w.county_a, w.county_b
    await save(client, w.token(city, Role.office), reportDue={"month": 12, "day": 10},
               opinionReplyDays=10)
    await save(client, w.token(b, Role.office), reportDue={"month": 12, "day": 31},
               opinionReplyDays=60)
    when = datetime(2025, 12, 15, 9, tzinfo=BEIJING)
    assert await submit_at(database, w.account(a, Role.member), roster.members["张伟"].id,
                           2025, when) is True
    assert await submit_at(database, w.account(b, Role.office), roster.members["赵强"].id,
                           2025, when) is False
    opinion = await make_opinion(owner, a, "村道", raised_on=date(2025, 4, 1))
    assert await deadlines.reply_days(owner, a.id) == 10
    assert deadlines.reply_due_on(opinion, await deadlines.reply_days(owner, a.id)) == date(
        2025, 4, 11)
    query = """query($c: String!) { tenant(code: $c) { overdueOpinions(step: FEEDBACK) {
      nodes { id replyDueOn } } } }"""
    with clock.pinned(datetime(2025, 4, 15, 9, tzinfo=BEIJING)):
        body = await gql(client, query, {"c": a.code}, token=w.token(a, Role.office))
    assert body["data"]["tenant"]["overdueOpinions"]["nodes"] == [
        {"id": str(opinion.id), "replyDueOn": "2025-04-11"}]


async def test_inherit_and_fix_are_refused_where_they_mean_nothing(client, roster):
    w = roster.world
    refused = await save(client, w.token(w.city, Role.office), inherit=["PAIRING"])
    assert refused == {"__typename": "ValidationErrors", "code": "VALIDATION", "errors": [
        {"field": "inherit", "message": "本级没有上级单位，不能沿用上级设置"}]}
    bad = await gql(client, SAVE, {"input": {"minPairings": 2, "maxPairings": 3,
                                             "fixed": ["EVERYTHING"]}},
                    token=w.token(w.city, Role.office))
    assert bad["data"] is None and "EVERYTHING" in bad["errors"][0]["message"]
    for role in (Role.member, Role.committee):
        denied = await save(client, w.token(w.city, role), fixed=["PAIRING"])
        assert denied == {"__typename": "ForbiddenError", "code": "FORBIDDEN"}


async def test_sibling_settings_stay_apart_in_sql(owner, database, roster):
    """RLS: a county reads its own and its city's settings rows, never its sibling's, and
    writes only its own."""
    w = roster.world
    for tenant, days in ((w.city, 20), (w.county_b, 50)):
        owner.add(LiaisonSettings(tenant_id=tenant.id, opinion_reply_days=days))
    await owner.commit()
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(w.county_a.id))
        seen = dict((await session.execute(select(LiaisonSettings.tenant_id,
                                                  LiaisonSettings.opinion_reply_days))).all())
        assert seen == {w.city.id: 20}
        assert (await defaults.effective(session, w.county_a.id)).opinion_reply_days == 20
        changed = await session.execute(update(LiaisonSettings).values(opinion_reply_days=1))
        assert changed.rowcount == 0  # the city's row is read, never written
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(insert(LiaisonSettings).values(tenant_id=w.county_b.id,
                                                                 opinion_reply_days=1))
