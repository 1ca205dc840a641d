"""Reminders of overdue opinions: exactly once per overdue step, to the member and to the
handling committee, e-mailed to the committee's active accounts; none across tenants."""

import email
from datetime import UTC, date, datetime
from email import policy

from sqlalchemy import select

from liaison.models import Notification
from liaison.models.account import Role
from liaison.models.opinions import OpinionState
from liaison.notifications import reminders
from liaison.notifications.channels import EmailChannel
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, first_committee, set_email
from tests.opinions.opinion_rows import (
    committee_account,
    make_committee,
    make_opinion,
    set_reply_days,
)
from tests.readback import remind

S = OpinionState


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, tzinfo=BEIJING)


async def notes(owner, tenant) -> dict[str, Notification]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.scalars(select(Notification).where(Notification.tenant_id == tenant.id)
                               .execution_options(populate_existing=True))
    return {n.key: n for n in rows}


async def test_each_overdue_step_is_reminded_exactly_once(database, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    committee = await first_committee(owner, a)
    road = await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 4, 1),
                              state=S.handling, due_on=date(2025, 4, 20), member=zhang,
                              committee_id=committee)
    await make_opinion(owner, a, "路灯不亮", raised_on=date(2025, 4, 1))  # nobody to remind
    await make_opinion(owner, a, "垃圾清运", raised_on=date(2025, 3, 20), state=S.fed_back,
                       due_on=date(2025, 4, 1), member=li, committee_id=committee)
    school = await make_opinion(owner, a, "学校门口拥堵", raised_on=date(2025, 4, 10),
                                state=S.disposed, member=zhang)
    other = await make_opinion(owner, b, "县B的意见", raised_on=date(2025, 4, 1),
                               state=S.handling, due_on=date(2025, 4, 20),
                               member=roster.members["赵强"],
                               committee_id=await first_committee(owner, b))

    assert await remind(database, a, at(4, 20)) == 0     # due today: not yet overdue
    assert await remind(database, a, at(4, 21)) == 2
    assert await remind(database, a, at(4, 21)) == 0
    assert await remind(database, a, at(5, 1)) == 0      # the reply is due 05-01
    assert await remind(database, a, at(5, 2)) == 2
    assert await remind(database, a, at(5, 2)) == 0
    assert await remind(database, a, at(5, 11)) == 1     # 学校门口拥堵: due 05-10, no committee
    assert await remind(database, a, at(5, 20)) == 0
    made = await notes(owner, a)
    assert {k: (n.kind, n.member_id, n.committee_id) for k, n in made.items()} == {
        f"opinion:handling:{road.id}:member": ("opinion_handling", zhang.id, None),
        f"opinion:handling:{road.id}:committee": ("opinion_handling", None, committee),
        f"opinion:feedback:{road.id}:member": ("opinion_feedback", zhang.id, None),
        f"opinion:feedback:{road.id}:committee": ("opinion_feedback", None, committee),
        f"opinion:feedback:{school.id}:member": ("opinion_feedback", zhang.id, None)}
    handling = made[f"opinion:handling:{road.id}:committee"]
    assert handling.title == "意见建议办理超期：修缮村道（2025-04-20 到期）"
    assert handling.body == ("贵委承办的意见建议“修缮村道”办理期限为 2025-04-20，目前仍为“办理中”，"
                             "已办理超期。请尽快办理。")
    feedback = made[f"opinion:feedback:{school.id}:member"]
    assert feedback.title == "意见建议反馈超期：学校门口拥堵（2025-05-10 到期）"
    assert feedback.body == ("您报送的意见建议“学校门口拥堵”应于 2025-05-10 前向反映群众反馈"
                             "（自提出之日起 30 天），目前仍为“已处理”，已反馈超期。")
    assert await notes(owner, b) == {}                   # another tenant is untouched
    assert await remind(database, b, at(5, 2)) == 4
    assert sorted(await notes(owner, b)) == sorted(
        f"opinion:{step}:{other.id}:{who}" for step in ("handling", "feedback")
        for who in ("member", "committee"))
    assert len(await notes(owner, a)) == 5


