"""Importing filled official forms (Form 1 → pairings, Form 2 → contacts) through
POST /files/imports/forms: round trips through our own renderers, all or nothing, hostile files,
and Form 1 printing every pairing."""

import io
import zipfile
from datetime import date, datetime

from docx import Document
from sqlalchemy import select

from liaison.documents.form2 import Form2, form2_docx, form2_xlsx
from liaison.models import Constituent, Contact, ContactConstituent, Pairing
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, auth, make_pairing
from tests.readback import count
from tests.workbooks import read_workbook

IMPORT = "/files/imports/forms"
DOCX = "application/octet-stream"


def form2(constituent: str = "陈群众", method: str = "走访", **extra) -> Form2:
    values = dict(
        filled_on=date(2025, 3, 11), member_name="张伟", sector_name="中共", group_name="",
        constituent_name=constituent, constituent_party="群众",
        constituent_phone="13900001111", constituent_unit_post="贺州市某单位 职员",
        time_and_place="2025-03-10 14:30  某社区", method=method,
        content="了解家庭困难情况\n服务类型：法律援助", opinions="建议修路", remarks="")
    values.update(extra)
    return Form2(**values)


async def post(client, world, *files, tenant=None):
    return await client.post(IMPORT, files=[("file", (n, d, DOCX)) for n, d in files],
                             headers=auth(world, tenant or world.county_a, Role.office))


def zipped(*files) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


async def stored(owner, tenant):
    return tuple([await count(owner, m, tenant)
                  for m in (Constituent, Pairing, Contact, ContactConstituent)])


async def test_form1_docx_filled_in_word_creates_its_pairings(client, owner, roster):
    w = roster.world
    wang = roster.members["王芳"]
    blank = await client.get(f"/files/forms/form1.docx?member={wang.id}",
                             headers=auth(w, w.county_a))
    document = Document(io.BytesIO(blank.content))
    table = document.tables[0]
    for r, values in ((1, ["孙群众", "群众", "八步区某社区 主任", "139 0000 2222"]),
                      (2, ["  钱群众 ", "", "", ""])):
        for c, value in enumerate(values, 1):
            table.rows[r].cells[c].text = value
    before = await stored(owner, w.county_a)
    data = io.BytesIO()
    document.save(data)
    response = await post(client, w, ("王芳信息表.docx", data.getvalue()))
    assert (response.status_code, response.json()) == (200, {"status": "imported",
                                                              "created": 2})
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    made = (await owner.execute(select(Constituent, Pairing).join(
        Pairing, (Pairing.tenant_id == Constituent.tenant_id)
        & (Pairing.constituent_id == Constituent.id)).where(
        Pairing.tenant_id == w.county_a.id, Pairing.member_id == wang.id)
        .order_by(Constituent.name))).all()
    assert [(c.name, c.party, c.work_unit, c.post, c.phone, c.category, c.sector_id)
            for c, _ in made] == [
        ("孙群众", "群众", "八步区某社区", "主任", "13900002222", "other", wang.sector_id),
        ("钱群众", None, None, None, None, "other", wang.sector_id)]
    assert await stored(owner, w.county_a) == (before[0] + 2, before[1] + 2, *before[2:])


async def test_form1_xlsx_of_a_paired_member_adds_only_the_new_people(client, owner, roster):
    w = roster.world
    zhang = roster.members["张伟"]
    book = read_workbook((await client.get(f"/files/forms/form1.xlsx?member={zhang.id}",
                                           headers=auth(w, w.county_a))).content)
    sheet = book.worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in (5, 6)] == ["陈群众", "刘群众"]
    sheet["B7"], sheet["E7"] = "新群众", "13900003333"
    data = io.BytesIO()
    book.save(data)
    response = await post(client, w, ("张伟.xlsx", data.getvalue()))
    assert response.json() == {"status": "imported", "created": 1}
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert await owner.scalar(select(Constituent.phone).where(
        Constituent.tenant_id == w.county_a.id, Constituent.name == "新群众")) == "13900003333"


async def test_form2_docx_creates_the_contact(client, owner, roster):
    w = roster.world
    before = await stored(owner, w.county_a)
    response = await post(client, w, ("登记表.docx", form2_docx([form2()])))
    assert response.json() == {"status": "imported", "created": 1}
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    contact = await owner.scalar(select(Contact).where(Contact.tenant_id == w.county_a.id))
    assert (contact.member_id, contact.occurred_at.astimezone(BEIJING), contact.place,
            contact.method, contact.content, contact.service_kinds, contact.opinions,
            contact.remarks, contact.entered_by_office) == (
        roster.members["张伟"].id, datetime(2025, 3, 10, 14, 30, tzinfo=BEIJING), "某社区",
        "visit", "了解家庭困难情况", ["legal_aid"], "建议修路", None, True)
    assert await owner.scalar(select(ContactConstituent.constituent_id).where(
        ContactConstituent.tenant_id == w.county_a.id)) == roster.pairings["陈群众"].constituent_id
    assert await stored(owner, w.county_a) == (*before[:2], 1, 1)


