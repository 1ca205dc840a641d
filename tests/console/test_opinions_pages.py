"""意见建议 in the console: the office registers (errors next to the fields, nothing written),
assigns, and the board counts each state; the committee handles what is assigned to it; a
member registers from a contact and feeds back; the city reads a county's read-only and adds
a guidance note; other tenants and roles are refused; bad posts change nothing."""

import re

import pytest

from liaison.models import Opinion
from liaison.models.account import Role
from tests.console.helpers import post, sign_in, table, texts
from tests.console.opinion_data import option, register
from tests.readback import count

STATE_TABS = ["全部 0", "已登记 0", "办理中 0", "已处理 0", "已答复 0", "已反馈 0", "已办结 0"]


async def test_the_office_registers_assigns_and_the_board_counts(client, owner, roster,
                                                                  committee_a):
    w = roster.world
    a = w.county_a.code
    board = f"/t/{a}/opinions"
    sign_in(client, w.token(w.county_a, Role.office))
    empty = await client.get(board)
    assert empty.status_code == 200
    assert texts(empty.text, "empty") == ["没有符合条件的意见建议。"]
    assert [t for t in texts(empty.text, "state-tabs")[0].split(" ") if t] == " ".join(
        STATE_TABS).split(" ")
    assert f'href="/t/{a}/opinions"' in empty.text and 'data-testid="new-opinion"' in empty.text
    form = f"/t/{a}/opinions/new"
    refused = await post(client, form, {"title": " ", "content": "", "raised_on": "2025-13-01",
                                        "category": ""}, form_page=form)
    assert refused.status_code == 400
    assert texts(refused.text, "error-raised_on") == ["提出日期格式应为 2025-03-31"]
    refused = await post(client, form, {"title": "", "content": "", "raised_on": "2025-03-01",
                                        "category": ""}, form_page=form)
    assert texts(refused.text, "error-title") == ["请填写标题"]
    assert texts(refused.text, "error-content") == ["请填写内容"]
    assert texts(refused.text, "error-category") == ["未知的意见建议类别"]
    assert texts(refused.text, "error-constituents") == ["请填写反映人（联系对象或人数）"]
    assert await count(owner, Opinion, w.county_a) == 0

    page = await register(client, roster)
    shown = await client.get(page)
    assert texts(shown.text, "opinion-title") == ["修缮村道"]
    assert texts(shown.text, "state") == ["已登记"]
    assert texts(shown.text, "next-step") == ["下一步：交办"]
    assert texts(shown.text, "member") == ["张伟"]
    assert texts(shown.text, "category") == ["社会民生"]
    assert table(shown.text, "people") == [["陈群众", "13900001111"]]
    assert [row[1:] for row in table(shown.text, "history")] == [
        ["office（测试）", "已登记", ""]]
    assert 'data-testid="outcome-proposal-form"' not in shown.text  # not in this state
    illegal = await post(client, f"{page}/reply", {
        "reply_from": "县交通运输局", "replied_on": "2025-05-10", "text": "已列入计划"},
        form_page=page)
    assert illegal.status_code == 400
    assert texts(illegal.text, "form-error") == ["意见建议当前为“已登记”，不能变为“已答复”"]
    early = await post(client, f"{page}/assign", {"committee": committee_a,
                                                  "due_on": "2025-01-01", "note": "请办理"},
                       form_page=page)
    assert early.status_code == 400
    assert texts(early.text, "error-due_on") == ["办理期限不能早于提出日期"]
    assigned = await post(client, f"{page}/assign", {"committee": committee_a,
                                                     "due_on": "2025-04-30", "note": "请办理"},
                          form_page=page)
    assert (assigned.status_code, assigned.headers["location"]) == (303, page)
    shown = await client.get(page)
    assert texts(shown.text, "state") == ["办理中"]
    assert texts(shown.text, "committee") == ["综合委员会"]
    assert texts(shown.text, "due-on") == ["2025年4月30日（已逾期）"]
    assert [row[1:] for row in table(shown.text, "history")] == [
        ["office（测试）", "已登记", ""], ["office（测试）", "已登记 → 办理中", "请办理"]]
    listing = await client.get(f"{board}?overdue=1")
    assert texts(listing.text, "count-handling") == ["1"]
    assert texts(listing.text, "opinion-title") == ["修缮村道"]
    assert texts(listing.text, "opinion-committee") == ["综合委员会"]
    assert texts(listing.text, "overdue") == ["已逾期"]
    assert texts(listing.text, "next-action") == ["记录办理结果"]
    none = await client.get(f"{board}?state=registered")
    assert texts(none.text, "empty") == ["没有符合条件的意见建议。"]
    assert texts(none.text, "count-handling") == ["1"]
    bad = await client.get(f"{board}?state=bogus")
    assert bad.status_code == 400
    assert "状态须为以下之一" in bad.text


