"""File routes end to end: templates, all-or-nothing imports, exports and Form 1."""

import io

import pytest
from docx import Document
from sqlalchemy import select

from liaison.models import Member, Pairing
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import auth, make_member
from tests.readback import audit_entries, count
from tests.workbooks import read_workbook, upload, workbook

MEMBER_HEADER = ["姓名*", "性别", "民族", "党派", "界别*", "专门委员会", "活动组", "工作单位",
                 "职务", "联系电话", "党员领导干部", "届次"]
PAIRING_HEADER = ["委员姓名*", "委员联系电话", "联系对象姓名*", "联系对象党派", "联系对象单位",
                  "联系对象职务", "联系对象电话", "类别*", "联系对象界别", "结对开始日期"]


async def test_templates_have_chinese_headers(client):
    response = await client.get("/files/templates/members.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    book = read_workbook(response.content)
    assert [c.value for c in book["委员"][1]] == MEMBER_HEADER
    response = await client.get("/files/templates/pairings.xlsx")
    assert [c.value for c in read_workbook(response.content)["结对"][1]] == \
        PAIRING_HEADER


async def test_importing_members(client, owner, roster):
    w = roster.world
    data = workbook(MEMBER_HEADER,
                    ["孙丽", "女", "汉族", "民盟", "工会", "综合委员会", "第一活动组", "某中学",
                     "教师", 13800002222, "否", None],
                    ["周杰", "男", "瑶族", "中共", "中共", None, None, "某镇政府", "镇长",
                     "0774-5123911", "是", "第五届"])
    response = await upload(client, "/files/imports/members", data, auth(w, w.county_a,
                                                                         Role.office))
    assert (response.status_code, response.json()) == (200, {"status": "imported",
                                                              "created": 2})
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    sun = await owner.scalar(select(Member).where(Member.tenant_id == w.county_a.id,
                                                  Member.name == "孙丽"))
    assert (sun.phone, str(sun.gender), sun.is_leading_cadre, sun.committee_id is not None) == (
        "13800002222", "female", False, True)
    [entry] = await audit_entries(owner, w.county_a, "members_imported")
    assert entry.after["count"] == 2 and len(entry.after["ids"]) == 2
    assert await count(owner, Member, w.county_b) == 1


async def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(client, owner,
                                                                            roster):
    w = roster.world
    data = workbook(MEMBER_HEADER,
                    ["孙丽", "女", None, None, "工会", None, None, None, None, 13800002222],
                    [None, "男", None, None, "无此界别", None, None, None, None, "12345"],
                    ["孙丽", "女", None, None, "工会", None, None, None, None, 13800002222],
                    ["张伟", "男", None, None, "中共", "无此委员会", None, None, None, 13812345678])
    response = await upload(client, "/files/imports/members", data, auth(w, w.county_a,
                                                                         Role.office))
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["message"]) == ("IMPORT_REFUSED",
                                               "有 3 行有误，整个文件未导入，请修改后重新上传")
    assert body["errors"] == [
        {"row": 3, "column": "姓名", "message": "必填"},
        {"row": 3, "column": "联系电话", "message": "电话格式不正确（手机号或 0774-5123911）"},
        {"row": 3, "column": "界别", "message": "本单位没有该界别：无此界别"},
        {"row": 4, "column": "姓名", "message": "与第 2 行重复（姓名和电话相同）"},
        {"row": 5, "column": "专门委员会", "message": "本单位没有该专门委员会：无此委员会"},
        {"row": 5, "column": "姓名", "message": "系统中已有同名同电话的委员"},
    ]
    assert await count(owner, Member, w.county_a) == 3


@pytest.mark.parametrize("content, status, code", [
    (b"not a spreadsheet", 400, "NOT_XLSX"),
    (b"", 400, "EMPTY"),
    (b"x" * (5 * 1024 * 1024 + 1), 413, "TOO_LARGE"),
])
async def test_files_that_are_not_importable(client, owner, roster, content, status, code):
    w = roster.world
    response = await upload(client, "/files/imports/members", content,
                            auth(w, w.county_a, Role.office))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert await count(owner, Member, w.county_a) == 3


async def test_a_missing_column_is_a_header_error(client, roster):
    w = roster.world
    response = await upload(client, "/files/imports/members",
                            workbook(["姓名", "性别"], ["某", "男"]),
                            auth(w, w.county_a, Role.office))
    assert (response.status_code, response.json()) == (400, {"code": "BAD_HEADER",
                                                             "message": "缺少列：界别"})


async def test_who_may_import(client, owner, roster):
    w = roster.world
    data = workbook(MEMBER_HEADER, ["孙丽", "女", None, None, "工会"])
    response = await upload(client, "/files/imports/members", data, {})
    assert (response.status_code, response.json()["code"]) == (401, "UNAUTHENTICATED")
    for role in (Role.convenor, Role.member, Role.chair):
        response = await upload(client, "/files/imports/members", data,
                                auth(w, w.county_a, role))
        assert (response.status_code, response.json()["code"]) == (403, "FORBIDDEN"), role
    # The city office imports into the city only: the county's sector names are not the city's.
    response = await upload(client, "/files/imports/members", data, auth(w, w.city, Role.office))
    assert response.status_code == 422
    assert await count(owner, Member, w.county_a) == 3


