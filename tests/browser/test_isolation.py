"""Another tenant's ids in the address answer 404, whatever the path says."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login


async def test_another_tenants_member_answers_404(page, roster):
    world = roster.world
    a, b = world.county_a, world.county_b
    other = roster.members["赵强"]  # county B's
    await login(page, a.code, Role.office.value)
    for path in (f"/t/{a.code}/members/{other.id}", f"/t/{b.code}/members/{other.id}",
                 f"/t/{b.code}", f"/t/{b.code}/members", f"/t/{a.code}/members/not-an-id"):
        answer = await page.goto(path)
        assert answer.status == 404, path
        await expect(page.get_by_role("heading", name="找不到页面")).to_be_visible()
        await expect(page.get_by_text("赵强")).to_have_count(0)
    await assert_accessible(page)
    # The own member at the same address shape opens.
    own = roster.members["张伟"]
    answer = await page.goto(f"/t/{a.code}/members/{own.id}")
    assert answer.status == 200
    await expect(page.get_by_test_id("member-name")).to_have_text("张伟")
