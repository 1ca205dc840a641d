"""Compiled plans (api/compiled.py) answer exactly what graphql-core's execution answers:
each document is sent twice per viewer — once as served, once with compiled plans turned off
— and the two bodies must be equal, errors included. Each case also says which path it must
take, so a plan that silently stops compiling (or compiles what it must not) fails here."""

from datetime import date

import pytest
from sqlalchemy import update

from liaison.api import compiled, guards
from liaison.models import Member, Pairing
from liaison.models.account import Role
from tests.builders import gql, token_for
from tests.perf.planned import both

EVERYTHING = """query($code: String!, $sort: MemberSort, $first: Int!) {
  __typename
  org: tenant(code: $code) { __typename id code name shortName level path
    roster: members(first: $first, sort: $sort) { __typename totalCount
      pageInfo { __typename hasNextPage endCursor }
      edges { __typename cursor node { id name } }
      nodes { __typename id name gender genderLabel ethnicity party workUnit post
        isLeadingCadre status statusLabel leftOn leftReason phone activePairingCount
        sector { __typename id name sortOrder invited }
        current: pairings(includeEnded: false) { __typename id startedOn endedOn endReason
          constituent { __typename id name party workUnit post category categoryLabel phone }
        } } } } }"""
BENCH = """query($code: String!) { tenant(code: $code) { members(first: 20) { nodes {
  id name phone sector { name } pairings { startedOn constituent { name phone } } } } } }"""
NO_PAIRINGS = """query($code: String!) { tenant(code: $code) { members(first: 2) {
  nodes { name phone } pageInfo { hasNextPage endCursor } } } }"""
PAGED = """query($code: String!, $after: String, $sort: MemberSort) { tenant(code: $code) {
  members(first: 1, after: $after, sort: $sort) { nodes { name } pageInfo { endCursor } } } }"""
# Documents the plans leave to graphql-core.
FILTERED = """query($code: String!) { tenant(code: $code) {
  members(filter: { name: "张" }) { nodes { name phone } } } }"""
FRAGMENT = """query($code: String!) { tenant(code: $code) { members { nodes { ...m } } } }
  fragment m on Member { name phone }"""
DIRECTIVE = """query($code: String!, $p: Boolean!) { tenant(code: $code) {
  members { nodes { name phone @include(if: $p) } } } }"""
OTHER_FIELD = """query($code: String!) { tenant(code: $code) { members { nodes {
  name term { name } } } } }"""
HISTORY = """query($code: String!) { tenant(code: $code) { members { nodes {
  name pairings(includeEnded: true) { endReason } } } } }"""


@pytest.fixture
async def ended(owner, roster):
    await owner.execute(update(Pairing).where(Pairing.id == roster.pairings["刘群众"].id)
                        .values(ended_on=date(2025, 3, 1), end_reason="迁居外地"))
    await owner.execute(update(Member).where(Member.id == roster.members["王芳"].id)
                        .values(status="left", left_on=date(2025, 6, 30), gender="female",
                                left_reason="工作调动", work_unit="某单位"))
    await owner.commit()


CASES = [(EVERYTHING, {"first": 10}), (EVERYTHING, {"first": 2, "sort": "SECTOR"}),
         (BENCH, {}), (NO_PAIRINGS, {})]


async def test_plans_answer_as_graphql_core_for_every_viewer(client, roster, ended, paths):
    w = roster.world
    a = w.county_a
    viewers = [(a, role) for role in (Role.office, Role.convenor, Role.leadership)]
    viewers.append((w.city, Role.office))  # reads the county's members, phones masked
    for tenant, role in viewers:
        for query, variables in CASES:
            served, general, planned = await both(
                client, paths, query, {"code": a.code, **variables}, w.token(tenant, role))
            assert served == general, (role, query[:40])
            assert "errors" not in served, served
            assert planned, (tenant.code, role, query[:40])
    body, _, _ = await both(client, paths, EVERYTHING, {"code": a.code, "first": 10},
                            w.token(a, Role.office))
    org = body["data"]["org"]
    assert [n["name"] for n in org["roster"]["nodes"]] == ["张伟", "李娜", "王芳"]
    zhang = org["roster"]["nodes"][0]
    assert (zhang["phone"], zhang["activePairingCount"]) == ("13812345678", 1)
    assert [p["constituent"]["name"] for p in zhang["current"]] == ["陈群众"]
    wang = org["roster"]["nodes"][2]
    assert (wang["status"], wang["leftOn"], wang["gender"], wang["genderLabel"]) == (
        "LEFT", "2025-06-30", "FEMALE", "女")
    assert org["roster"]["totalCount"] == 3


