"""The city office: its five counties side by side in the chart and the table, a county opened
read-only, and a crafted post to that county refused."""

import json
from datetime import datetime

import pytest
from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import (
    assert_accessible,
    csrf_token,
    figure,
    login,
    screenshot_path,
    table,
)
from tests.builders import (
    BEIJING,
    first_sector,
    make_account,
    make_contact,
    make_member,
    make_pairing,
    make_tenants,
    make_term,
)

COUNTIES = 5
PER_COUNTY = 4  # members, each with one pairing; county n has n of them contacted this quarter


@pytest.fixture
async def five(owner):
    """A city with five counties; county n: four pairings, n contacted this quarter."""
    city, *counties = await make_tenants(owner, counties=COUNTIES)
    await make_account(owner, city, "office", (Role.office,))
    members = {}
    for n, county in enumerate(counties):
        term = await make_term(owner, county)
        for i in range(PER_COUNTY):
            member = await make_member(owner, county, term, f"委员{n}{i}")
            pairing = await make_pairing(owner, member, f"群众{n}{i}")
            if i < n:
                await make_contact(owner, pairing, datetime.now(BEIJING))
            members.setdefault(county.code, []).append((member, pairing))
    return city, counties, members


async def test_city_office_sees_its_counties_and_may_not_edit_them(page, five, owner, request):
    city, counties, members = five
    await login(page, city.code, Role.office.value)
    assert page.url.endswith("/city")
    rows = await table(page, "counties")
    assert [r[0] for r in rows] == [f"{city.short_name}（本级）"] + [
        c.short_name for c in counties]
    for n, row in enumerate(rows[1:]):
        due, contacted, not_yet = PER_COUNTY, n, PER_COUNTY - n
        assert row[1:4] == [str(due), str(contacted), str(not_yet)], row
        assert row[5] == f"{contacted / due * 100:.1f}%", row
    assert await figure(page, "total-due") == COUNTIES * PER_COUNTY
    assert await figure(page, "total-contacted") == sum(range(COUNTIES))
    chart = page.get_by_test_id("chart-counties")
    data = json.loads(await chart.get_attribute("data-chart"))
    assert data["labels"] == [c.short_name for c in counties]
    assert data["values"] == [n / PER_COUNTY * 100 for n in range(COUNTIES)]
    await expect(chart.locator("canvas")).to_have_count(1)  # ECharts drew it
    await assert_accessible(page)
    await page.screenshot(path=screenshot_path(request.node.name, "-city"), full_page=True)

    # Drill into county 3: its figures, read-only, no control to change anything.
    county = counties[3]
    await page.get_by_test_id("counties").get_by_role("link", name=county.short_name).click()
    await page.wait_for_url(f"**/t/{county.code}")
    await expect(page.get_by_test_id("read-only")).to_be_visible()
    assert [await figure(page, t) for t in ("due", "contacted", "not-yet")] == [4, 3, 1]
    await expect(page.get_by_test_id("rate")).to_have_text("75.0%")
    await assert_accessible(page)
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("read-only")).to_be_visible()
    await expect(page.get_by_test_id("member-row")).to_have_count(PER_COUNTY)
    await expect(page.get_by_test_id("new-member")).to_have_count(0)
    member, pairing = members[county.code][0]
    await page.get_by_role("link", name=member.name).click()
    await expect(page.get_by_test_id("member-name")).to_have_text(member.name)
    await expect(page.get_by_test_id("read-only")).to_be_visible()
    for control in ("edit", "log-contact", "leave-open", "pair-open", "end-open", "save"):
        await expect(page.get_by_test_id(control)).to_have_count(0)
    await expect(page.locator("main form[method=post]")).to_have_count(0)
    await assert_accessible(page)

    # Forms posted by hand to the county, with a valid CSRF token: all refused.
    token = await csrf_token(page)
    sector = str(await first_sector(owner, county))
    crafted = {
        f"/t/{county.code}/members/new": {"name": "冒名委员", "sector": sector},
        f"/t/{county.code}/members/{member.id}/edit": {"name": "改过的名字", "sector": sector},
        f"/t/{county.code}/members/{member.id}/pairings": {
            "constituent_name": "冒名群众", "category": "grassroots",
            "started_on": "2025-01-01"},
        f"/t/{county.code}/members/{member.id}/left": {"left_on": "2025-01-01",
                                                       "reason": "冒名离任"},
        f"/t/{county.code}/members/{member.id}/contacts/new": {
            "constituents": str(pairing.constituent_id), "occurred_on": "2025-01-01",
            "method": "visit"},
    }
    for path, form in crafted.items():
        answer = await page.request.post(path, form={**form, "_csrf_token": token},
                                         max_redirects=0)
        assert answer.status in (403, 404), (path, answer.status)
    await page.reload()
    await expect(page.get_by_test_id("member-name")).to_have_text(member.name)
    await expect(page.get_by_test_id("status")).to_have_text("在任")
    await expect(page.get_by_test_id("pairing-row")).to_have_count(1)
    await expect(page.get_by_test_id("contacts").locator("tbody tr")).to_have_count(1)
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("member-row")).to_have_count(PER_COUNTY)
