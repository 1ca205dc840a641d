"""公开 in the console: the office previews a year up to a quarter (the very content of the
public page), publishes it (the public page then shows it), withdraws it; an empty period
cannot be published (nothing written); other roles are forbidden, other tenants not found."""

import pytest

from liaison.models import DisclosureSnapshot
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.console.helpers import post, sign_in, table, texts
from tests.disclosure.disclosure_rows import NOW, SECRETS, build_half_year
from tests.readback import count


@pytest.fixture
async def half(owner, roster):
    return await build_half_year(owner, roster)


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


async def test_preview_publish_and_withdraw(client, half):
    a = half.world.county_a
    sign_in(client, half.world.token(a, Role.office))
    page = f"/t/{a.code}/disclosure?year=2025&quarter=2"
    shown = await client.get(page)
    assert shown.status_code == 200
    assert f'href="/t/{a.code}/disclosure"' in shown.text  # the nav
    assert texts(shown.text, "nothing-published") == ["目前没有公开的数据。"]
    preview = table(shown.text, "disclosure-members")
    assert preview == [["张伟", "中共", "2", "1", "2", "1"], ["王芳", "中共", "0", "1", "0", "0"],
                       ["李娜", "工会", "1", "1", "1", "1"]]
    for secret in SECRETS:
        assert secret not in shown.text
    done = await post(client, f"/t/{a.code}/disclosure/publish",
                      {"year": "2025", "quarter": "2"}, form_page=page)
    assert (done.status_code, done.headers["location"]) == (303, page)
    public = await client.get(f"/p/{a.code}/supervision")
    assert table(public.text, "disclosure-members") == preview
    assert table(public.text, "disclosure-sectors") == table(shown.text, "disclosure-sectors")
    after = await client.get(page)
    assert texts(after.text, "published")[0].startswith("2025 年第 2 季度")
    gone = await post(client, f"/t/{a.code}/disclosure/unpublish", {}, form_page=page)
    assert gone.status_code == 303
    assert (await client.get(f"/p/{a.code}/supervision")).status_code == 404


async def test_an_empty_period_cannot_be_published(client, owner, roster):
    a = roster.world.county_a
    sign_in(client, roster.world.token(a, Role.office))
    page = f"/t/{a.code}/disclosure?year=2025&quarter=2"
    shown = await client.get(page)
    assert texts(shown.text, "empty") == ["本期没有可公开的数据，不能发布。"]
    refused = await post(client, f"/t/{a.code}/disclosure/publish",
                         {"year": "2025", "quarter": "2"}, form_page=page)
    assert refused.status_code == 400
    assert "不能发布" in refused.text
    assert await count(owner, DisclosureSnapshot, a) == 0


@pytest.mark.parametrize("role", [Role.leadership, Role.chair, Role.member, Role.committee])
async def test_other_roles_are_forbidden_and_other_tenants_not_found(client, owner, half, role):
    w, a, b = half.world, half.world.county_a, half.world.county_b
    sign_in(client, w.token(a, Role.office))
    page = f"/t/{a.code}/disclosure"
    form = await client.get(page)
    assert form.status_code == 200
    sign_in(client, w.token(a, role))
    assert (await client.get(page)).status_code == 403
    sign_in(client, w.token(b, Role.office))
    assert (await client.get(page)).status_code == 404
    sign_in(client, w.token(w.city, Role.office))
    assert (await client.get(page)).status_code == 404
    assert await count(owner, DisclosureSnapshot, a) == 0
