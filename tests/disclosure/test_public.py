"""The public supervision page and JSON (/p/{code}/supervision, .json): without login, the
published snapshot only — counts and names of members and sectors; none of the seeded
secrets in the bytes; nothing published, withdrawn, or another tenant's → the 404 of an
unknown path."""

import pytest

from liaison.disclosure import service as disclosure
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.disclosure.disclosure_rows import EXPECTED_A, NOW, SECRETS, build_half_year
from tests.evaluation.evaluation_rows import act


@pytest.fixture
async def half(owner, roster):
    return await build_half_year(owner, roster)


async def publish(database, roster, tenant=None):
    office = roster.world.account(tenant or roster.world.county_a, Role.office)
    return await act(database, office, disclosure.publish, 2025, 2, now=NOW)


async def get(client, path):
    with clock.pinned(NOW):
        return await client.get(path)


async def test_the_json_is_the_published_snapshot(client, database, half):
    a = half.world.county_a
    await publish(database, half)
    response = await get(client, f"/p/{a.code}/supervision.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["access-control-allow-origin"] == "*"
    assert "set-cookie" not in response.headers
    assert response.json() == {"tenant": {"code": a.code, "name": a.name},
                               "published_at": "2025-07-10T01:00:00+00:00", **EXPECTED_A}


async def test_the_page_shows_sectors_and_members_with_their_counts(client, database, half):
    a = half.world.county_a
    await publish(database, half)
    response = await get(client, f"/p/{a.code}/supervision")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    text = response.text
    for shown in ("委员履职情况公开", a.name, "2025-01-01 至 2025-06-30", "张伟", "王芳", "李娜",
                  "中共", "工会", "67%", "75%"):
        assert shown in text


async def test_no_secret_in_either_body(client, database, half):
    await publish(database, half)
    a = half.world.county_a
    for path in (f"/p/{a.code}/supervision", f"/p/{a.code}/supervision.json"):
        response = await get(client, path)
        assert response.status_code == 200
        body = response.content
        for secret in SECRETS:
            assert secret.encode() not in body, (path, secret)
        assert b"\\u" not in body  # no escaped text hiding a secret from the byte test


async def test_nothing_published_withdrawn_or_unknown_is_an_unknown_path(client, database,
                                                                          half):
    a, b = half.world.county_a, half.world.county_b
    unknown = await get(client, "/no/such/path")
    assert unknown.status_code == 404
    await publish(database, half, tenant=b)  # B's snapshot is never shown under A's code
    paths = [f"/p/{a.code}/supervision", f"/p/{a.code}/supervision.json",
             "/p/nosuchcode/supervision.json", "/p/X!/supervision"]
    for path in paths:
        response = await get(client, path)
        assert (response.status_code, response.content) == (404, unknown.content), path
    await publish(database, half)
    assert (await get(client, paths[1])).status_code == 200
    office = half.world.account(a, Role.office)
    await act(database, office, disclosure.unpublish, now=NOW)
    response = await get(client, paths[1])
    assert (response.status_code, response.content) == (404, unknown.content)
    b_body = (await get(client, f"/p/{b.code}/supervision.json")).json()
    assert [m["name"] for m in b_body["members"]] == ["赵强"]
