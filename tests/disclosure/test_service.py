"""The snapshot: exact aggregates for a hand-counted half year; publishing freezes it, one at
a time; an empty one is refused; only the office publishes; another tenant is its own."""

import pytest
from sqlalchemy import func, select, update

from liaison.disclosure import service as disclosure
from liaison.disclosure.errors import EmptySnapshot
from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import AuditEntry, DisclosureSnapshot, EvaluationRound
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import make_contact
from tests.disclosure.disclosure_rows import EXPECTED_A, NOW, build_half_year, figures, member
from tests.evaluation.evaluation_rows import act


@pytest.fixture
async def half(owner, roster):
    return await build_half_year(owner, roster)


async def as_role(database, roster, role, call, *args, tenant=None):
    account = roster.world.account(tenant or roster.world.county_a, role)
    return await act(database, account, call, *args, now=NOW)


async def test_the_preview_counts_exactly_the_hand_counted_half_year(database, half):
    assert await as_role(database, half, Role.office, disclosure.preview, 2025, 2) == EXPECTED_A
    assert await as_role(database, half, Role.leadership, disclosure.preview, 2025,
                         2) == EXPECTED_A


async def test_the_first_quarter_counts_less(database, half):
    data = await as_role(database, half, Role.office, disclosure.preview, 2025, 1)
    assert data["totals"] == figures(None, 3, 2, 1, 1, 1, 4, 75)
    assert data["members"] == [member("张伟", "中共", 1, 1, 1, 1),
                               member("王芳", "中共", 0, 1, 0, 0),
                               member("李娜", "工会", 1, 0, 0, 0)]


async def test_publishing_freezes_the_data_and_withdraws_the_previous(database, owner, half):
    first = await as_role(database, half, Role.office, disclosure.publish, 2025, 1)
    second = await as_role(database, half, Role.office, disclosure.publish, 2025, 2)
    await make_contact(owner, half.pairings["刘群众"], NOW.replace(month=6, day=3))
    await apply_scope(owner, TenantScope.only(half.world.county_a.id))
    shown = await disclosure.published(owner, half.world.county_a.id)
    assert (shown.id, shown.data) == (second.id, EXPECTED_A)
    rows = (await owner.execute(select(DisclosureSnapshot.id, DisclosureSnapshot.unpublished_at
                                       .is_not(None)).where(
        DisclosureSnapshot.tenant_id == half.world.county_a.id))).all()
    assert sorted(rows) == sorted([(first.id, True), (second.id, False)])
    actions = await owner.scalars(select(AuditEntry.action).where(
        AuditEntry.tenant_id == half.world.county_a.id,
        AuditEntry.action.like("disclosure%")))
    assert sorted(actions) == ["disclosure_published", "disclosure_published",
                               "disclosure_unpublished"]


async def test_unpublishing_removes_it_and_twice_is_not_found(database, owner, half):
    await as_role(database, half, Role.office, disclosure.publish, 2025, 2)
    await as_role(database, half, Role.office, disclosure.unpublish)
    await apply_scope(owner, TenantScope.only(half.world.county_a.id))
    assert await disclosure.published(owner, half.world.county_a.id) is None
    with pytest.raises(NotFound):
        await as_role(database, half, Role.office, disclosure.unpublish)


async def test_an_empty_snapshot_is_refused_and_nothing_is_stored(database, owner, roster):
    with pytest.raises(EmptySnapshot) as refused:
        await as_role(database, roster, Role.office, disclosure.publish, 2025, 2)
    assert refused.value.code == "EMPTY_SNAPSHOT"
    city = roster.world.city  # no members at all
    with pytest.raises(EmptySnapshot):
        await as_role(database, roster, Role.office, disclosure.publish, 2025, 2, tenant=city)
    await apply_scope(owner, TenantScope.only(roster.world.county_a.id))
    assert await owner.scalar(select(func.count()).select_from(DisclosureSnapshot).where(
        DisclosureSnapshot.tenant_id == roster.world.county_a.id)) == 0


@pytest.mark.parametrize(("year", "quarter"), [(2025, 0), (2025, 5), (1999, 1), (2026, 1),
                                               (2025, 4)])
async def test_bad_periods_are_refused(database, half, year, quarter):
    with pytest.raises(ValidationFailed):
        await as_role(database, half, Role.office, disclosure.publish, year, quarter)


@pytest.mark.parametrize("role", [Role.leadership, Role.chair, Role.member, Role.convenor,
                                  Role.committee])
async def test_only_the_office_publishes(database, half, role):
    with pytest.raises(Forbidden):
        await as_role(database, half, role, disclosure.publish, 2025, 2)


async def test_each_tenant_publishes_its_own(database, owner, half):
    b = half.world.county_b
    await as_role(database, half, Role.office, disclosure.publish, 2025, 2, tenant=b)
    await apply_scope(owner, TenantScope.only(half.world.county_a.id))
    assert await disclosure.published(owner, half.world.county_a.id) is None
    await apply_scope(owner, TenantScope.only(b.id))
    data = (await disclosure.published(owner, b.id)).data
    assert data["totals"] == figures(None, 1, 1, 0, 0, 0, 0, None)
    assert data["members"] == [member("赵强", "中共", 1, 0, 0, 0)]


async def test_an_open_rounds_answers_are_not_counted(database, owner, half):
    """While the people are still answering, the public page shows no satisfaction: the
    answers count once the standing committee has reviewed and closed the round."""
    a = half.world.county_a
    await apply_scope(owner, TenantScope.only(a.id))
    await owner.execute(update(EvaluationRound).where(EvaluationRound.tenant_id == a.id)
                        .values(state="open", closed_at=None, review_on=None, conclusion=None,
                                reviewed_by=None))
    await owner.commit()
    shown = await as_role(database, half, Role.office, disclosure.preview, 2025, 2)
    assert shown["totals"]["satisfaction"] == {"rate": None, "answers": 0}
    assert {s["name"]: s["satisfaction"]["answers"] for s in shown["sectors"]} == {
        "中共": 0, "工会": 0}
    assert shown == {**EXPECTED_A, "totals": shown["totals"], "sectors": shown["sectors"]}