async def test_importing_pairings(client, owner, roster):
    w = roster.world
    await make_member(owner, w.county_a, roster.terms[w.county_a.code], "张伟",
                      phone="13500000000")  # a second 张伟
    good = workbook(PAIRING_HEADER,
                    ["王芳", None, "钱群众", "群众", "某村", "村主任", 13911112222, "基层群众",
                     None, "2024-02-01"],
                    ["王芳", None, "孙群众", None, None, None, None, "特殊群体"])
    response = await upload(client, "/files/imports/pairings", good,
                            auth(w, w.county_a, Role.office))
    assert (response.status_code, response.json()) == (200, {"status": "imported",
                                                              "created": 2})
    bad = workbook(PAIRING_HEADER,
                   ["张伟", None, "某甲", None, None, None, None, "基层群众"],
                   ["张伟", 13812345678, "某乙", None, None, None, None, "基层群众"],
                   ["张伟", 13812345678, "某丙", None, None, None, None, "基层群众"],
                   ["李娜", None, "某丁", None, None, None, None, "基层群众", "中共"],
                   ["无此人", None, "某戊", None, None, None, None, "居民"])
    response = await upload(client, "/files/imports/pairings", bad,
                            auth(w, w.county_a, Role.office))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 2, "column": "委员联系电话",
         "message": "有 2 名同名委员“张伟”，请填写委员联系电话"},
        {"row": 4, "column": "委员姓名", "message": "张伟 结对将超过 3 名（已有 2 名）"},
        {"row": 5, "column": "联系对象界别", "message": "非特邀界别委员只能联系本界别群众"},
        {"row": 6, "column": "类别",
         "message": "应为 统一战线内部成员、特殊群体、基层群众 或 其他"},
        {"row": 6, "column": "委员姓名", "message": "本单位没有该委员：无此人"},
    ]
    assert await count(owner, Pairing, w.county_a) == 5  # 3 before + the 2 good ones


async def test_ten_thousand_members_import(client, owner, world):
    from tests.builders import make_term

    await make_term(owner, world.county_b)
    rows = [[f"委员{i:05d}", "男", None, None, "中共", None, None, None, None,
             str(13000000000 + i)] for i in range(10_000)]
    response = await upload(client, "/files/imports/members", workbook(MEMBER_HEADER, *rows),
                            auth(world, world.county_b, Role.office))
    assert (response.status_code, response.json()) == (200, {"status": "imported",
                                                              "created": 10_000})
    assert await count(owner, Member, world.county_b) == 10_000


async def test_member_list_export_masks_as_graphql_does(client, roster):
    w = roster.world

    async def export(tenant, role, query=""):
        response = await client.get(f"/files/exports/members.xlsx{query}",
                                    headers=auth(w, tenant, role))
        if response.status_code != 200:
            return response.status_code
        sheet = read_workbook(response.content).active
        return [(row[1], row[5], row[10]) for row in sheet.iter_rows(min_row=3, values_only=True)]

    assert await export(w.county_a, Role.office) == [
        ("张伟", "中共", "13812345678"), ("王芳", "中共", None), ("李娜", "工会", "13700001234")]
    assert await export(w.county_a, Role.committee) == [
        ("张伟", "中共", "138****5678"), ("王芳", "中共", None), ("李娜", "工会", "137****1234")]
    assert await export(w.county_a, Role.convenor) == [("张伟", "中共", "138****5678"),
                                                        ("王芳", "中共", None)]
    assert await export(w.city, Role.office, f"?tenant={w.county_a.code}&name=娜") == [
        ("李娜", "工会", "137****1234")]
    assert await export(w.county_b, Role.office, f"?tenant={w.county_a.code}") == 404
    assert await export(w.county_a, Role.office, "?status=gone") == 400


async def test_form1_for_a_member_and_for_a_sector(client, roster):
    w = roster.world
    zhang = roster.members["张伟"]
    response = await client.get(f"/files/forms/form1.docx?member={zhang.id}",
                                headers=auth(w, w.county_a, Role.member))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[2].text == "委员姓名：张伟\t所在界别：中共"
    assert [[c.text for c in row.cells] for row in document.tables[0].rows][1:] == [
        ["1", "陈群众", "群众", "贺州市某单位 职员", "13900001111"],
        ["2", "刘群众", "群众", "贺州市某单位 职员", "13900001111"],
        ["3", "", "", "", ""]]
    response = await client.get(f"/files/forms/form1.xlsx?sector={zhang.sector_id}",
                                headers=auth(w, w.county_a, Role.convenor))
    book = read_workbook(response.content)
    assert book.sheetnames == ["张伟", "王芳"]
    assert [c.value for c in book["张伟"][5]] == [1, "陈群众", "群众", "贺州市某单位 职员",
                                                 "139****1111"]
    # Another tenant's member is not found; a bad format or no target is a clear 400.
    zhao = roster.members["赵强"]
    for url, status in ((f"/files/forms/form1.docx?member={zhao.id}", 404),
                        (f"/files/forms/form1.pdf?member={zhang.id}", 400),
                        ("/files/forms/form1.docx", 400),
                        ("/files/forms/form1.docx?member=nonsense", 400)):
        response = await client.get(url, headers=auth(w, w.county_a, Role.office))
        assert response.status_code == status, url
