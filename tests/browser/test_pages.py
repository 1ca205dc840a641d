"""Every main page of the console, as the role that uses it: it opens (200), says what it is
in Chinese, and passes axe-core (no serious or critical violation)."""

import pytest
from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.venues.venue_rows import give_venue, make_venue

# (role, tenant: "a" county A or "c" the city, path with {a} = county A's code,
# {c} = the city's code, {m} = 张伟's id and {v} = county A's 城东 station (its staff: county
# A's venue staff),
# the first heading)
PAGES = [
    (Role.office, "a", "/t/{a}", None),
    (Role.office, "a", "/t/{a}/members", None),
    (Role.office, "a", "/t/{a}/members/{m}", "张伟"),
    (Role.office, "a", "/t/{a}/members/new", "新增委员"),
    (Role.office, "a", "/t/{a}/members/{m}/edit", "修改委员信息：张伟"),
    (Role.office, "a", "/t/{a}/members/{m}/contacts/new", "登记联系服务（代 张伟 登记）"),
    (Role.office, "a", "/t/{a}/imports", "从表格导入"),
    (Role.convenor, "a", "/t/{a}", None),
    (Role.office, "c", "/city", None),
    (Role.chair, "c", "/t/{a}", None),
    (Role.member, "a", "/me", "我的结对"),
    (Role.member, "a", "/me/contacts/new", "登记联系服务"),
    (Role.member, "a", "/me/contacts", "我的联系记录"),
    (Role.member, "a", "/me/notifications", None),
    (Role.venue_staff, "a", "/venue", None),
    (Role.office, "a", "/t/{a}/opinions", "意见建议"),
    (Role.office, "a", "/t/{a}/opinions/new", "登记意见建议"),
    (Role.convenor, "a", "/t/{a}/opinions", "意见建议"),
    (Role.member, "a", "/me/opinions", "我的意见建议"),
    (Role.member, "a", "/me/opinions/new", "登记意见建议"),
    (Role.office, "c", "/city/opinions", None),
    (Role.office, "c", "/t/{a}/opinions", "意见建议"),
    (Role.office, "a", "/t/{a}/venues", "阵地"),
    (Role.office, "a", "/t/{a}/venues/new", "新增联络站或工作室"),
    (Role.office, "a", "/t/{a}/venues/{v}/edit", "修改：城东委员联络站"),
    (Role.office, "a", "/t/{a}/venues/{v}/calendar", "城东委员联络站"),
    (Role.venue_staff, "a", "/t/{a}/venues/{v}/sessions/new", "新增接待日"),
    (Role.venue_staff, "a", "/t/{a}/venues/{v}/series/new", "按规律排班"),
    (Role.member, "a", "/me/duties", "我的值班"),
    (Role.office, "c", "/city/venues", None),
    (Role.office, "c", "/t/{a}/venues/{v}/calendar", "城东委员联络站"),
    (Role.office, "c", "/t/{c}/guidance", "指导事项"),
    (Role.office, "a", "/t/{a}/inbox", "上级指导"),
    (Role.office, "c", "/city/overview", None),
    (Role.office, "a", "/t/{a}/evaluation", "群众评议"),
    (Role.member, "a", "/me/evaluation", "群众评议"),
    (Role.office, "a", "/t/{a}/assessment", None),
    (Role.member, "a", "/me/assessment", None),
    (Role.office, "a", "/t/{a}/disclosure", "公开"),
]


@pytest.mark.parametrize("role, where, path, heading", PAGES,
                         ids=[f"{r.value}-{p.strip('/').replace('/', '-')}"
                              for r, _, p, _ in PAGES])
async def test_main_page_opens_and_is_accessible(page, server, owner, roster, role, where,
                                                 path, heading):
    world = roster.world
    county = world.county_a
    tenant = world.city if where == "c" else county
    venue = None
    if "{v}" in path:
        venue = await make_venue(owner, county)
        await give_venue(owner, world, county, venue)
    await sign_in(page, server.base, world.account(tenant, role))
    answer = await page.goto(path.format(a=county.code, c=world.city.code,
                                         m=roster.members["张伟"].id,
                                         v=venue.id if venue else ""))
    assert answer.status == 200, (path, answer.status)
    assert await page.locator("html").get_attribute("lang") == "zh-CN"
    h1 = page.get_by_role("heading", level=1)
    await expect(h1).to_have_count(1)
    if heading:
        await expect(h1).to_have_text(heading)
    await expect(page.get_by_test_id("logout")).to_have_count(1)
    await assert_accessible(page)
