"""The reminder job: exactly once per due item, delivered by e-mail to a local SMTP server
(members read theirs through GraphQL: tests/api/test_notifications.py)."""

import email
from datetime import datetime
from email import policy

from sqlalchemy import select

from liaison.models import Notification
from liaison.models.account import Role
from liaison.notifications import reminders
from liaison.notifications.channels import EmailChannel, channels_from_env
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, free_port, make_contact, set_email
from tests.readback import remind


async def notes(owner, tenant):
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.scalars(select(Notification).where(Notification.tenant_id == tenant.id)
                               .order_by(Notification.key))
    return [(n.kind, n.title) for n in rows]


async def test_each_due_item_is_reminded_exactly_once(database, owner, roster):
    w = roster.world
    await make_contact(owner, roster.pairings["陈群众"], datetime(2025, 3, 2, tzinfo=BEIJING))
    too_early = datetime(2025, 3, 10, 9, tzinfo=BEIJING)          # 21 days before quarter end
    assert await remind(database, w.county_a, too_early) == 0
    two_weeks = datetime(2025, 3, 18, 9, tzinfo=BEIJING)          # 13 days left
    assert await remind(database, w.county_a, two_weeks) == 2
    assert await remind(database, w.county_a, two_weeks) == 0
    week = datetime(2025, 3, 25, 9, tzinfo=BEIJING)               # the plan is due 03-31
    assert await remind(database, w.county_a, week) == 3
    assert await remind(database, w.county_a, week) == 0
    assert sorted(await notes(owner, w.county_a)) == sorted([
        ("quarter", "2025年第一季度尚未联系：刘群众"),
        ("quarter", "2025年第一季度尚未联系：黄群众"),
        ("plan", "请在 2025-03-31 前提交2025年年度联系群众计划"),
        ("plan", "请在 2025-03-31 前提交2025年年度联系群众计划"),
        ("plan", "请在 2025-03-31 前提交2025年年度联系群众计划")])
    assert await notes(owner, w.county_b) == []     # another tenant is untouched
    december = datetime(2025, 12, 18, 9, tzinfo=BEIJING)   # 13 days left; report due 12-20
    assert await remind(database, w.county_b, december) == 2     # 赵强: quarter + report
    assert sorted(k for k, _ in await notes(owner, w.county_b)) == ["quarter", "report"]


async def test_reminders_are_emailed_once_to_the_members_account(database, owner, roster,
                                                                 smtp_inbox):
    w = roster.world
    await set_email(owner, w.account(w.county_a, Role.member),     # linked to 张伟
                    "zhangwei@example.org")
    channel = EmailChannel(host="127.0.0.1", port=smtp_inbox.port, sender="liaison@example.org")
    now = datetime(2025, 3, 18, 9, tzinfo=BEIJING)
    await remind(database, w.county_a, now)
    for _ in range(2):
        async with database.sessions() as session:
            delivered, failed = await reminders.deliver(session, w.county_a, [channel], now)
            await session.commit()
    assert (delivered, failed) == (0, 0)  # the second pass finds nothing left to send
    assert len(smtp_inbox.messages) == 1
    recipients, content = smtp_inbox.messages[0]
    message = email.message_from_bytes(content, policy=policy.default)
    assert recipients == ["zhangwei@example.org"]
    assert message["Subject"] == "【委员联系群众】2025年第一季度尚未联系：刘群众、陈群众"
    assert "还有 13 天" in message.get_content()


async def test_an_unreachable_mail_server_leaves_the_notification_for_the_next_run(
        database, owner, roster):
    w = roster.world
    await set_email(owner, w.account(w.county_a, Role.member), "zhangwei@example.org")
    now = datetime(2025, 3, 18, 9, tzinfo=BEIJING)
    await remind(database, w.county_a, now)
    async with database.sessions() as session:
        result = await reminders.deliver(session, w.county_a,
                                         [EmailChannel(host="127.0.0.1", port=free_port())], now)
        await session.commit()
    assert result == (0, 1)


def test_channels_come_from_the_environment():
    assert channels_from_env({}) == []
    [channel] = channels_from_env({"LIAISON_SMTP_HOST": "mail.local", "LIAISON_SMTP_PORT": "2525",
                                   "LIAISON_SMTP_FROM": "zx@example.org"})
    assert (channel.host, channel.port, channel.sender) == ("mail.local", 2525, "zx@example.org")
