"""设置 in the console: the own office changes the pairing range, the deadlines and the days
to answer the people (errors next to the fields, nothing saved on a refusal, each save
audited); others read them or are refused."""

import re

import pytest

from liaison.models.account import Role
from tests.console.helpers import csrf, post, sign_in, texts
from tests.readback import audit_entries

GOOD = {"min_pairings": "1", "max_pairings": "4", "plan_month": "4", "plan_day": "15",
        "report_month": "12", "report_day": "10", "opinion_reply_days": "45"}
DEFAULTS = {"min_pairings": "2", "max_pairings": "3", "plan_month": "3", "plan_day": "31",
            "report_month": "12", "report_day": "20", "opinion_reply_days": "30"}


def shown(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(\w+)" min="\d+" max="\d+" value="(\d*)"', html))


async def test_the_office_changes_the_settings(client, owner, roster):
    w = roster.world
    page = f"/t/{w.county_a.code}/settings"
    sign_in(client, w.token(w.county_a, Role.office))
    first = await client.get(page)
    assert first.status_code == 200
    assert 'name="_csrf_token"' in first.text
    assert shown(first.text) == DEFAULTS
    refused = await post(client, page, {**GOOD, "min_pairings": "x", "plan_day": ""},
                         form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-min_pairings") == ["最少结对人数须为整数"]
    assert texts(refused.text, "error-plan_due") == ["计划截止日须为整数"]
    refused = await post(client, page, {**GOOD, "max_pairings": "0", "report_month": "2",
                                        "report_day": "29"}, form_page=page)
    assert texts(refused.text, "error-max_pairings") == [
        "最多结对人数须在 1 到 20 之间", "最多结对人数不能少于最少结对人数"]
    assert texts(refused.text, "error-report_due") == [
        "日期无效（月 1–12，日须存在，且不能是 2 月 29 日）"]
    assert shown((await client.get(page)).text)["max_pairings"] == "3"
    saved = await post(client, page, GOOD, form_page=page)
    assert (saved.status_code, saved.headers["location"]) == (303, f"{page}?saved=1")
    after = await client.get(f"{page}?saved=1")
    assert texts(after.text, "saved") == ["已保存。"]
    assert shown(after.text) == GOOD
    [entry] = await audit_entries(owner, w.county_a, "settings_saved")
    assert (entry.before["opinion_reply_days"], entry.after["opinion_reply_days"]) == (30, 45)


@pytest.mark.parametrize(("days", "message"), [
    ("0", "反馈群众的期限须在 1 到 365 天之间"), ("366", "反馈群众的期限须在 1 到 365 天之间"),
    ("三十", "意见建议反馈期限须为整数"), ("", "意见建议反馈期限须为整数")],
    ids=["zero", "366", "text", "empty"])
async def test_reply_days_outside_1_to_365_are_refused(client, owner, roster, days, message):
    w = roster.world
    page = f"/t/{w.county_a.code}/settings"
    sign_in(client, w.token(w.county_a, Role.office))
    refused = await post(client, page, {**GOOD, "opinion_reply_days": days}, form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-opinion_reply_days") == [message]
    assert 'name="opinion_reply_days" min="1" max="365" value="' + days + '" aria-invalid="true"' \
        in refused.text
    assert shown((await client.get(page)).text) == DEFAULTS
    assert await audit_entries(owner, w.county_a, "settings_saved") == []


async def test_other_roles_read_the_settings_and_other_tenants_get_404(client, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    sign_in(client, w.token(w.county_a, Role.convenor))
    page = await client.get(f"/t/{a}/settings")
    assert texts(page.text, "read-only") == ["只读：只有本级委员联络办可以修改设置。"]
    assert 'data-testid="save"' not in page.text
    assert 'href="/t/{a}/settings"' not in page.text  # not in the nav
    token = await csrf(client, f"/t/{a}/settings")
    forged = await client.post(f"/t/{a}/settings", data={**GOOD, "_csrf_token": token})
    assert forged.status_code == 403
    assert "只有本级委员联络办可以修改结对设置" in forged.text
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(f"/t/{a}/settings")).status_code == 404
    sign_in(client, w.token(w.city, Role.office))
    county = await client.get(f"/t/{a}/settings")
    assert texts(county.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    token = await csrf(client, "/city")
    assert (await client.post(f"/t/{b}/settings", data={**GOOD, "_csrf_token": token})
            ).status_code == 404
