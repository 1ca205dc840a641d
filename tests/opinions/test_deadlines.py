"""Opinion deadlines: 办理超期 (registered or handling, past the handling due date; a merged
opinion has its lead's) and 反馈超期 (not fed back, past the day raised + the tenant's days to
answer the people), each counted strictly after its due day, per tenant."""

from datetime import date

from liaison.models.opinions import OpinionState
from liaison.opinions import deadlines
from liaison.opinions.deadlines import OverdueStep
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import first_committee
from tests.opinions.opinion_rows import make_opinion, set_reply_days

S = OpinionState


def test_the_reply_is_due_the_set_number_of_days_after_the_opinion_was_raised():
    class Raised:
        raised_on = date(2024, 2, 15)
        due_on = date(2024, 3, 1)

    assert deadlines.reply_due_on(Raised, 30) == date(2024, 3, 16)  # 2024 is a leap year
    assert deadlines.reply_due_on(Raised, 1) == date(2024, 2, 16)
    assert deadlines.due_on(Raised, OverdueStep.feedback, 365) == date(2025, 2, 14)
    assert deadlines.due_on(Raised, OverdueStep.handling, 30) == date(2024, 3, 1)
    assert [step.label for step in OverdueStep] == ["办理超期", "反馈超期"]


async def overdue(database, tenant, step, today) -> list:
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(tenant.id))
        return [o.title for o in await deadlines.overdue(session, tenant, step, today)]


async def test_each_step_is_overdue_after_its_day_and_only_in_its_states(database, owner,
                                                                         roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    committee = await first_committee(owner, a)
    lead = await make_opinion(owner, a, "村道", raised_on=date(2025, 3, 30), state=S.handling,
                              due_on=date(2025, 4, 20), committee_id=committee)
    await make_opinion(owner, a, "并入村道", raised_on=date(2025, 3, 31), state=S.handling,
                       due_on=date(2025, 4, 20), merged_into=lead)
    await make_opinion(owner, a, "路灯", raised_on=date(2025, 4, 1), due_on=date(2025, 4, 15))
    await make_opinion(owner, a, "已处理", raised_on=date(2025, 4, 2), state=S.disposed,
                       due_on=date(2025, 4, 10))
    await make_opinion(owner, a, "已答复", raised_on=date(2025, 4, 3), state=S.replied)
    await make_opinion(owner, a, "未定期限", raised_on=date(2025, 4, 4))
    for state in (S.fed_back, S.closed):
        await make_opinion(owner, a, state.label, raised_on=date(2025, 3, 1), state=state,
                           due_on=date(2025, 3, 10))
    await make_opinion(owner, b, "县B", raised_on=date(2025, 4, 1), state=S.handling,
                       due_on=date(2025, 4, 10))

    handling, feedback = OverdueStep.handling, OverdueStep.feedback
    assert await overdue(database, a, handling, date(2025, 4, 15)) == []
    assert await overdue(database, a, handling, date(2025, 4, 16)) == ["路灯"]
    titles = await overdue(database, a, handling, date(2025, 4, 21))  # by due date, then id
    assert (titles[0], sorted(titles[1:])) == ("路灯", ["并入村道", "村道"])
    assert await overdue(database, a, feedback, date(2025, 4, 29)) == []
    assert await overdue(database, a, feedback, date(2025, 4, 30)) == ["村道"]
    assert await overdue(database, a, feedback, date(2025, 5, 4)) == [
        "村道", "并入村道", "路灯", "已处理", "已答复"]
    assert await overdue(database, a, feedback, date(2025, 5, 5)) == [
        "村道", "并入村道", "路灯", "已处理", "已答复", "未定期限"]
    assert await overdue(database, b, handling, date(2025, 4, 21)) == ["县B"]
    assert await overdue(database, b, feedback, date(2025, 4, 21)) == []


async def test_the_tenants_setting_moves_the_reply_deadline(database, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    for tenant in (a, b):
        await make_opinion(owner, tenant, f"{tenant.code}的意见", raised_on=date(2025, 4, 1))
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        assert await deadlines.reply_days(session, a.id) == 30
    await set_reply_days(owner, a, 10)
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        assert await deadlines.reply_days(session, a.id) == 10
    assert await overdue(database, a, OverdueStep.feedback, date(2025, 4, 11)) == []
    assert await overdue(database, a, OverdueStep.feedback, date(2025, 4, 12)) == [
        f"{a.code}的意见"]
    assert await overdue(database, b, OverdueStep.feedback, date(2025, 4, 12)) == []
    assert await overdue(database, b, OverdueStep.feedback, date(2025, 5, 2)) == [
        f"{b.code}的意见"]
