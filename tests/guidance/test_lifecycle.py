"""Guidance items end to end in the service: the city issues to all its counties or chosen
ones (all or nothing), each county reads, answers and finishes its own copy, the city sees
every copy and reminds those not done; who may do what, two cities; every write audited."""

from datetime import date

import pytest

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.guidance import answers, service, views
from liaison.models import GuidanceItem, GuidanceTarget
from liaison.models.account import Role
from liaison.models.guidance import GuidanceKind, TargetState
from tests.builders import build_world
from tests.guidance.guidance_rows import NOW, act, copies, copy_of, issue, new_item
from tests.readback import audit_entries, count

S = TargetState
ANSWER = "已完成自查。\n详见附件。"


async def test_the_city_issues_to_every_county_and_each_finishes_its_own(database, owner,
                                                                         world):
    city, a, b = world.city, world.county_a, world.county_b
    item = await issue(database, world, new_item(due_on=date(2025, 6, 30)))
    assert (item.tenant_id, item.kind, item.due_on) == (city.id, GuidanceKind.task,
                                                        date(2025, 6, 30))
    for county in (a, b):
        [copy] = await copies(owner, county)
        assert (copy.issuer_tenant_id, copy.item_id, copy.kind, copy.title, copy.body,
                copy.due_on, copy.state, copy.reminders) == (
            city.id, item.id, GuidanceKind.task, item.title, item.body, date(2025, 6, 30),
            S.sent, 0)
    [entry] = await audit_entries(owner, city, "guidance_issued")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.after["counties"]) == (
        world.account(city, Role.office).id, "guidance_item", str(item.id), [a.code, b.code])

    office_a = world.account(a, Role.office)
    copy_a = await copy_of(owner, a, item.id)
    read = await act(database, office_a, answers.mark_read, copy_a.id)
    assert (read.state, read.read_at) == (S.read, NOW)
    again = await act(database, office_a, answers.mark_read, copy_a.id)  # changes nothing
    assert again.state is S.read
    with pytest.raises(ValidationFailed, match="^工作任务须先答复办理情况，再标记办结$"):
        await act(database, office_a, answers.finish, copy_a.id)
    answered = await act(database, office_a, answers.answer, copy_a.id, f" {ANSWER} ")
    assert (answered.state, answered.answer, answered.answered_at) == (
        S.answered, ANSWER, NOW)
    done = await act(database, office_a, answers.finish, copy_a.id)
    assert (done.state, done.done_at) == (S.done, NOW)
    with pytest.raises(ValidationFailed, match="^该事项已办结，不能再答复$"):
        await act(database, office_a, answers.answer, copy_a.id, "再补充")
    assert [(e.action, e.actor_id, e.after) for e in await audit_entries(owner, a)] == [
        ("guidance_read", office_a.id, {"state": "read", "read_at": NOW.isoformat()}),
        ("guidance_answered", office_a.id, {"state": "answered", "answer": ANSWER,
                                            "answered_at": NOW.isoformat()}),
        ("guidance_done", office_a.id, {"state": "done", "done_at": NOW.isoformat()})]
    assert (await copy_of(owner, b, item.id)).state is S.sent  # B untouched
    assert await audit_entries(owner, b) == []

    # The city sees each county's state and answer; the leadership reads the same.
    for role in (Role.office, Role.leadership, Role.chair):
        [shown] = await act(database, world.account(city, role), _views, city)
        assert [(t.tenant.code, t.target.state, t.target.answer) for t in shown.targets] == [
            (a.code, S.done, ANSWER), (b.code, S.sent, None)]


async def _views(ctx, tenant):
    page = await service.list_items(ctx, tenant, first=10)
    return await views.item_views(ctx, page.items)


async def test_chosen_counties_all_or_nothing(database, owner, world):
    a, b = world.city, world.county_b
    other = await build_world(owner)
    for codes, message in (
            ([b.code, "nowhere"], "不是本单位的下级政协：nowhere"),
            ([other.county_a.code], f"不是本单位的下级政协：{other.county_a.code}"),
            ([world.city.code], f"不是本单位的下级政协：{world.city.code}"),
            ([], "请选择下发单位"), (["  "], "请选择下发单位")):
        with pytest.raises(ValidationFailed) as refused:
            await issue(database, world, new_item(codes=codes))
        assert [(p.field, p.message) for p in refused.value.problems] == [
            ("countyCodes", message)]
    for tenant in (a, world.county_a, b, other.county_a):
        assert (await count(owner, GuidanceItem, tenant),
                await count(owner, GuidanceTarget, tenant)) == (0, 0)
    assert await audit_entries(owner, a) == []
    item = await issue(database, world, new_item(codes=[b.code, b.code]))
    assert [c.item_id for c in await copies(owner, b)] == [item.id]
    assert await copies(owner, world.county_a) == []