async def test_the_committee_handles_its_own_and_the_member_feeds_back(client, roster,
                                                                        committee_a):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    page = await register(client, roster)
    kept = await register(client, roster, "路灯不亮", "2025-03-02")
    await post(client, f"{page}/assign", {"committee": committee_a, "note": ""}, form_page=page)
    sign_in(client, w.token(w.county_a, Role.committee))
    board = await client.get(f"/t/{a}/opinions")
    assert texts(board.text, "opinion-title") == ["修缮村道"]  # not the one still unassigned
    assert 'data-testid="new-opinion"' not in board.text
    assert (await client.get(kept)).status_code == 404
    no_number = await post(client, f"{page}/outcome", {
        "kind": "proposal", "proposal_number": "", "title": "关于修缮村道的提案",
        "on": "2025-04-01"}, form_page=page)
    assert no_number.status_code == 400
    assert texts(no_number.text, "error-proposal_number") == ["请填写提案号"]
    done = await post(client, f"{page}/outcome", {
        "kind": "proposal", "proposal_number": "2025-018", "title": "关于修缮村道的提案",
        "on": "2025-04-01"}, form_page=page)
    assert done.status_code == 303
    replied = await post(client, f"{page}/reply", {
        "reply_from": "县交通运输局", "replied_on": "2025-05-10",
        "text": "已列入今年计划\n年底完工"}, form_page=page)
    assert replied.status_code == 303
    shown = await client.get(page)
    assert texts(shown.text, "outcome-kind") == ["转化为提案"]
    assert texts(shown.text, "proposal-number") == ["2025-018"]
    assert texts(shown.text, "reply-text") == ["已列入今年计划\n年底完工".replace("\n", " ")]
    assert texts(shown.text, "next-step") == ["下一步：向群众反馈"]

    sign_in(client, w.token(w.county_a, Role.member))
    mine = await client.get("/me/opinions")
    assert texts(mine.text, "my-opinion-title") == ["路灯不亮", "修缮村道"]  # newest first
    assert texts(mine.text, "current-step") == ["已登记", "已答复"]
    assert texts(mine.text, "my-outcome") == [
        "办理结果：转化为提案（提案号 2025-018）《关于修缮村道的提案》"]
    oid = page.rsplit("/", 1)[1]
    late = await post(client, f"/me/opinions/{oid}/feedback", {
        "how": "电话", "feedback_on": "2025-05-01", "by": "张伟", "satisfied": "yes"},
        form_page="/me/opinions")
    assert late.status_code == 400
    assert texts(late.text, "error-feedback_on") == ["反馈日期须在答复（或办理）之后、今天之前"]
    fed = await post(client, f"/me/opinions/{oid}/feedback", {
        "how": "电话", "feedback_on": "2025-05-20", "by": "张伟", "satisfied": "yes",
        "note": "满意"}, form_page="/me/opinions")
    assert (fed.status_code, fed.headers["location"]) == (303, "/me/opinions?fed=1")
    mine = await client.get("/me/opinions?fed=1")
    assert texts(mine.text, "notice") == ["已记录反馈，谢谢！"]
    assert texts(mine.text, "my-feedback") == ["已于 2025年5月20日 电话反馈（满意）"]
    kept_id = kept.rsplit("/", 1)[1]
    refused = await post(client, f"/me/opinions/{kept_id}/feedback", {
        "how": "电话", "feedback_on": "2025-05-20", "by": "张伟"}, form_page="/me/opinions")
    assert refused.status_code == 400
    assert texts(refused.text, "form-error") == ["意见建议当前为“已登记”，不能变为“已反馈”"]
    assert (await client.get(page)).status_code == 200  # the member reads their own

    sign_in(client, w.token(w.county_a, Role.office))
    closed = await post(client, f"{page}/close", {"note": "办结"}, form_page=page)
    assert closed.status_code == 303
    board = await client.get(f"/t/{a}/opinions?state=closed")
    assert texts(board.text, "opinion-title") == ["修缮村道"]
    assert texts(board.text, "count-closed") == ["1"]
    assert texts(board.text, "next-step") == []


