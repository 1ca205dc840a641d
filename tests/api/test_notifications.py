"""Members read their notifications and mark them read (their own only); a committee's accounts
read their committee's."""

from datetime import date, datetime

from liaison.models.account import Role
from liaison.models.opinions import OpinionState as S
from tests.builders import BEIJING, first_committee, gql, token_for
from tests.opinions.opinion_rows import (
    assign_committee,
    committee_account,
    make_committee,
    make_opinion,
)
from tests.readback import remind


async def test_members_read_their_notifications(client, database, roster):
    w = roster.world
    await remind(database, w.county_a, datetime(2025, 3, 18, 9, tzinfo=BEIJING))
    query = """query($unread: Boolean!) { me { notifications(unreadOnly: $unread) {
      nodes { id title readAt } } } }"""
    member = w.token(w.county_a, Role.member)
    body = await gql(client, query, {"unread": True}, token=member)
    [note] = body["data"]["me"]["notifications"]["nodes"]
    assert note["title"] == "2025年第一季度尚未联系：刘群众、陈群众"
    mark = """mutation($id: ID!) { markNotificationRead(id: $id) { __typename
      ... on Notification { readAt } } }"""
    marked = await gql(client, mark, {"id": note["id"]}, token=member)
    assert marked["data"]["markNotificationRead"]["readAt"] is not None
    assert (await gql(client, query, {"unread": True}, token=member))["data"]["me"][
        "notifications"]["nodes"] == []
    office = await gql(client, mark, {"id": note["id"]}, token=w.token(w.county_a, Role.office))
    assert office["data"]["markNotificationRead"]["__typename"] == "NotFoundError"
    others = await gql(client, query, {"unread": False}, token=w.token(w.county_a, Role.office))
    assert others["data"]["me"]["notifications"]["nodes"] == []


async def test_a_committees_accounts_read_its_notifications(client, database, owner, roster):
    w = roster.world
    a = w.county_a
    committee = await first_committee(owner, a)
    await assign_committee(owner, w.account(a, Role.committee), committee)
    colleague = await committee_account(owner, a, "colleague", committee)
    elsewhere = await committee_account(owner, a, "elsewhere",
                                        await make_committee(owner, a, "另一委员会"))
    await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 4, 1), state=S.handling,
                       due_on=date(2025, 4, 20), member=roster.members["张伟"],
                       committee_id=committee)
    await remind(database, a, datetime(2025, 4, 21, 9, tzinfo=BEIJING))
    query = """query($unread: Boolean!) { me { notifications(unreadOnly: $unread) {
      nodes { id title body readAt } } } }"""
    mine = await gql(client, query, {"unread": True}, token=w.token(a, Role.committee))
    [note] = mine["data"]["me"]["notifications"]["nodes"]
    assert note["body"].startswith("贵委承办的意见建议“修缮村道”")
    member = await gql(client, query, {"unread": True}, token=w.token(a, Role.member))
    assert [n["body"][:4] for n in member["data"]["me"]["notifications"]["nodes"]] == ["您报送的"]
    for account in (elsewhere, w.account(a, Role.office), w.account(w.county_b, Role.committee)):
        body = await gql(client, query, {"unread": False}, token=token_for(account))
        assert body["data"]["me"]["notifications"]["nodes"] == []
    mark = """mutation($id: ID!) { markNotificationRead(id: $id) { __typename } }"""
    refused = await gql(client, mark, {"id": note["id"]}, token=token_for(elsewhere))
    assert refused["data"]["markNotificationRead"]["__typename"] == "NotFoundError"
    marked = await gql(client, mark, {"id": note["id"]}, token=token_for(colleague))
    assert marked["data"]["markNotificationRead"]["__typename"] == "Notification"
    # One notification for the whole committee: read by one, read for all.
    again = await gql(client, query, {"unread": True}, token=w.token(a, Role.committee))
    assert again["data"]["me"]["notifications"]["nodes"] == []