async def test_a_member_viewer_and_refusals_go_the_general_way(client, roster, paths):
    """A member sees the constituents they are paired with in clear (the plan does not hold
    that), so their page is answered by graphql-core; so are errors."""
    w = roster.world
    a, b = w.county_a, w.county_b
    member = w.token(a, Role.member)
    served, general, planned = await both(client, paths, BENCH, {"code": a.code}, member)
    assert (served == general, planned) == (True, False)
    assert served["data"]["tenant"]["members"]["nodes"][0]["pairings"][0]["constituent"][
        "phone"] == "13900001111"
    office = w.token(a, Role.office)
    for variables, token, code in (
            ({"code": a.code, "first": 10}, None, "UNAUTHENTICATED"),
            ({"code": a.code, "first": 500}, office, "BAD_PAGE_SIZE"),
            ({"code": a.code, "first": "x"}, office, "INVALID_INPUT")):
        served, general, planned = await both(client, paths, EVERYTHING, variables, token)
        assert (served == general, planned) == (True, False), served
        assert served["errors"][0]["extensions"]["code"] == code, served
    # Another county's members: its tenant is not visible, so null, planned like any other.
    served, general, planned = await both(client, paths, BENCH, {"code": b.code}, office)
    assert (served, planned) == ({"data": {"tenant": None}}, True)
    assert general == served


async def test_pages_follow_their_cursors_on_both_paths(client, roster, paths):
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    for sort, expected in ((None, ["张伟", "李娜", "王芳"]), ("SECTOR", ["张伟", "王芳", "李娜"])):
        names, after = [], None
        for _ in range(4):
            served, general, planned = await both(
                client, paths, PAGED, {"code": a.code, "after": after, "sort": sort}, office)
            assert (served == general, planned) == (True, True)
            page = served["data"]["tenant"]["members"]
            names += [n["name"] for n in page["nodes"]]
            after = page["pageInfo"]["endCursor"]
            if after is None:
                break
        assert names == expected, sort
    served, general, planned = await both(client, paths, PAGED,
                                          {"code": a.code, "after": "junk"}, office)
    assert (served == general, planned) == (True, False)
    assert served["errors"][0]["extensions"]["code"] == "BAD_CURSOR"


@pytest.mark.parametrize("query", [FILTERED, FRAGMENT, DIRECTIVE, OTHER_FIELD, HISTORY])
async def test_what_a_plan_does_not_cover_is_left_to_graphql_core(client, roster, paths,
                                                                  query):
    w = roster.world
    a = w.county_a
    served, general, planned = await both(client, paths, query, {"code": a.code, "p": True},
                                          w.token(a, Role.office))
    assert (served == general, planned) == (True, False)
    assert "errors" not in served, served
    assert served["data"]["tenant"]["members"]["nodes"][0]["name"] == "张伟"


async def test_a_stale_token_is_refused_on_the_planned_document(client, roster, paths):
    w = roster.world
    a = w.county_a
    stale = token_for(w.account(a, Role.office), ttl=-10)
    served, general, planned = await both(client, paths, BENCH, {"code": a.code}, stale)
    assert (served == general, planned) == (True, False)
    assert served["data"] == {"tenant": None}
    assert served["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"


async def test_a_compiled_document_is_answered_before_strawberrys_view(client, roster,
                                                                       fast_answers):
    """From its second request on, a compiled document skips strawberry's view
    (api/fast_http.py); control characters, batches and a stale token still go to strawberry,
    which refuses them as ever."""
    w = roster.world
    a = w.county_a
    office = w.token(a, Role.office)
    answered = fast_answers
    first = await gql(client, BENCH, {"code": a.code}, token=office)
    second = await gql(client, BENCH, {"code": a.code}, token=office)
    assert (first, answered) == (second, [False, True])
    bad = await gql(client, BENCH, {"code": a.code + "\x00"}, token=office)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    stale = token_for(w.account(a, Role.office), ttl=-10)
    refused = await gql(client, BENCH, {"code": a.code}, token=stale)
    assert refused["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED"
    batch = await client.post("/graphql", json=[{"query": BENCH, "variables": {"code": a.code}}],
                              headers={"authorization": f"Bearer {office}"})
    assert batch.status_code == 400, batch.text
    assert answered == [False, True, False, False, False]


async def test_a_flood_of_documents_keeps_the_plans_within_their_budget(client, roster, paths,
                                                                        monkeypatch):
    """Distinct documents (say, one alias each) evict the oldest plans instead of growing
    the cache; a document over the cached size is never compiled, and all are answered."""
    w = roster.world
    a = w.county_a
    monkeypatch.setattr(compiled, "_plans", guards.Lru(2_000))
    office = w.token(a, Role.office)
    for n in range(30):
        query = (f"query($code: String!) {{ tenant(code: $code) {{ m{n}: members(first: 1) "
                 "{ nodes { name } } } }")
        body = await gql(client, query, {"code": a.code}, token=office)
        assert body == {"data": {"tenant": {f"m{n}": {"nodes": [{"name": "张伟"}]}}}}
        assert compiled._plans.used <= 2_000
    large = "# " + "x" * guards.MAX_CACHED_QUERY + "\n" + BENCH
    served, general, planned = await both(client, paths, large, {"code": a.code}, office)
    assert (served == general, planned) == (True, False)
    assert "errors" not in served
