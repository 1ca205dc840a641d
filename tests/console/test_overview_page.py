"""各项工作概览 (/city/overview): the city and its counties side by side, the hand-counted year
of tests/tenancy/overview_rows.py; a county sees only itself; other roles are refused."""

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.console.helpers import sign_in, table, texts
from tests.tenancy.overview_rows import NOW, build_overview

DASHES = ["—"] * 6


async def test_the_city_and_its_counties_side_by_side(client, owner, roster):
    await build_overview(owner, roster)
    w = roster.world
    sign_in(client, w.token(w.city, Role.leadership))
    with clock.pinned(NOW):
        city = await client.get("/city")
        shown = await client.get("/city/overview?quarter=2025-3")
    assert texts(city.text, "work-overview") == ["各项工作概览（计划、报告、意见建议、接待日）"]
    assert shown.status_code == 200
    assert texts(shown.text, "overview-period") == [
        "联系率、接待日按2025年第三季度统计；计划、报告和意见建议按2025年统计。"]
    zeros = ["0"] * 6
    assert table(shown.text, "overview") == [
        ["测试市政协 （本级）", "—", "0", "0", "0", "0", "0", "0", "0", *zeros, "—", "0", "0", "0"],
        ["测试0县政协", "33.3%", "2", "1", "1", "0", "0", "3",
         "2", "1", "0", "0", "0", "0", "1", "50.0%", "2", "1", "1"],
        ["测试1县政协", "0.0%", "0", "0", "1", "1", "0", "0", "0", *zeros, "—", "0", "1", "0"]]


async def test_a_county_sees_itself_and_other_roles_are_refused(client, owner, roster):
    await build_overview(owner, roster)
    w = roster.world
    sign_in(client, w.token(w.county_b, Role.chair))
    with clock.pinned(NOW):
        shown = await client.get("/city/overview?quarter=2025-3")
    assert [r[0] for r in table(shown.text, "overview")] == ["测试1县政协 （本级）"]
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(NOW):
        assert (await client.get("/city/overview")).status_code == 403
        sign_in(client, w.token(w.county_a, Role.office))
        assert (await client.get("/city/overview?quarter=2025-9")).status_code == 400