async def test_a_zip_of_two_forms_and_one_bad_field_refuses_everything(client, owner, roster):
    w = roster.world
    before = await stored(owner, w.county_a)
    good = form2_docx([form2()])
    bad = form2_xlsx([form2("刘群众", method="飞鸽")])
    response = await post(client, w, ("表.zip", zipped(("a.docx", good), ("b/b.xlsx", bad))))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "IMPORT_REFUSED"
    assert [(e["row"], e["source"], e["column"]) for e in body["errors"]] == [
        (2, "b/b.xlsx 第 1 张", "联系服务方式")]
    assert body["errors"][0]["message"].startswith("应为 电话、微信")
    assert await stored(owner, w.county_a) == before
    fixed = form2_xlsx([form2("刘群众", method="电话")])
    response = await post(client, w, ("表.zip", zipped(("a.docx", good), ("b.xlsx", fixed))))
    assert response.json() == {"status": "imported", "created": 2}
    assert await stored(owner, w.county_a) == (*before[:2], 2, 2)


async def test_form_errors_name_the_form_and_its_label(client, owner, roster):
    w = roster.world
    before = await stored(owner, w.county_a)
    response = await post(client, w, ("一.docx", form2_docx([form2(), form2(
        "黄群众", time_and_place="某天 某地", member_name="无名")])))
    assert [(e["row"], e["source"], e["column"], e["message"])
            for e in response.json()["errors"]] == [
        (2, "一.docx 第 2 张", "委员姓名", "本单位没有该委员：无名"),
        (2, "一.docx 第 2 张", "联系服务时间及地点",
         "应为 时间 地点（如 2024-03-01 14:30 某社区）")]
    # another tenant's member is not found either
    response = await post(client, w, ("b.docx", form2_docx([form2()])), tenant=w.county_b)
    assert response.json()["errors"][0]["message"] == "本单位没有该委员：张伟"
    assert await stored(owner, w.county_a) == before
    member = await client.post(IMPORT, files=[("file", ("a.docx", form2_docx([form2()]),
                                                        DOCX))],
                               headers=auth(w, w.county_a, Role.member))
    assert member.status_code == 403


def with_entity(docx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = (head + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/pa'
                        b'sswd">]>' + rest.replace("陈群众".encode(), b"&x;", 1))
            archive.writestr(info.filename, data)
    return out.getvalue()


async def test_hostile_files_are_refused_whole(client, owner, roster):
    w = roster.world
    before = await stored(owner, w.county_a)
    plain = Document()
    plain.add_paragraph("不是表格")
    other = io.BytesIO()
    plain.save(other)
    bomb = zipped(("a.docx", b"\0" * (3 * 1024 * 1024)))
    many = zipped(*[(f"{n}.docx", b"x") for n in range(201)])
    for files, status, code in (
            ([("e.docx", with_entity(form2_docx([form2()])))], 400, "NOT_FORM"),
            ([("bomb.zip", bomb)], 413, "TOO_LARGE"),
            ([("other.docx", other.getvalue())], 400, "NOT_FORM"),
            ([("many.zip", many)], 400, "TOO_MANY_FILES"),
            ([("a.txt", b"hello")], 400, "NOT_FORM"),
            ([("a.docx", form2_docx([form2()])), ("x.docx", b"")], 400, "EMPTY")):
        response = await post(client, w, *files)
        assert (response.status_code, response.json()["code"]) == (status, code), files[0][0]
    assert (await client.post(IMPORT, headers=auth(w, w.county_a))).status_code == 400
    assert await stored(owner, w.county_a) == before


async def test_form1_prints_every_pairing(client, owner, roster):
    w = roster.world
    zhang = roster.members["张伟"]
    for name in ("三群众", "四群众"):
        await make_pairing(owner, zhang, name, started_on=date(2024, 2, 1))
    docx = await client.get(f"/files/forms/form1.docx?member={zhang.id}",
                            headers=auth(w, w.county_a))
    rows = Document(io.BytesIO(docx.content)).tables[0].rows
    assert [r.cells[1].text for r in rows] == ["界别群众姓名", "陈群众", "刘群众", "三群众",
                                               "四群众"]
    xlsx = read_workbook((await client.get(f"/files/forms/form1.xlsx?member={zhang.id}",
                                           headers=auth(w, w.county_a))).content)
    sheet = xlsx.worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in range(5, 10)] == [
        "陈群众", "刘群众", "三群众", "四群众", None]
    assert sheet["A8"].value == 4

