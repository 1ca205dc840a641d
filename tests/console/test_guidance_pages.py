"""指导事项 in the console: the city's office issues an item (errors next to the fields, a bad or
oversized file refused with nothing stored), sees each county's progress and the matrix and
reminds; a county's office finds it under 上级指导, marks it read, answers with a file and
finishes it; siblings, other roles and forged posts are refused."""

import re

from liaison.guidance.attachments import MAX_BYTES
from liaison.models import Attachment, GuidanceItem, GuidanceTarget
from liaison.models.account import Role
from tests.console.helpers import csrf, sign_in, table, texts
from tests.guidance.guidance_rows import EXE, pdf, word
from tests.readback import count

FORM = {"kind": "task", "title": "关于开展自查的通知", "body": "请于月底前报送。",
        "due_on": "2099-06-30"}


async def send(client, path: str, data: dict, *, form_page: str, upload=None):
    """A multipart form post (with a file when given) and the CSRF token of ``form_page``."""
    token = await csrf(client, form_page)
    files = {"file": upload or ("", b"", "application/octet-stream")}
    return await client.post(path, data={**data, "_csrf_token": token}, files=files)


async def test_the_city_issues_and_a_county_answers(client, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    home = f"/t/{city.code}/guidance"
    sign_in(client, world.token(city, Role.office))
    empty = await client.get(home)
    assert empty.status_code == 200
    assert texts(empty.text, "empty") == ["还没有下发指导事项。"]
    assert f'<a href="{home}">指导事项</a>' in empty.text and "上级指导" not in empty.text
    assert re.findall(r'name="counties" value="([^"]+)" checked', empty.text) == [a.code, b.code]

    refused = await send(client, home, {**FORM, "title": " ", "counties": [a.code]},
                         form_page=home, upload=("setup.pdf", EXE, "application/pdf"))
    assert refused.status_code == 400
    assert texts(refused.text, "error-title") == ["请填写标题"]
    assert texts(refused.text, "error-file") == [
        "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"]
    assert re.findall(r'name="counties" value="([^"]+)" checked', refused.text) == [a.code]
    refused = await send(client, home, {**FORM, "due_on": "2020-01-01"}, form_page=home)
    assert texts(refused.text, "error-due_on") == ["办理期限不能早于今天"]
    refused = await send(client, home, {k: v for k, v in FORM.items()}, form_page=home,
                         upload=("大.pdf", b"%PDF-" + b"\x00" * MAX_BYTES, "application/pdf"))
    assert refused.status_code == 413
    assert texts(refused.text, "error-file") == ["文件超过 10 MB"]
    assert [await count(owner, m, city) for m in (GuidanceItem, Attachment)] == [0, 0]

    issued = await send(client, home, {**FORM, "counties": [a.code]}, form_page=home,
                        upload=("方案.pdf", pdf(), "application/pdf"))
    assert issued.status_code == 303, issued.text
    page = issued.headers["location"]
    shown = await client.get(page)
    assert texts(shown.text, "item-title") == ["关于开展自查的通知"]
    assert texts(shown.text, "attachment") == ["方案.pdf"]
    assert [row[:2] for row in table(shown.text, "targets")] == [[a.short_name, "未阅"]]
    got = await client.get(f"{page}/attachment")
    assert (got.status_code, got.content, got.headers["content-type"]) == (
        200, pdf(), "application/pdf")
    assert await count(owner, GuidanceTarget, b) == 0

    # County A: 上级指导, read, answer with a file, done.
    sign_in(client, world.token(a, Role.office))
    inbox = await client.get(f"/t/{a.code}/inbox")
    assert f'<a href="/t/{a.code}/inbox">上级指导</a>' in inbox.text
    assert [row[1:] for row in table(inbox.text, "inbox")] == [
        ["工作任务", "关于开展自查的通知", city.short_name, "2099年6月30日", "未阅", ""]]
    mine = re.search(rf'href="(/t/{a.code}/inbox/[0-9a-f-]+)"', inbox.text).group(1)
    item = await client.get(mine)
    assert texts(item.text, "state") == ["未阅"]
    assert 'data-testid="mark-done"' not in item.text  # a task is answered first
    assert (await client.get(f"{mine}/attachment")).content == pdf()
    read = await send(client, f"{mine}/read", {}, form_page=mine)
    assert (read.status_code, read.headers["location"]) == (303, mine)
    long = await send(client, f"{mine}/answer", {"text": "答" * 5001}, form_page=mine)
    assert (long.status_code, "text 超过 5000 个字符，未做任何修改" in long.text) == (400, True)
    blank = await send(client, f"{mine}/answer", {"text": " "}, form_page=mine)
    assert texts(blank.text, "error-text") == ["请填写答复内容"]
    answered = await send(client, f"{mine}/answer", {"text": "已完成自查。"}, form_page=mine,
                          upload=("自查报告.pdf", word(), "application/pdf"))
    assert answered.status_code == 303
    item = await client.get(mine)
    assert (texts(item.text, "state"), texts(item.text, "answer")) == (["已答复"],
                                                                        ["已完成自查。"])
    assert texts(item.text, "answer-attachment") == ["自查报告.docx"]
    done = await send(client, f"{mine}/done", {}, form_page=mine)
    assert done.status_code == 303
    item = await client.get(mine)
    assert texts(item.text, "state") == ["已办结"]
    assert 'data-testid="answer-form"' not in item.text

    # The city sees it, reads the county's file; county B sees nothing of it.
    sign_in(client, world.token(city, Role.office))
    shown = await client.get(page)
    assert [row[:2] + row[3:5] for row in table(shown.text, "targets")] == [
        [a.short_name, "已办结", "已完成自查。", "自查报告.docx"]]
    assert (await client.get(f"{mine}/answer-attachment")).content == word()
    sign_in(client, world.token(b, Role.office))
    for path in (mine, f"/t/{a.code}/inbox", f"{mine}/answer-attachment", page):
        assert (await client.get(path)).status_code == 404, path
    assert texts((await client.get(f"/t/{b.code}/inbox")).text, "empty") == [
        "没有上级下发的指导事项。"]


async def test_matrix_remind_and_forged_posts(client, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    home = f"/t/{city.code}/guidance"
    sign_in(client, world.token(city, Role.office))
    issued = await send(client, home, {**FORM, "kind": "notice", "counties": [a.code, b.code]},
                        form_page=home)
    page = issued.headers["location"]
    matrix = await client.get(f"{home}/matrix")
    assert table(matrix.text, "matrix") == [["未阅"], ["未阅"]]
    reminded = await send(client, f"{page}/remind", {"back": "matrix"}, form_page=page)
    assert (reminded.status_code, reminded.headers["location"]) == (303, f"{home}/matrix"
                                                                         "?reminded=2")
    matrix = await client.get(reminded.headers["location"])
    assert texts(matrix.text, "reminded") == ["已催办 2 个未办结的单位。"]
    assert table(matrix.text, "matrix") == [["未阅 催办 1 次"], ["未阅 催办 1 次"]]
    # The city reads a county's copy without controls; a forged answer is not found.
    copy = re.search(rf'href="(/t/{a.code}/inbox/[0-9a-f-]+)"', matrix.text).group(1)
    shown = await client.get(copy)
    assert texts(shown.text, "read-only") and 'data-testid="answer-form"' not in shown.text
    forged = await send(client, f"{copy}/answer", {"text": "代答"}, form_page=home)
    assert forged.status_code == 404
    # A county office cannot issue: no form, and a forged post is forbidden.
    sign_in(client, world.token(a, Role.office))
    [note] = texts((await client.get(copy)).text, "reminded")
    assert note.startswith(f"{city.short_name}已催办 1 次，最近一次 20")
    own = f"/t/{a.code}/guidance"
    assert 'data-testid="compose-form"' not in (await client.get(own)).text
    forged = await send(client, own, FORM, form_page=own)
    assert forged.status_code == 403
    assert "本单位没有下级政协，不能下发指导事项" in forged.text
    assert await count(owner, GuidanceItem, a) == 0
    # The city's members have no guidance pages.
    sign_in(client, world.token(city, Role.member))
    assert (await client.get(home)).status_code == 403


async def test_a_body_past_the_limit_is_a_page_and_changes_nothing(client, owner, world):
    home = f"/t/{world.city.code}/guidance"
    sign_in(client, world.token(world.city, Role.office))
    refused = await send(client, home, FORM, form_page=home,
                         upload=("大.pdf", b"%PDF-" + b"\x00" * (MAX_BYTES + 512 * 1024),
                                 "application/pdf"))
    assert refused.status_code == 413
    assert "文件超过 10 MB，未做任何修改" in refused.text
    assert await count(owner, GuidanceItem, world.city) == 0
