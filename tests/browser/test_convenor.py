"""A convenor (召集人) sees their own sector only: its members, its figures, its chart."""

import json

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, figure, login, table


async def test_convenor_sees_only_their_sector(page, roster):
    world = roster.world
    county = world.county_a  # 张伟 and 王芳 are 中共 (the convenor's sector), 李娜 is 工会
    await login(page, county.code, Role.convenor.value)
    assert page.url.endswith(f"/t/{county.code}")
    # 张伟's two pairings are due; 李娜's (工会) are not the convenor's to see.
    assert [await figure(page, t) for t in ("due", "contacted", "not-yet")] == [2, 0, 2]
    behind = await table(page, "behind")
    assert sorted((r[0], r[1]) for r in behind) == [("张伟", "刘群众"), ("张伟", "陈群众")]
    data = json.loads(await page.get_by_test_id("chart-sectors").get_attribute("data-chart"))
    assert data["labels"] == ["中共"]
    await assert_accessible(page)

    await page.goto(f"/t/{county.code}/members")
    names = [r[0] for r in await table(page, "members")]
    assert sorted(names) == ["张伟", "王芳"]
    assert all(r[1] == "中共" for r in await table(page, "members"))
    await assert_accessible(page)

    # Another sector's member, by id in the address: not there for this reader.
    answer = await page.goto(f"/t/{county.code}/members/{roster.members['李娜'].id}")
    assert answer.status == 404
    await expect(page.get_by_role("heading", name="找不到页面")).to_be_visible()
