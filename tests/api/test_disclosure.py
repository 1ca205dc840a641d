"""公开 over GraphQL: the office previews, publishes (frozen, one at a time, empty refused)
and withdraws; the leadership group reads; other roles are forbidden; another tenant's
disclosure is not found; bad input changes nothing."""

import pytest

from liaison.models import DisclosureSnapshot
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import gql
from tests.disclosure.disclosure_rows import EXPECTED_A, NOW, build_half_year
from tests.readback import count

FIGURES = """name members contacts receptionDays opinionsRaised opinionsConverted
  satisfaction { answers rate }"""
CONTENT = f"""year quarter since until totals {{ {FIGURES} }} sectors {{ {FIGURES} }}
  members {{ name sector contacts receptionDuties opinionsRaised opinionsConverted }}"""
SNAPSHOT = f"""__typename ... on DisclosureSnapshot {{ year quarter content {{ {CONTENT} }} }}
  ... on ValidationErrors {{ code errors {{ field message }} }} ... on Error {{ code message }}"""
PUBLISH = f"""mutation($y: Int!, $q: Int!) {{ publishDisclosure(year: $y, quarter: $q) {{
  {SNAPSHOT} }} }}"""
UNPUBLISH = """mutation { unpublishDisclosure { __typename ... on DisclosureSnapshot { year }
  ... on Error { code message } } }"""
READ = f"""query($c: String!) {{ tenant(code: $c) {{ disclosure {{
  published {{ year quarter content {{ totals {{ contacts }} }} }}
  preview(year: 2025, quarter: 2) {{ {CONTENT} }} }} }} }}"""


def as_graphql(d: dict) -> dict:
    def figures(f):
        return {"name": f.get("name"), "members": f["members"], "contacts": f["contacts"],
                "receptionDays": f["reception_days"], "opinionsRaised": f["opinions_raised"],
                "opinionsConverted": f["opinions_converted"], "satisfaction": f["satisfaction"]}
    return {"year": d["year"], "quarter": d["quarter"], "since": d["from"], "until": d["until"],
            "totals": figures(d["totals"]), "sectors": [figures(s) for s in d["sectors"]],
            "members": [{"name": m["name"], "sector": m["sector"], "contacts": m["contacts"],
                         "receptionDuties": m["reception_duties"],
                         "opinionsRaised": m["opinions_raised"],
                         "opinionsConverted": m["opinions_converted"]} for m in d["members"]]}


@pytest.fixture
async def half(owner, roster):
    return await build_half_year(owner, roster)


async def call(client, world, tenant, role, query, variables=None):
    with clock.pinned(NOW):
        return await gql(client, query, variables, token=world.token(tenant, role))


async def test_preview_publish_read_and_withdraw(client, half):
    w, a = half.world, half.world.county_a
    before = await call(client, w, a, Role.office, READ, {"c": a.code})
    assert before == {"data": {"tenant": {"disclosure": {
        "published": None, "preview": as_graphql(EXPECTED_A)}}}}
    made = await call(client, w, a, Role.office, PUBLISH, {"y": 2025, "q": 2})
    assert made["data"]["publishDisclosure"] == {
        "__typename": "DisclosureSnapshot", "year": 2025, "quarter": 2,
        "content": as_graphql(EXPECTED_A)}
    read = await call(client, w, a, Role.leadership, READ, {"c": a.code})
    assert read["data"]["tenant"]["disclosure"]["published"] == {
        "year": 2025, "quarter": 2, "content": {"totals": {"contacts": 3}}}
    gone = await call(client, w, a, Role.office, UNPUBLISH)
    assert gone["data"]["unpublishDisclosure"]["__typename"] == "DisclosureSnapshot"
    again = await call(client, w, a, Role.office, UNPUBLISH)
    assert again["data"]["unpublishDisclosure"]["__typename"] == "NotFoundError"


async def test_an_empty_snapshot_and_bad_periods_change_nothing(client, owner, roster):
    w, a = roster.world, roster.world.county_a
    empty = await call(client, w, a, Role.office, PUBLISH, {"y": 2025, "q": 2})
    assert empty["data"]["publishDisclosure"]["__typename"] == "ValidationErrors"
    assert empty["data"]["publishDisclosure"]["code"] == "EMPTY_SNAPSHOT"
    for y, q in ((2025, 9), (1999, 1), (2026, 1)):
        bad = await call(client, w, a, Role.office, PUBLISH, {"y": y, "q": q})
        assert bad["data"]["publishDisclosure"]["__typename"] == "ValidationErrors"
    assert await count(owner, DisclosureSnapshot, a) == 0


@pytest.mark.parametrize("role", [Role.committee, Role.convenor, Role.member, Role.venue_staff])
async def test_only_the_office_and_leadership_read_and_only_the_office_publishes(
        client, half, role):
    w, a = half.world, half.world.county_a
    body = await call(client, w, a, role, READ, {"c": a.code})
    assert body["data"]["tenant"]["disclosure"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for r in (role, Role.leadership, Role.chair):
        refused = await call(client, w, a, r, PUBLISH, {"y": 2025, "q": 2})
        assert refused["data"]["publishDisclosure"]["code"] == "FORBIDDEN"
        refused = await call(client, w, a, r, UNPUBLISH)
        assert refused["data"]["unpublishDisclosure"]["code"] == "FORBIDDEN"


async def test_another_tenant_answers_not_found(client, half):
    w, a, b = half.world, half.world.county_a, half.world.county_b
    await call(client, w, a, Role.office, PUBLISH, {"y": 2025, "q": 2})
    hidden = await call(client, w, b, Role.office, READ, {"c": a.code})
    assert hidden == {"data": {"tenant": None}}
    city = await call(client, w, w.city, Role.office, READ, {"c": a.code})
    assert city["data"]["tenant"] == {"disclosure": None}
    assert city["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    own_b = await call(client, w, b, Role.office, READ, {"c": b.code})
    assert own_b["data"]["tenant"]["disclosure"]["published"] is None
    withdrawn = await call(client, w, b, Role.office, UNPUBLISH)
    assert withdrawn["data"]["unpublishDisclosure"]["__typename"] == "NotFoundError"
