"""Console pages read through the same services as GraphQL: exact figures for a roster,
filters, other tenants' ids as 404 pages, the city overview, a member's own pages."""

from datetime import datetime

import pytest

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import BEIJING
from tests.console.helpers import sign_in, table, texts

pytestmark = pytest.mark.usefixtures("contacts_2025")
MAY_2025 = datetime(2025, 5, 15, 12, tzinfo=BEIJING)


async def test_the_office_home_shows_this_quarters_figures(client, roster):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.office))
    with clock.pinned(MAY_2025):
        page = await client.get(f"/t/{w.county_a.code}")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="zh-CN">' in html
    assert "2025年第二季度联系情况" in html
    assert [texts(html, k)[0].split()[-1] for k in ("rate", "due", "contacted", "not-yet",
                                                     "overdue")] == ["33.3%", "3", "1", "2",
                                                                     "0"]
    assert sorted(table(html, "behind")) == [["张伟", "陈群众", "尚未联系", "46 天"],
                                             ["李娜", "黄群众", "尚未联系", "46 天"]]
    assert table(html, "sectors") == [["中共", "2", "1", "50.0%"], ["工会", "1", "0", "0.0%"]]
    assert texts(html, "plans-outstanding") == ["3"]
    assert texts(html, "reports-outstanding") == ["3"]
    assert '"labels": ["中共", "工会"], "values": [50.0, 0.0]' in html.replace("&#34;", '"')
    assert 'data-testid="chart-sectors"' in html
    assert "只读" not in html


async def test_the_member_list_searches_filters_and_links_each_member(client, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))

    async def names(query: str = "") -> list[str]:
        page = await client.get(f"/t/{a}/members{query}")
        assert page.status_code == 200
        return [row[0] for row in table(page.text, "members")] if 'data-testid="members"' \
            in page.text else []

    assert await names() == ["张伟", "李娜", "王芳"]
    assert await names("?name=李") == ["李娜"]
    assert await names("?pairing=incomplete") == ["李娜", "王芳"]
    assert await names(f"?sector={roster.members['李娜'].sector_id}") == ["李娜"]
    assert await names("?status=left") == []
    page = await client.get(f"/t/{a}/members")
    assert f'href="/t/{a}/members/{roster.members["张伟"].id}"' in page.text
    assert table(page.text, "members")[0] == ["张伟", "中共", "", "", "13812345678", "在任"]


async def test_another_tenants_member_or_a_malformed_id_is_a_404_page(client, roster):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.office))
    for path in (f"/t/{w.county_a.code}/members/{roster.members['赵强'].id}",
                 f"/t/{w.county_b.code}/members/{roster.members['赵强'].id}",
                 f"/t/{w.county_a.code}/members/not-an-id",
                 f"/t/{w.county_b.code}", "/t/nosuchtenant/members"):
        page = await client.get(path)
        assert page.status_code == 404, path
        assert "找不到页面" in page.text
    page = await client.get(f"/t/{w.county_a.code}/members/{roster.members['张伟'].id}")
    assert page.status_code == 200
    assert [r[0] for r in table(page.text, "pairings")] == ["陈群众", "刘群众"]
    assert len(table(page.text, "contacts")) == 4


async def test_the_city_overview_lists_its_counties_read_only_below(client, roster):
    w = roster.world
    sign_in(client, w.token(w.city, Role.office))
    with clock.pinned(MAY_2025):
        page = await client.get("/city")
    assert page.status_code == 200
    assert table(page.text, "counties") == [
        ["测试市政协 （本级）", "0", "0", "0", "0", "—"],
        ["测试0县政协", "3", "1", "2", "0", "33.3%"],
        ["测试1县政协", "2", "0", "2", "0", "0.0%"]]
    assert 'data-testid="chart-counties"' in page.text
    assert f'href="/t/{w.county_b.code}"' in page.text
    county = await client.get(f"/t/{w.county_a.code}/members/{roster.members['张伟'].id}")
    assert county.status_code == 200
    assert "只读" in county.text
    for control in ('data-testid="edit"', 'data-testid="mark-left"', 'data-testid="pair"',
                    'data-testid="end-pairing"', 'data-testid="log-contact"'):
        assert control not in county.text
    assert "13812345678" not in county.text  # a county's phones stay masked for the city


async def test_a_member_sees_only_their_own_pairings_and_contacts(client, roster):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.member))
    assert (await client.get("/")).headers["location"] == "/me"
    with clock.pinned(MAY_2025):
        page = await client.get("/me")
    assert page.status_code == 200
    assert texts(page.text, "pairing") == [
        "陈群众 贺州市某单位 职员 📞 13900001111 自 2024年1月1日 结对",
        "刘群众 贺州市某单位 职员 📞 13900001111 自 2024年1月1日 结对"]
    assert page.text.count('href="tel:13900001111"') == 2
    assert "黄群众" not in page.text
    history = await client.get("/me/contacts")
    assert len(texts(history.text, "history-item")) == 4
    for other in (roster.members["李娜"], roster.members["赵强"]):
        assert (await client.get(f"/t/{w.county_a.code}/members/{other.id}")).status_code \
            == 404
    notes = await client.get("/me/notifications")
    assert texts(notes.text, "empty") == ["暂无通知。"]
