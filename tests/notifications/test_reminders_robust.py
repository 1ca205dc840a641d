"""The reminder job survives bad data and bad deliveries: a line break in a name, a channel
that refuses one address, a tenant whose run breaks. Each test replays what used to stop
`liaison remind` for everyone."""

import email
import uuid
from datetime import datetime, timedelta
from email import policy

from sqlalchemy import select

from liaison.models import Constituent, Notification
from liaison.models.account import Role
from liaison.notifications import reminders
from liaison.notifications.channels import EmailChannel
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, link_account, make_account, set_email
from tests.readback import remind

NOW = datetime(2025, 3, 18, 9, tzinfo=BEIJING)        # 13 days before the quarter ends


class Recorder:
    """A channel that records every send and refuses the addresses in ``refuse``."""

    name = "recorder"

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.calls: list[tuple[str, str, str]] = []
        self.refuse = set(refuse)

    async def send(self, to: str, subject: str, body: str) -> None:
        self.calls.append((to, subject, body))
        if to in self.refuse:
            raise ValueError(f"refused {to}")

    def to(self, address: str) -> list[str]:
        return [subject for recipient, subject, _ in self.calls if recipient == address]


def address(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


async def note_of(owner, tenant, member) -> Notification:
    await apply_scope(owner, TenantScope.only(tenant.id))
    return await owner.scalar(select(Notification).where(
        Notification.tenant_id == tenant.id, Notification.member_id == member.id)
        .execution_options(populate_existing=True))


async def deliver(database, tenant, channels, now):
    async with database.sessions() as session:
        result = await reminders.deliver(session, tenant, channels, now)
        await session.commit()
    return result


async def test_a_line_break_in_a_name_never_reaches_a_mail_header(database, owner, roster,
                                                                   smtp_inbox):
    # Replays: a constituent named "陈\n群众" (old data, written past the input checks) put a
    # line break into the subject; EmailMessage raised ValueError, which deliver() did not
    # catch, so every run of `liaison remind` died at that row, forever.
    w = roster.world
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    chen = await owner.get(Constituent, (w.county_a.id, roster.pairings["陈群众"].constituent_id))
    chen.name = "陈\n群众"
    await owner.commit()
    mail_a, mail_b = address("zhangwei"), address("zhaoqiang")
    await set_email(owner, w.account(w.county_a, Role.member), mail_a)        # 张伟
    await link_account(owner, w.account(w.county_b, Role.member), roster.members["赵强"])
    await set_email(owner, w.account(w.county_b, Role.member), mail_b)
    recorder = Recorder()
    report = await reminders.run(database.sessions, [recorder, EmailChannel(
        host="127.0.0.1", port=smtp_inbox.port, sender="liaison@example.org")], NOW)
    assert report.tenants_failed == 0
    subject = "【委员联系群众】2025年第一季度尚未联系：刘群众、陈 群众"
    assert recorder.to(mail_a) == [subject]
    assert recorder.to(mail_b) == ["【委员联系群众】2025年第一季度尚未联系：吴群众、周群众"]
    sent = {tuple(rcpt): email.message_from_bytes(content, policy=policy.default)
            for rcpt, content in smtp_inbox.messages}
    assert sent[(mail_a,)]["Subject"] == subject
    assert "\n" not in sent[(mail_a,)]["Subject"] and "\r" not in sent[(mail_a,)]["Subject"]
    note = await note_of(owner, w.county_a, roster.members["张伟"])
    assert (note.title, note.delivered_at, note.attempts, note.last_error) == (
        "2025年第一季度尚未联系：刘群众、陈 群众", NOW, 0, None)
    assert (await note_of(owner, w.county_b, roster.members["赵强"])).delivered_at == NOW


async def test_one_refused_address_is_retried_with_backoff_then_given_up(
        database, owner, roster):
    # Replays: a channel raising something other than OSError (a ValueError for one address)
    # escaped deliver(): the other members' reminders in the run were never sent, and the
    # bad row was picked first again on every later run.
    w = roster.world
    bad, good = address("zhangwei"), address("lina")
    await set_email(owner, w.account(w.county_a, Role.member), bad)           # 张伟
    lina = await make_account(owner, w.county_a, "lina", (Role.member,))
    await link_account(owner, lina, roster.members["李娜"])
    await set_email(owner, lina, good)
    await link_account(owner, w.account(w.county_b, Role.member), roster.members["赵强"])
    await set_email(owner, w.account(w.county_b, Role.member), bad)   # same address, B
    assert await remind(database, w.county_a, NOW) == 2
    assert await remind(database, w.county_b, NOW) == 1
    channel = Recorder(refuse=(bad,))
    assert await deliver(database, w.county_a, [channel], NOW) == (1, 1)
    assert channel.to(good) == ["【委员联系群众】2025年第一季度尚未联系：黄群众"]
    assert (await note_of(owner, w.county_a, roster.members["李娜"])).delivered_at == NOW

    async def state():
        n = await note_of(owner, w.county_a, roster.members["张伟"])
        return n.attempts, n.next_attempt_at, n.failed_at, n.delivered_at, n.last_error

    error = f"ValueError: refused {bad}"
    assert await state() == (1, NOW + timedelta(minutes=5), None, None, error)
    # Before the backoff ends nothing is tried (and the delivered one is not sent again).
    channel.calls.clear()
    assert await deliver(database, w.county_a, [channel], NOW + timedelta(minutes=4)) == (0, 0)
    assert channel.calls == []
    when = NOW + timedelta(minutes=5)
    for attempts, wait in ((2, 10), (3, 20), (4, 40)):
        assert await deliver(database, w.county_a, [channel], when) == (0, 1)
        when_next = when + timedelta(minutes=wait)
        assert await state() == (attempts, when_next, None, None, error)
        when = when_next
    assert await deliver(database, w.county_a, [channel], when) == (0, 1)    # the fifth
    assert await state() == (reminders.MAX_ATTEMPTS, when, when, None, error)
    channel.calls.clear()
    assert await deliver(database, w.county_a, [channel], when + timedelta(days=30)) == (0, 0)
    assert channel.calls == []
    # County B's notification to the same address is its own: untouched by A's failures.
    b = await note_of(owner, w.county_b, roster.members["赵强"])
    assert (b.attempts, b.next_attempt_at, b.failed_at, b.delivered_at) == (0, None, None, None)


async def test_one_tenants_failure_never_stops_the_others(database, owner, roster,
                                                          monkeypatch):
    # Replays: an exception in one tenant's remind_tenant (bad data, a constraint) escaped
    # run(), so every tenant after it in path order got no reminders at all.
    w = roster.world
    mail_a, mail_b = address("zhangwei"), address("zhaoqiang")
    await set_email(owner, w.account(w.county_a, Role.member), mail_a)
    await link_account(owner, w.account(w.county_b, Role.member), roster.members["赵强"])
    await set_email(owner, w.account(w.county_b, Role.member), mail_b)
    original = reminders.remind_tenant

    async def broken_for_a(session, tenant, now):
        if tenant.id == w.county_a.id:
            raise RuntimeError("county A is broken")
        return await original(session, tenant, now)

    monkeypatch.setattr(reminders, "remind_tenant", broken_for_a)
    channel = Recorder()
    report = await reminders.run(database.sessions, [channel], NOW)
    assert report.tenants_failed == 1
    assert channel.to(mail_a) == []
    assert channel.to(mail_b) == ["【委员联系群众】2025年第一季度尚未联系：吴群众、周群众"]
    assert await note_of(owner, w.county_a, roster.members["张伟"]) is None
    assert (await note_of(owner, w.county_b, roster.members["赵强"])).delivered_at == NOW
