"""Tenant.overdueOpinions: the opinions overdue at a step today (pinned), longest overdue
first, in the caller's opinion scope; another tenant's list answers not found; the reply
days set through updateLiaisonSettings move the 反馈超期 list."""

from datetime import date, datetime

from liaison.models.account import Role
from liaison.models.opinions import OpinionState as S
from liaison.tenancy import clock
from tests.builders import BEIJING, first_committee, gql
from tests.opinions.opinion_rows import assign_committee, make_opinion

OVERDUE = """query($c: String!, $step: OpinionOverdueStep!, $first: Int! = 20, $after: String) {
  tenant(code: $c) { overdueOpinions(step: $step, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { id } } } }"""
SETTINGS = """mutation($days: Int) { updateLiaisonSettings(input: {minPairings: 2,
  maxPairings: 3, opinionReplyDays: $days}) { __typename
  ... on LiaisonSettings { opinionReplyDays } ... on ValidationErrors { errors { field message } }
  ... on Error { code } } }"""
NOW = datetime(2025, 5, 2, 9, tzinfo=BEIJING)


async def overdue(client, token, tenant, step, **page) -> list[str] | None:
    with clock.pinned(NOW):
        body = await gql(client, OVERDUE, {"c": tenant.code, "step": step, **page}, token=token)
    found = body["data"]["tenant"]
    return None if found is None else [n["id"] for n in found["overdueOpinions"]["nodes"]]


async def test_the_overdue_lists_answer_exact_ids_in_each_scope(client, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    zhang = roster.members["张伟"]
    committee = await first_committee(owner, a)
    await assign_committee(owner, w.account(a, Role.committee), committee)
    road = await make_opinion(owner, a, "村道", raised_on=date(2025, 3, 30), state=S.handling,
                              due_on=date(2025, 4, 20), member=zhang, committee_id=committee)
    lamp = await make_opinion(owner, a, "路灯", raised_on=date(2025, 4, 1))
    merged = await make_opinion(owner, a, "并入村道", raised_on=date(2025, 3, 31),
                                state=S.handling, due_on=date(2025, 4, 20), merged_into=road)
    await make_opinion(owner, a, "今日到期", raised_on=date(2025, 4, 15), state=S.handling,
                       due_on=date(2025, 5, 2), member=zhang)
    await make_opinion(owner, a, "已反馈", raised_on=date(2025, 3, 1), state=S.fed_back,
                       due_on=date(2025, 3, 10), member=zhang, committee_id=committee)
    bridge = await make_opinion(owner, b, "桥梁", raised_on=date(2025, 4, 1), state=S.handling,
                                due_on=date(2025, 4, 20))
    ids = {o: str(o.id) for o in (road, lamp, merged, bridge)}

    office = w.token(a, Role.office)
    assert await overdue(client, office, a, "HANDLING") == sorted([ids[road], ids[merged]])
    assert await overdue(client, office, a, "FEEDBACK") == [ids[road], ids[merged], ids[lamp]]
    for token in (w.token(w.city, Role.office), w.token(w.city, Role.leadership)):
        assert await overdue(client, token, a, "FEEDBACK") == [ids[road], ids[merged],
                                                               ids[lamp]]
    for role in (Role.committee, Role.member):  # its committee's; his own
        assert await overdue(client, w.token(a, role), a, "FEEDBACK") == [ids[road]]
    assert await overdue(client, w.token(b, Role.office), b, "HANDLING") == [ids[bridge]]
    assert await overdue(client, w.token(b, Role.office), a, "HANDLING") is None
    with clock.pinned(NOW):
        body = await gql(client, OVERDUE, {"c": a.code, "step": "HANDLING"},
                         token=w.token(a, Role.venue_staff))
    assert body["data"]["tenant"]["overdueOpinions"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]

    with clock.pinned(NOW):
        first = await gql(client, OVERDUE, {"c": a.code, "step": "FEEDBACK", "first": 2},
                          token=office)
    page = first["data"]["tenant"]["overdueOpinions"]
    assert ([n["id"] for n in page["nodes"]], page["pageInfo"]["hasNextPage"]) == (
        [ids[road], ids[merged]], True)
    assert await overdue(client, office, a, "FEEDBACK",
                         after=page["pageInfo"]["endCursor"]) == [ids[lamp]]

    due = "query($c: String!) { tenant(code: $c) { opinions { nodes { title replyDueOn } } } }"
    before = await gql(client, due, {"c": a.code}, token=office)
    assert {n["title"]: n["replyDueOn"] for n in before["data"]["tenant"]["opinions"]["nodes"]
            }["村道"] == "2025-04-29"
    changed = await gql(client, SETTINGS, {"days": 32}, token=office)
    assert changed["data"]["updateLiaisonSettings"] == {"__typename": "LiaisonSettings",
                                                        "opinionReplyDays": 32}
    after = await gql(client, due, {"c": a.code}, token=office)
    assert {n["title"]: n["replyDueOn"] for n in after["data"]["tenant"]["opinions"]["nodes"]
            }["村道"] == "2025-05-01"
    assert await overdue(client, office, a, "FEEDBACK") == [ids[road]]  # due 05-01; 并入村道 05-02
    assert await overdue(client, w.token(b, Role.office), b, "FEEDBACK") == [ids[bridge]]
