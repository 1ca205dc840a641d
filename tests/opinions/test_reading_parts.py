"""What an opinion shows of its parts follows the reader's own scope: merged opinions only
those the reader may read on their own; a person who raised it only to readers of their
pairing. A guidance note's author name fits its column however long the display name."""

from datetime import date

from sqlalchemy import text, update

from liaison.models import Account, OpinionPerson
from liaison.models.account import Role
from tests.builders import gql
from tests.opinions.opinion_rows import make_opinion

READ = """query($c: String!) { tenant(code: $c) { opinions(first: 50) { nodes {
  title merged { title } people { constituent { name } } } } } }"""
NOTE = """mutation($id: ID!, $t: String!) { addOpinionNote(id: $id, text: $t) { __typename
  ... on OpinionNote { authorName } } }"""


async def parts(client, token, tenant) -> dict:
    body = await gql(client, READ, {"c": tenant.code}, token=token)
    return {n["title"]: n for n in body["data"]["tenant"]["opinions"]["nodes"]}


async def test_merged_opinions_and_people_follow_the_readers_scope(client, owner, roster):
    w, a = roster.world, roster.world.county_a
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    lead = await make_opinion(owner, a, "村道", raised_on=date(2025, 4, 1), member=zhang)
    await make_opinion(owner, a, "路灯", raised_on=date(2025, 4, 2), member=li,
                       merged_into=lead)
    for name in ("陈群众", "黄群众"):  # 黄群众 is 李娜's, not 张伟's
        owner.add(OpinionPerson(tenant_id=a.id, opinion_id=lead.id,
                                constituent_id=roster.pairings[name].constituent_id))
    await owner.commit()
    office = (await parts(client, w.token(a, Role.office), a))["村道"]
    assert office["merged"] == [{"title": "路灯"}]
    assert sorted(p["constituent"]["name"] for p in office["people"]) == ["陈群众", "黄群众"]
    mine = (await parts(client, w.token(a, Role.member), a))["村道"]  # 张伟's account
    assert mine["merged"] == []
    assert sorted((p["constituent"] or {}).get("name", "—") for p in mine["people"]) == [
        "—", "陈群众"]
    convenor = await parts(client, w.token(a, Role.convenor), a)  # 中共: 张伟, not 李娜
    assert convenor["村道"]["merged"] == []


async def test_a_long_author_name_fits_the_note(client, owner, roster):
    w, a = roster.world, roster.world.county_a
    opinion = await make_opinion(owner, a, "村道", raised_on=date(2025, 4, 1))
    account = w.account(w.city, Role.office)
    await owner.execute(text("SELECT set_config('app.tenant_id', :t, true)"),
                        {"t": str(w.city.id)})
    await owner.execute(update(Account).where(Account.id == account.id)
                        .values(display_name="长" * 64))
    await owner.commit()
    note = await gql(client, NOTE, {"id": str(opinion.id), "t": "请答复"},
                     token=w.token(w.city, Role.office))
    name = note["data"]["addOpinionNote"]["authorName"]
    assert (len(name), name.startswith(w.city.short_name)) == (64, True)