async def test_every_text_has_a_limit_and_bad_input_writes_nothing(database, owner, world):
    a = world.county_a
    with pytest.raises(ValidationFailed) as refused:
        await issue(database, world, new_item("题" * 101, body="文" * 5001,
                                              due_on=date(2025, 6, 1)))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("title", "标题不超过 100 个字符"), ("body", "正文不超过 5000 个字符"),
        ("dueOn", "办理期限不能早于今天")]
    with pytest.raises(ValidationFailed) as refused:
        await issue(database, world, new_item(" \u3000", body=""))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("title", "请填写标题"), ("body", "请填写正文")]
    assert await count(owner, GuidanceItem, world.city) == 0
    item = await issue(database, world, new_item("题" * 100, body="文" * 5000,
                                                 due_on=date(2025, 6, 2)))
    copy = await copy_of(owner, a, item.id)
    office = world.account(a, Role.office)
    for text, message in (("答" * 5001, "答复内容不超过 5000 个字符"), ("  ", "请填写答复内容")):
        with pytest.raises(ValidationFailed) as refused:
            await act(database, office, answers.answer, copy.id, text)
        assert [(p.field, p.message) for p in refused.value.problems] == [("text", message)]
    assert ((await copy_of(owner, a, item.id)).state, await audit_entries(owner, a)) == (
        S.sent, [])
    assert (await act(database, office, answers.answer, copy.id, "答" * 5000)).state is S.answered


async def test_who_may_issue_answer_and_remind(database, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    item = await issue(database, world)
    copy_a = await copy_of(owner, a, item.id)
    other = await build_world(owner)
    # A county office may not issue (its own tenant: forbidden) …
    with pytest.raises(Forbidden, match="^本单位没有下级政协，不能下发指导事项$"):
        await act(database, world.account(a, Role.office), service.issue, new_item())
    # … nor see or remind the city's items (not found), nor another county's copy.
    for account, call, target_id in (
            (world.account(a, Role.office), service.remind, item.id),
            (world.account(a, Role.office), service.access_item, item.id),
            (world.account(b, Role.office), answers.mark_read, copy_a.id),
            (world.account(b, Role.office), service.access_target, copy_a.id),
            (other.account(other.city, Role.office), service.remind, item.id),
            (other.account(other.city, Role.office), service.access_target, copy_a.id),
            # The city cannot answer, read or finish for a county: answering is the county's own.
            (world.account(city, Role.office), answers.answer, copy_a.id),
            (world.account(city, Role.office), answers.mark_read, copy_a.id),
            (world.account(city, Role.office), answers.finish, copy_a.id)):
        with pytest.raises(NotFound):
            await act(database, account, call, target_id, *(
                ["代答"] if call is answers.answer else []))
    # The city's leadership reads but neither issues nor reminds; the members see nothing.
    for role, call, args in ((Role.leadership, service.issue, (new_item(),)),
                             (Role.chair, service.remind, (item.id,)),
                             (Role.member, service.access_item, (item.id,)),
                             (Role.committee, service.issue, (new_item(),))):
        with pytest.raises(Forbidden):
            await act(database, world.account(city, role), call, *args)
    for role in (Role.leadership, Role.member, Role.convenor):
        with pytest.raises((Forbidden, NotFound)):
            await act(database, world.account(a, role), answers.answer, copy_a.id, "答复")
    assert (await copy_of(owner, a, item.id)).state is S.sent
    assert (await count(owner, GuidanceItem, city), await audit_entries(owner, a)) == (1, [])


async def test_reminding_the_counties_not_done(database, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    notice = await issue(database, world, new_item(kind=GuidanceKind.notice))
    office_a = world.account(a, Role.office)
    await act(database, office_a, answers.finish, (await copy_of(owner, a, notice.id)).id)
    office = world.account(city, Role.office)
    reminded = await act(database, office, service.remind, notice.id)
    assert [t.tenant_id for t in reminded] == [b.id]
    later = NOW.replace(day=5)
    await act(database, office, service.remind, notice.id, now=later)
    copy_a, copy_b = await copy_of(owner, a, notice.id), await copy_of(owner, b, notice.id)
    assert (copy_a.state, copy_a.reminders, copy_a.reminded_at) == (S.done, 0, None)
    assert (copy_b.state, copy_b.reminders, copy_b.reminded_at) == (S.sent, 2, later)
    entries = await audit_entries(owner, city, "guidance_reminded")
    assert [(e.actor_id, e.target_id, e.after) for e in entries] == [
        (office.id, str(notice.id), {"targets": [str(copy_b.id)], "tenants": [str(b.id)]})] * 2
    await act(database, world.account(b, Role.office), answers.finish, copy_b.id)
    with pytest.raises(ValidationFailed, match="^各单位均已办结，无需催办$"):
        await act(database, office, service.remind, notice.id)
    # The county sees the reminders on its own copy; a sibling's inbox has nothing of it.
    page = await act(database, world.account(b, Role.office), service.inbox, b, first=10)
    assert [(t.reminders, t.reminded_at) for t in page.items] == [(2, later)]