async def test_overdue_starts_after_the_due_day_in_the_tenants_time_zone(database, owner,
                                                                         roster):
    w = roster.world
    await make_opinion(owner, w.county_a, "修缮村道", raised_on=date(2025, 4, 1),
                       state=S.handling, due_on=date(2025, 4, 20), member=roster.members["张伟"])
    assert await remind(database, w.county_a, datetime(2025, 4, 20, 15, 59, tzinfo=UTC)) == 0
    assert await remind(database, w.county_a, datetime(2025, 4, 20, 16, 1, tzinfo=UTC)) == 1


async def test_the_tenants_reply_days_decide_when_feedback_is_overdue(database, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    mine = await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 4, 1),
                              member=roster.members["张伟"])
    await make_opinion(owner, b, "县B的意见", raised_on=date(2025, 4, 1),
                       member=roster.members["赵强"])
    await set_reply_days(owner, a, 10)
    assert await remind(database, a, at(4, 11)) == 0
    assert await remind(database, a, at(4, 12)) == 1
    assert await remind(database, b, at(4, 12)) == 0     # county B keeps 30 days
    note = (await notes(owner, a))[f"opinion:feedback:{mine.id}:member"]
    assert note.body == ("您报送的意见建议“修缮村道”应于 2025-04-11 前向反映群众反馈"
                         "（自提出之日起 10 天），目前仍为“已登记”，已反馈超期。")
    assert await remind(database, b, at(5, 2)) == 1


async def test_the_committees_active_accounts_get_the_email(database, owner, roster,
                                                           smtp_inbox):
    w = roster.world
    a, b = w.county_a, w.county_b
    committee = await first_committee(owner, a)
    await set_email(owner, w.account(a, Role.member), "zhangwei@example.org")   # 张伟
    for name in ("c1", "c2"):
        await committee_account(owner, a, f"{name}-account", committee,
                                email=f"{name}@example.org")
    await committee_account(owner, a, "gone", committee, email="gone@example.org",
                            active=False)
    await committee_account(owner, a, "elsewhere", await make_committee(owner, a, "另一委员会"),
                            email="elsewhere@example.org")
    await committee_account(owner, b, "county-b", await first_committee(owner, b),
                            email="countyb@example.org")
    await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 4, 1), state=S.handling,
                       due_on=date(2025, 4, 20), member=roster.members["张伟"],
                       committee_id=committee)
    now = at(4, 21)
    assert await remind(database, a, now) == 2
    channel = EmailChannel(host="127.0.0.1", port=smtp_inbox.port, sender="liaison@example.org")
    results = []
    for tenant in (a, a, b):
        async with database.sessions() as session:
            results.append(await reminders.deliver(session, tenant, [channel], now))
            await session.commit()
    assert results == [(2, 0), (0, 0), (0, 0)]
    sent = sorted((rcpt, email.message_from_bytes(content, policy=policy.default))
                  for rcpt, content in smtp_inbox.messages)
    assert [(rcpt, m["Subject"]) for rcpt, m in sent] == [
        (["c1@example.org"], "【委员联系群众】意见建议办理超期：修缮村道（2025-04-20 到期）"),
        (["c2@example.org"], "【委员联系群众】意见建议办理超期：修缮村道（2025-04-20 到期）"),
        (["zhangwei@example.org"], "【委员联系群众】意见建议办理超期：修缮村道（2025-04-20 到期）")]
    assert sent[0][1].get_content().startswith("贵委承办的意见建议“修缮村道”")
    assert sent[2][1].get_content().startswith("您报送的意见建议“修缮村道”")
    delivered = [n.delivered_at for n in (await notes(owner, a)).values()]
    assert delivered == [now, now]
