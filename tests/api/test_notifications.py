"""Members read their notifications and mark them read (their own only)."""

from datetime import datetime

from liaison.models.account import Role
from tests.builders import BEIJING, gql
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
