"""Form 2 downloads and contact imports from paper forms."""

import io
from datetime import UTC, datetime, timedelta

from docx import Document
from sqlalchemy import select

from liaison.models import Contact, ContactConstituent
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, auth, make_contact
from tests.readback import count
from tests.workbooks import read_workbook, upload, workbook

IMPORT = "/files/imports/contacts"
HEADER = ["委员姓名*", "委员联系电话", "界别群众姓名*", "联系服务时间*", "地点", "联系服务方式*",
          "服务类型", "联系服务内容和推动解决的问题", "意见建议", "备注"]


async def test_form2_for_a_contact_and_for_a_members_year(client, owner, roster):
    w = roster.world
    contact = await make_contact(owner, roster.pairings["陈群众"],
                                 datetime(2025, 3, 10, 10, tzinfo=BEIJING),
                                 opinions="建议修缮村道", service_kinds=("legal_aid",))
    await make_contact(owner, roster.pairings["刘群众"], datetime(2025, 6, 1, 9, tzinfo=BEIJING))
    response = await client.get(f"/files/forms/form2.docx?contact={contact.id}",
                                headers=auth(w, w.county_a, Role.member))
    assert response.status_code == 200
    rows = [[c.text for c in row.cells] for row in Document(io.BytesIO(response.content))
            .tables[0].rows]
    assert rows[1][:2] + rows[1][4:] == ["界别群众姓名", "陈群众", "界别群众联系电话",
                                         "13900001111"]
    assert rows[3][1] == "2025-03-10 10:00"
    assert rows[5][1] == "走访了解情况\n服务类型：法律援助"
    assert rows[6][1] == "建议修缮村道"
    year = await client.get(f"/files/forms/form2.xlsx?member={roster.members['张伟'].id}"
                            "&year=2025", headers=auth(w, w.county_a, Role.committee))
    book = read_workbook(year.content)
    assert book.sheetnames == ["张伟-陈群众", "张伟-刘群众"]
    assert book["张伟-陈群众"]["F5"].value == "139****1111"   # masked for a committee
    for url, status in ((f"/files/forms/form2.docx?contact={contact.id}", 404),
                        ("/files/forms/form2.docx?member=" + str(roster.members["张伟"].id),
                         400)):
        headers = auth(w, w.county_b, Role.office) if status == 404 else auth(w, w.county_a,
                                                                              Role.office)
        assert (await client.get(url, headers=headers)).status_code == status


async def stored(owner, tenant):
    """Contacts and their contact–constituent rows in ``tenant``."""
    return (await count(owner, Contact, tenant), await count(owner, ContactConstituent, tenant))


async def test_importing_contacts_from_paper_forms(client, owner, roster):
    w = roster.world
    good = workbook(HEADER,
                    ["张伟", None, "陈群众、刘群众", "2025-03-10 14:30", "某社区", "走访",
                     "政策咨询、法律援助", "了解情况", "建议修路", None],
                    ["李娜", None, "黄群众", datetime(2025, 4, 1, 9, 0), None, "电话"])
    response = await upload(client, IMPORT, good, auth(w, w.county_a, Role.office))
    assert (response.status_code, response.json()) == (200, {"status": "imported",
                                                              "created": 2})
    assert await stored(owner, w.county_a) == (2, 3)
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    first = await owner.scalar(select(Contact).where(Contact.tenant_id == w.county_a.id,
                                                     Contact.method == "visit"))
    assert (first.occurred_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
            first.service_kinds, first.entered_by_office) == (
        "2025-03-10 14:30", ["legal_aid", "policy_consultation"], True)
    future = (datetime.now(UTC) + timedelta(days=2)).astimezone(BEIJING)
    bad = workbook(HEADER, ["张伟", None, "黄群众", "2025-03-10 14:30", None, "走访"],
                   ["张伟", None, "陈群众", future.strftime("%Y-%m-%d %H:%M"), None, "飞鸽"],
                   ["张伟", None, "陈群众", "2023-05-01", None, "电话", "算命"])
    response = await upload(client, IMPORT, bad, auth(w, w.county_a, Role.office))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 2, "column": "界别群众姓名", "message": "黄群众 在 2025-03-10 未与 张伟 结对"},
        {"row": 3, "column": "联系服务方式",
         "message": "应为 电话、微信、短信、走访、座谈会、宣讲会、委员接待日、调查研究、"
                    "界别调研视察考察、界别协商、界别座谈会、界别委员工作室活动 或 其他"},
        {"row": 3, "column": "联系服务时间", "message": "联系时间不能晚于现在"},
        {"row": 4, "column": "服务类型",
         "message": "不认识：算命（可选：帮扶解困、慰问走访、政策咨询、法律援助、就业指导、"
                    "支教助学、送医下乡、技术指导、科普宣传）"},
        {"row": 4, "column": "界别群众姓名", "message": "陈群众 在 2023-05-01 未与 张伟 结对"},
    ]
    assert await stored(owner, w.county_a) == (2, 3)
    refused = await upload(client, IMPORT, good, auth(w, w.county_a, Role.member))
    assert refused.status_code == 403
