"""考核 in the console, on the hand-computed fixture: the office's table with its breakdown,
the 优秀候选 mark, the .xlsx for the standing committee; a convenor's sector only; a member's
own breakdown; other tenants not found, other roles forbidden."""

import io

import pytest
from openpyxl import load_workbook

from liaison.models.account import Role
from liaison.tenancy import clock
from tests.assessment.assessment_rows import NOW, build
from tests.console.helpers import post, sign_in, texts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def fixture(owner, database, roster):
    return await build(owner, database, roster)


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


async def test_the_office_sees_the_table_marks_and_exports(client, fixture):
    w, a = fixture.world, fixture.world.county_a
    sign_in(client, w.token(a, Role.office))
    page = await client.get(f"/t/{a.code}/assessment")  # January: last year by default
    assert page.status_code == 200
    assert f'href="/t/{a.code}/assessment"' in page.text  # the nav
    assert texts(page.text, "name") == ["李娜", "张伟", "王芳"]
    assert texts(page.text, "score") == ["73.3", "63.3", "0.0"]
    assert texts(page.text, "tenant-rank") == ["1", "2", "3"]
    assert texts(page.text, "sector-rank") == ["1", "1", "2"]
    assert texts(page.text, "points-duties") == ["不计入", "7.5", "不计入"]
    zhang = fixture.members["张伟"].id
    path = f"/t/{a.code}/assessment"
    too_long = await post(client, f"{path}/2025/marks/{zhang}",
                          {"excellent": "1", "note": "长" * 201}, form_page=path)
    assert too_long.status_code == 400 and texts(too_long.text, "excellent") == []
    marked = await post(client, f"{path}/2025/marks/{zhang}",
                        {"excellent": "1", "note": "联系群众扎实"}, form_page=path)
    assert marked.status_code == 303
    after = await client.get(f"{path}?year=2025")
    assert texts(after.text, "excellent") == ["优秀候选"]
    sheet = await client.get(f"{path}/export.xlsx?year=2025")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith(XLSX)
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert ws.freeze_panes == "D3" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert values[0][:5] == ["序号", "姓名", "界别", "季度联系全覆盖（情况）", "季度联系全覆盖得分"]
    assert values[0][-4:] == ["总分", "本单位排名", "界别排名", "优秀候选"]
    assert [r[:3] + r[-4:] for r in values[1:]] == [
        [1, "李娜", "工会", 73.3, 1, 1, None], [2, "张伟", "中共", 63.3, 2, 1, "是"],
        [3, "王芳", "中共", 0.0, 3, 2, None]]
    assert values[2][3:5] == ["3/4 个季度", 30.0]


async def test_a_convenor_sees_the_sector_and_a_member_themself(client, fixture):
    w, a = fixture.world, fixture.world.county_a
    sign_in(client, w.token(a, Role.convenor))
    page = await client.get(f"/t/{a.code}/assessment?year=2025")
    assert texts(page.text, "name") == ["张伟", "王芳"]
    assert texts(page.text, "tenant-rank") == ["2", "3"]
    assert "标记优秀" not in page.text
    marking = await post(client, f"/t/{a.code}/assessment/2025/marks/{fixture.members['张伟'].id}",
                         {"excellent": "1"}, form_page=f"/t/{a.code}/assessment")
    assert marking.status_code == 403
    sign_in(client, w.token(a, Role.member))
    mine = await client.get("/me/assessment?year=2025")
    assert mine.status_code == 200
    assert texts(mine.text, "my-score") == ["63.3"]
    assert texts(mine.text, "my-tenant-rank") == ["2"]
    assert texts(mine.text, "my-points-evaluation") == ["8.3"]
    assert "李娜" not in mine.text


async def test_other_tenants_are_not_found_and_other_roles_forbidden(client, fixture):
    w, a = fixture.world, fixture.world.county_a
    for tenant in (w.county_b, w.city):
        sign_in(client, w.token(tenant, Role.office))
        for path in ("assessment?year=2025", "assessment/export.xlsx?year=2025"):
            assert (await client.get(f"/t/{a.code}/{path}")).status_code == 404
    sign_in(client, w.token(a, Role.committee))
    assert (await client.get(f"/t/{a.code}/assessment?year=2025")).status_code == 403
