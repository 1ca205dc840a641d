"""The slips as .docx (read back with python-docx: every slip's text and its own QR image,
made from the page's address with the code) and as messages through a phone channel."""

import io
import uuid
import zipfile

import pytest
from docx import Document

from liaison.documents.evaluation_slips import slips_docx, views
from liaison.evaluation import messages
from liaison.evaluation.queries import Recipient
from liaison.evaluation.service import Slip

BASE = "https://liaison.example.gov.cn"


def slip(person: str, member: str = "张伟", phone: str | None = "13900001111",
         code: str = "7KQ2M-XH4PD") -> Slip:
    return Slip(code=code, year=2025, recipient=Recipient(
        uuid.uuid4(), uuid.uuid4(), member, "中共", person, phone))


def test_a_docx_page_of_slips_holds_each_slip_and_its_qr_code():
    made = [slip("陈群众"), slip("刘群众\x07", code="22222-33333"),
            slip("黄群众", "李娜", code="ABCDE-FGHJK")]
    data = slips_docx(views(made, base=BASE + "/", tenant_code="hz-pb",
                            tenant_name="平桂区政协"))
    document = Document(io.BytesIO(data))
    [table] = document.tables
    cells = [c for row in table.rows for c in row.cells]
    texts = ["\n".join(p.text for p in c.paragraphs) for c in cells]
    assert len(table.rows) == 2
    for text, person, member, code in zip(
            texts, ["陈群众", "刘群众", "黄群众"], ["张伟", "张伟", "李娜"],
            ["7KQ2M-XH4PD", "22222-33333", "ABCDE-FGHJK"], strict=False):
        assert "平桂区政协 2025 年度委员联系群众工作评议" in text
        assert f"致 {person}：" in text
        assert f"{member}（中共界别）" in text
        assert f"评议码  {code}" in text
        assert f"{BASE}/p/hz-pb/evaluate\n" in text
    assert "\x07" not in "".join(texts)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 3
    assert texts[3] == ""  # the second row's empty half
    view = views(made, base=BASE, tenant_code="hz-pb", tenant_name="平桂区政协")[0]
    assert view.url == f"{BASE}/p/hz-pb/evaluate?code=7KQ2M-XH4PD"
    assert view.png().startswith(b"\x89PNG")
    assert view.svg_uri().startswith("data:image/svg+xml")


class PhoneChannel:
    name = "sms"

    def __init__(self, fail_for: str | None = None):
        self.sent, self.fail_for = [], fail_for

    async def send(self, to: str, subject: str, body: str) -> None:
        if to == self.fail_for:
            raise OSError("gateway down")
        self.sent.append((to, subject, body))


class MailChannel(PhoneChannel):
    name = "email"


@pytest.mark.parametrize("channels", [[], [MailChannel()]])
async def test_without_a_phone_channel_nothing_is_sent(channels):
    sent = await messages.send(channels, [slip("陈群众")], base=BASE, tenant_code="hz-pb",
                               tenant_name="平桂区政协")
    assert sent == messages.Sent(0, 0, 1)
    assert all(not c.sent for c in channels)


async def test_slips_go_to_the_peoples_phones_one_by_one():
    phone = PhoneChannel(fail_for="13900002222")
    made = [slip("陈群众"), slip("刘群众", phone="13900002222"), slip("黄群众", phone=None)]
    sent = await messages.send([phone, MailChannel()], made, base=BASE, tenant_code="hz-pb",
                               tenant_name="平桂区政协")
    assert sent == messages.Sent(sent=1, failed=1, unreachable=1)
    assert phone.sent == [("13900001111", "平桂区政协 2025 年度委员联系群众工作评议",
                           "陈群众您好！请对您的结对委员张伟（中共界别）的联系服务情况作出评价："
                           f"打开 {BASE}/p/hz-pb/evaluate?code=7KQ2M-XH4PD ，评议码 7KQ2M-XH4PD。"
                           "评议码只能使用一次，评议结束后失效。")]