async def test_a_contact_with_opinions_offers_to_register_them(client, owner, roster):
    """The member logs a contact with opinion text, is offered to register it, splits it into
    two opinions (the contact's people and date); the office is offered the same."""
    w = roster.world
    a = w.county_a.code
    chen = str(roster.pairings["陈群众"].constituent_id)
    sign_in(client, w.token(w.county_a, Role.member))
    logged = await post(client, "/me/contacts/new", {
        "constituents": chen, "occurred_on": "2025-06-01", "method": "visit",
        "content": "走访", "opinions": "建议修缮村道\n建议增设路灯"}, form_page="/me/contacts/new")
    assert logged.status_code == 303
    where = logged.headers["location"]
    assert where.startswith("/me/contacts?saved=1&offer=")
    contact_id = where.rsplit("=", 1)[1]
    offered = await client.get(where)
    assert texts(offered.text, "opinion-offer") == [
        "这次联系收集到了意见建议， 登记为意见建议 ，以便跟踪办理和反馈。"]
    form = f"/me/opinions/new?contact={contact_id}"
    shown = await client.get(form)
    assert texts(shown.text, "source-member") == ["张伟"]
    assert texts(shown.text, "source-date") == ["2025年6月1日"]
    assert texts(shown.text, "source-people") == ["陈群众"]
    assert 'name="title" value="建议修缮村道"' in shown.text
    kind = option(shown.text, "社会民生")
    untitled = await post(client, "/me/opinions/new", {
        "contact": contact_id, "title": ["建议修缮村道", "", ""],
        "content": ["村道破损", "路灯太少", ""], "category": [kind] * 3}, form_page=form)
    assert untitled.status_code == 400
    assert texts(untitled.text, "error-item1-title") == ["请填写标题"]
    assert await count(owner, Opinion, w.county_a) == 0
    made = await post(client, "/me/opinions/new", {
        "contact": contact_id, "title": ["建议修缮村道", "建议增设路灯", ""],
        "content": ["村道破损", "路灯太少", ""], "category": [kind] * 3}, form_page=form)
    assert (made.status_code, made.headers["location"]) == (303, "/me/opinions?saved=2")
    mine = await client.get("/me/opinions?saved=2")
    assert texts(mine.text, "notice") == ["已登记 2 件意见建议，委员联络办将尽快交办。"]
    assert sorted(texts(mine.text, "my-opinion-title")) == sorted(["建议修缮村道", "建议增设路灯"])

    sign_in(client, w.token(w.county_a, Role.office))
    zhang = f"/t/{a}/members/{roster.members['张伟'].id}"
    logged = await post(client, f"{zhang}/contacts/new", {
        "constituents": chen, "occurred_on": "2025-06-02", "method": "phone",
        "opinions": "建议开通公交"}, form_page=f"{zhang}/contacts/new")
    assert logged.headers["location"].startswith(f"{zhang}?offer=")
    offered = await client.get(logged.headers["location"])
    link = re.search(r'href="([^"]+)" data-testid="register-opinion"', offered.text).group(1)
    assert link == f"/t/{a}/opinions/new?contact={logged.headers['location'].rsplit('=', 1)[1]}"
    assert texts((await client.get(link)).text, "source-text") == ["建议开通公交"]
    quiet = await post(client, f"{zhang}/contacts/new", {
        "constituents": chen, "occurred_on": "2025-06-03", "method": "phone"},
        form_page=f"{zhang}/contacts/new")
    assert quiet.headers["location"] == zhang  # nothing to offer


@pytest.mark.usefixtures("contacts_2025")
async def test_converting_contacts_merging_and_handing_back(client, roster, committee_a):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    board = await client.get(f"/t/{a}/opinions")
    converted = await post(client, f"/t/{a}/opinions/convert",
                           {"category": option(board.text, "社会民生")},
                           form_page=f"/t/{a}/opinions")
    assert converted.headers["location"] == f"/t/{a}/opinions?state=registered&converted=1"
    listing = await client.get(converted.headers["location"])
    assert texts(listing.text, "notice") == ["已将 1 条联系记录中的意见建议登记为意见建议。"]
    assert texts(listing.text, "opinion-title") == ["建议修缮村道"]
    other = re.search(r'href="(/t/[^"]+)" data-testid="opinion-title"', listing.text).group(1)
    lead = await register(client, roster)
    none = await post(client, f"{lead}/merge", {"note": "同一件事"}, form_page=lead)
    assert texts(none.text, "error-others") == ["请选择要并入的意见建议"]
    merged = await post(client, f"{lead}/merge", {"others": other.rsplit("/", 1)[1],
                                                  "note": "同一件事"}, form_page=lead)
    assert (merged.status_code, merged.headers["location"]) == (303, lead)
    assert texts((await client.get(lead)).text, "merged") == ["建议修缮村道 （张伟，2025年2月1日）"]
    follower = await client.get(other)
    assert texts(follower.text, "merged-into") == ["已并入《 修缮村道 》，随主件办理。"]
    assert texts(follower.text, "next-step") == ["下一步：随主件办理"]
    assert 'data-testid="assign-form"' not in follower.text
    await post(client, f"{lead}/assign", {"committee": committee_a}, form_page=lead)
    sign_in(client, w.token(w.county_a, Role.committee))
    assert texts((await client.get(f"/t/{a}/opinions")).text, "count-handling") == ["2"]
    bare = await post(client, f"{lead}/hand-back", {"note": ""}, form_page=lead)
    assert bare.status_code == 400
    assert texts(bare.text, "error-note") == ["请填写退回的原因"]
    back = await post(client, f"{lead}/hand-back", {"note": "不属本委职责"}, form_page=lead)
    assert (back.status_code, back.headers["location"]) == (303, f"/t/{a}/opinions")
    assert texts((await client.get(f"/t/{a}/opinions")).text, "empty") == [
        "没有符合条件的意见建议。"]
    sign_in(client, w.token(w.county_a, Role.office))
    shown = await client.get(lead)
    assert texts(shown.text, "state") == ["已登记"]
    assert table(shown.text, "history")[-1][1:] == [
        "committee（测试）", "办理中 → 已登记", "不属本委职责"]
