"""The pure rules: what a county's copy may do next, when it is overdue, what a file is by its
content (never its name), and the name it is kept under."""

from datetime import date

import pytest

from liaison.errors import ValidationFailed
from liaison.guidance.attachments import (
    DOCX,
    MAX_BYTES,
    PDF,
    TYPES,
    XLSX,
    AttachmentRefused,
    clean_filename,
    sniff,
)
from liaison.guidance.rules import Step, is_overdue, next_state
from liaison.models.guidance import GuidanceKind, TargetState
from tests.guidance.guidance_rows import EXE, pdf, sheet, word, zipped

K, S = GuidanceKind, TargetState


def test_reading_answering_and_finishing():
    assert next_state(S.sent, Step.read, K.notice) is S.read
    for state in (S.read, S.answered, S.done):  # reading again changes nothing
        assert next_state(state, Step.read, K.task) is state
    for state in (S.sent, S.read, S.answered):
        assert next_state(state, Step.answer, K.supervision) is S.answered
    for state in (S.sent, S.read, S.answered):  # a notice needs no answer to be done
        assert next_state(state, Step.finish, K.notice) is S.done
    assert next_state(S.answered, Step.finish, K.task) is S.done


@pytest.mark.parametrize(("state", "step", "kind", "message"), [
    (S.sent, Step.finish, K.task, "工作任务须先答复办理情况，再标记办结"),
    (S.read, Step.finish, K.supervision, "督办须先答复办理情况，再标记办结"),
    (S.done, Step.answer, K.notice, "该事项已办结，不能再答复"),
    (S.done, Step.finish, K.task, "该事项已办结，不能再办结"),
])
def test_illegal_moves_are_refused_with_a_reason(state, step, kind, message):
    with pytest.raises(ValidationFailed) as refused:
        next_state(state, step, kind)
    assert [(p.field, p.message) for p in refused.value.problems] == [("state", message)]


def test_overdue_is_strictly_after_the_due_day_and_never_once_done():
    due = date(2025, 6, 30)
    assert not is_overdue(due, S.answered, date(2025, 6, 30))
    assert is_overdue(due, S.answered, date(2025, 7, 1))
    assert is_overdue(due, S.sent, date(2025, 7, 1))
    assert not is_overdue(due, S.done, date(2025, 7, 1))
    assert not is_overdue(None, S.sent, date(2099, 1, 1))


def test_the_kind_comes_from_the_content():
    assert sniff(pdf()) == "pdf"
    assert sniff(word()) == "docx"
    assert sniff(sheet()) == "xlsx"
    assert TYPES == {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}


@pytest.mark.parametrize(("data", "reason", "message"), [
    (b"", "EMPTY", "文件是空的"),
    (EXE, "TYPE", "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"),
    (b"PK\x03\x04 not really a zip", "TYPE", "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"),
    (zipped({"word/document.xml": b"<w/>"}), "TYPE",  # no [Content_Types].xml
     "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"),
    (zipped({"[Content_Types].xml": b"<Types/>", "ppt/slides/slide1.xml": b"<p/>"}), "TYPE",
     "只能上传 Word（.docx）、Excel（.xlsx）或 PDF 文件"),
    (zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
             "word/vbaProject.bin": b"macro"}), "TYPE",
     "不能上传含有宏的文件，请另存为 .docx 或 .xlsx"),
    (zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>",
             "xl/bomb.xml": b"\x00" * (300 * 1024 * 1024 // 100)}), "TOO_LARGE",
     "文件解压后过大或压缩比异常"),
    (b"%PDF-" + b"\x00" * MAX_BYTES, "TOO_LARGE", "文件超过 10 MB"),
])
def test_anything_else_is_refused(data, reason, message):
    with pytest.raises(AttachmentRefused) as refused:
        sniff(data)
    assert (refused.value.reason, refused.value.message) == (reason, message)
    assert [(p.field, p.message) for p in refused.value.problems] == [("file", message)]


def test_exactly_ten_megabytes_is_accepted():
    assert sniff(b"%PDF-" + b"\x00" * (MAX_BYTES - 5)) == "pdf"


@pytest.mark.parametrize(("name", "kind", "kept"), [
    ("通知.pdf", "docx", "通知.docx"),  # the content decides
    ("统计表.docx", "pdf", "统计表.pdf"),
    ("C:\\Users\\办公室\\报表.xlsx", "xlsx", "报表.xlsx"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ('a"b\r\nc<d>.pdf', "pdf", "abcd.pdf"),
    ("2025.06.通知.pdf", "pdf", "2025.06.通知.pdf"),
    ("", "pdf", "附件.pdf"),
    (None, "docx", "附件.docx"),
    (".pdf", "pdf", "附件.pdf"),
    ("长" * 200 + ".pdf", "xlsx", "长" * 115 + ".xlsx"),
])
def test_the_name_kept(name, kind, kept):
    assert clean_filename(name, kind) == kept
