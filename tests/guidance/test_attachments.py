"""Attachments in the service: kept by their content's type (a name that lies is corrected),
refused whole when too large, empty or of another type — with the item or answer they came
with, so a refusal stores nothing; only the offices upload."""

import pytest

from liaison.errors import Forbidden, ValidationFailed
from liaison.guidance import answers, attachments
from liaison.guidance.attachments import DOCX, MAX_BYTES, PDF
from liaison.models import Attachment, GuidanceItem, GuidanceTarget
from liaison.models.account import Role
from tests.guidance.guidance_rows import (
    EXE,
    act,
    attachments_of,
    copy_of,
    issue,
    new_item,
    pdf,
    word,
)
from tests.readback import audit_entries, count

TOO_BIG = b"%PDF-" + b"\x00" * MAX_BYTES
TYPE = "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"


async def test_a_name_that_lies_is_corrected_by_the_content(database, owner, world):
    city, a = world.city, world.county_a
    item = await issue(database, world, new_item(upload=("工作方案.pdf", word())))
    [stored] = await attachments_of(owner, city)
    assert (stored.id, stored.filename, stored.content_type, stored.size, stored.data,
            stored.created_by) == (item.attachment_id, "工作方案.docx", DOCX, len(word()),
                                   word(), world.account(city, Role.office).id)
    assert (await copy_of(owner, a, item.id)).attachment_id == stored.id
    [entry] = await audit_entries(owner, city, "attachment_uploaded")
    assert (entry.target_id, entry.after) == (str(stored.id), {
        "filename": "工作方案.docx", "content_type": DOCX, "size": len(word())})
    copy = await copy_of(owner, a, item.id)
    office_a = world.account(a, Role.office)
    await act(database, office_a, answers.answer, copy.id, "见附件", upload=("答复.docx", pdf()))
    [answer_file] = await attachments_of(owner, a)
    assert (answer_file.filename, answer_file.content_type) == ("答复.pdf", PDF)


@pytest.mark.parametrize(("upload", "message"), [
    (("setup.pdf", EXE), TYPE), (("大文件.pdf", TOO_BIG), "文件超过 10 MB"),
    (("空.docx", b""), "文件是空的")])
async def test_a_refused_file_stores_nothing_with_the_item_or_answer(database, owner, world,
                                                                     upload, message):
    city, a = world.city, world.county_a
    with pytest.raises(ValidationFailed) as refused:
        await issue(database, world, new_item(" ", upload=upload))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("title", "请填写标题"), ("file", message)]
    with pytest.raises(ValidationFailed) as refused:
        await issue(database, world, new_item(upload=upload))
    assert [(p.field, p.message) for p in refused.value.problems] == [("file", message)]
    assert [await count(owner, model, city) for model in (Attachment, GuidanceItem)] == [0, 0]
    assert await count(owner, GuidanceTarget, a) == 0
    item = await issue(database, world)
    copy = await copy_of(owner, a, item.id)
    with pytest.raises(ValidationFailed) as refused:
        await act(database, world.account(a, Role.office), answers.answer, copy.id, "答复",
                  upload=upload)
    assert [(p.field, p.message) for p in refused.value.problems] == [("file", message)]
    with pytest.raises(ValidationFailed):
        await act(database, world.account(a, Role.office), attachments.store, *upload)
    assert (await count(owner, Attachment, a), (await copy_of(owner, a, item.id)).state) == (
        0, "sent")
    assert await audit_entries(owner, a) == []


async def test_only_the_offices_upload(database, owner, world):
    for tenant in (world.city, world.county_a):
        for role in (Role.leadership, Role.chair, Role.member, Role.committee, Role.convenor):
            with pytest.raises(Forbidden, match="^只有委员联络办可以上传指导事项的附件$"):
                await act(database, world.account(tenant, role), attachments.store, "a.pdf",
                          pdf())
        row = await act(database, world.account(tenant, Role.office), attachments.store,
                        "a.pdf", pdf())
        assert [r.id for r in await attachments_of(owner, tenant)] == [row.id]
