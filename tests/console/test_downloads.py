"""Downloads with the console's session: the member list as filtered, Form 1 for a member and
a sector, Form 2 for a member's year — the same content as /files, the same refusals; and
pairing a member with an existing constituent from the member page."""

import io
from datetime import datetime
from urllib.parse import quote

from docx import Document

from liaison.models import Pairing
from liaison.models.account import Role
from tests.builders import BEIJING, make_contact
from tests.console.helpers import post, sign_in, table, texts
from tests.readback import count
from tests.workbooks import read_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rows(content: bytes) -> list[tuple]:
    sheet = read_workbook(content).active
    return [(r[1], r[5], r[10]) for r in sheet.iter_rows(min_row=3, values_only=True)]


def disposition(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


async def test_member_list_export_with_the_list_filters(client, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    listed = await client.get(f"/t/{a}/members?name=娜&pairing=incomplete")
    assert f'href="/t/{a}/members/export.xlsx?name=%E5%A8%9C"' in listed.text
    response = await client.get(f"/t/{a}/members/export.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(XLSX)
    assert response.headers["content-disposition"] == disposition(
        f"{w.county_a.short_name}委员名单.xlsx")
    assert rows(response.content) == [("张伟", "中共", "13812345678"), ("王芳", "中共", None),
                                      ("李娜", "工会", "13700001234")]
    filtered = await client.get(f"/t/{a}/members/export.xlsx?name=娜&sector=nonsense")
    assert rows(filtered.content) == [("李娜", "工会", "13700001234")]
    sign_in(client, w.token(w.county_a, Role.convenor))  # its sector, phones masked
    assert rows((await client.get(f"/t/{a}/members/export.xlsx")).content) == [
        ("张伟", "中共", "138****5678"), ("王芳", "中共", None)]
    sign_in(client, w.token(w.city, Role.office))  # a county below: read-only, masked
    assert rows((await client.get(f"/t/{a}/members/export.xlsx?name=娜")).content) == [
        ("李娜", "工会", "137****1234")]
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(f"/t/{a}/members/export.xlsx")).status_code == 404
    assert (await client.get(f"/t/{a}/members/export.xlsx?status=gone")).status_code == 404


async def test_form1_for_a_member_and_a_sector(client, roster):
    w = roster.world
    a = w.county_a.code
    zhang = roster.members["张伟"]
    sign_in(client, w.token(w.county_a, Role.office))
    detail = await client.get(f"/t/{a}/members/{zhang.id}")
    assert texts(detail.text, "form1-docx") == ["信息表（Word）"]
    response = await client.get(f"/t/{a}/members/{zhang.id}/form1.docx")
    assert response.status_code == 200 and response.headers["content-type"].startswith(DOCX)
    assert response.headers["content-disposition"] == disposition(
        "委员结对联系服务界别群众信息表-张伟.docx")
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[2].text == "委员姓名：张伟\t所在界别：中共"
    assert [[c.text for c in row.cells] for row in document.tables[0].rows][1:3] == [
        ["1", "陈群众", "群众", "贺州市某单位 职员", "13900001111"],
        ["2", "刘群众", "群众", "贺州市某单位 职员", "13900001111"]]
    listed = await client.get(f"/t/{a}/members?sector={zhang.sector_id}")
    assert texts(listed.text, "sector-form1-xlsx") == ["本界别信息表（Excel）"]
    sign_in(client, w.token(w.county_a, Role.convenor))
    book = read_workbook((await client.get(
        f"/t/{a}/sectors/{zhang.sector_id}/form1.xlsx")).content)
    assert book.sheetnames == ["张伟", "王芳"]
    assert [c.value for c in book["张伟"][5]] == [1, "陈群众", "群众", "贺州市某单位 职员",
                                                 "139****1111"]
    # Another tenant's member or sector is not found; a member reads only themself.
    zhao = roster.members["赵强"]
    for path in (f"/t/{a}/members/{zhao.id}/form1.docx",
                 f"/t/{w.county_b.code}/members/{zhang.id}/form1.docx",
                 f"/t/{a}/sectors/{zhao.sector_id}/form1.docx",
                 f"/t/{a}/sectors/nonsense/form1.docx", f"/t/{a}/members/x/form1.xlsx"):
        assert (await client.get(path)).status_code == 404, path
    sign_in(client, w.token(w.county_a, Role.member))
    li = roster.members["李娜"]
    assert (await client.get(f"/t/{a}/members/{li.id}/form1.docx")).status_code == 404


async def test_form2_for_a_members_year(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    zhang = roster.members["张伟"]
    await make_contact(owner, roster.pairings["陈群众"], datetime(2025, 3, 10, 10, tzinfo=BEIJING))
    await make_contact(owner, roster.pairings["刘群众"], datetime(2025, 6, 1, 9, tzinfo=BEIJING))
    sign_in(client, w.token(w.county_a, Role.committee))
    response = await client.get(f"/t/{a}/members/{zhang.id}/form2.xlsx?year=2025")
    assert response.status_code == 200 and response.headers["content-type"].startswith(XLSX)
    book = read_workbook(response.content)
    assert book.sheetnames == ["张伟-陈群众", "张伟-刘群众"]
    assert book["张伟-陈群众"]["F5"].value == "139****1111"
    docx = await client.get(f"/t/{a}/members/{zhang.id}/form2.docx?year=2025")
    assert docx.status_code == 200 and docx.headers["content-type"].startswith(DOCX)
    assert (await client.get(f"/t/{a}/members/{zhang.id}/form2.docx?year=99")).status_code \
        == 400
    sign_in(client, w.token(w.county_a, Role.venue_staff))  # reads members, not contacts
    assert (await client.get(f"/t/{a}/members/{zhang.id}/form2.docx?year=2025")
            ).status_code == 404
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(f"/t/{a}/members/{zhang.id}/form2.docx?year=2025")
            ).status_code == 404


async def test_pairing_with_an_existing_constituent(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    wang = roster.members["王芳"]  # 中共, no pairings; 张伟's two are 中共 too
    page = f"/t/{a}/members/{wang.id}"
    sign_in(client, w.token(w.county_a, Role.convenor))  # 中共's convenor
    shown = await client.get(page)
    options = texts(shown.text, "pair-existing-form")[0]
    assert "陈群众" in options and "刘群众" in options and "黄群众" not in options
    chen = roster.pairings["陈群众"].constituent_id
    before = await count(owner, Pairing, w.county_a)
    paired = await post(client, f"{page}/pairings",
                        {"constituent_id": str(chen), "started_on": "2025-01-01"},
                        form_page=page)
    assert (paired.status_code, paired.headers["location"]) == (303, page)
    after = await client.get(page)
    assert [r[0] for r in table(after.text, "pairings")] == ["陈群众"]
    assert "陈群众" not in texts(after.text, "pair-existing-form")[0]
    again = await post(client, f"{page}/pairings",
                       {"constituent_id": str(chen), "started_on": "2025-01-01"},
                       form_page=page)
    assert again.status_code == 400
    assert texts(again.text, "form-error") == ["该联系对象已与此委员结对"]
    other = roster.pairings["周群众"].constituent_id  # county B
    for cid in (other,):
        refused = await post(client, f"{page}/pairings",
                             {"constituent_id": str(cid), "started_on": "2025-01-01"},
                             form_page=page)
        assert refused.status_code == 404
    assert await count(owner, Pairing, w.county_a) == before + 1
