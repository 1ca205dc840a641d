"""The 2025 assessment against the hand-computed fixture (assessment_rows.py): exact facts,
points, scores and ranks per role; another tenant not found."""

from decimal import Decimal
from fractions import Fraction

import pytest

from liaison.assessment import service as assessment
from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models.account import Role
from tests.acting import act_as
from tests.assessment.assessment_rows import NOW, build


@pytest.fixture
async def fixture(owner, database, roster):
    return await build(owner, database, roster)


def points(row) -> list:
    return [(c.name, c.weight, c.ratio, c.points) for c in row.components]


def D(text: str) -> Decimal:
    return Decimal(text)


async def rows_as(database, roster, tenant, role):
    return await act_as(database, roster.world.account(tenant, role), assessment.scores,
                        tenant, 2025, now=NOW)


async def test_scores_breakdowns_and_ranks_match_the_hand_computation(database, fixture):
    a = fixture.world.county_a
    rows = await rows_as(database, fixture, a, Role.office)
    assert [(r.member_name, r.sector_name, r.score, r.tenant_rank, r.sector_rank)
            for r in rows] == [("李娜", "工会", D("73.3"), 1, 1),
                               ("张伟", "中共", D("63.3"), 2, 1),
                               ("王芳", "中共", D("0.0"), 3, 2)]
    li, zhang, wang = rows
    assert points(zhang) == [
        ("quarters", 40, Fraction(3, 4), D("30.0")), ("filings", 20, Fraction(1, 2), D("10.0")),
        ("opinions", 15, Fraction(1, 2), D("7.5")), ("duties", 15, Fraction(1, 2), D("7.5")),
        ("evaluation", 10, Fraction(5, 6), D("8.3"))]
    assert (zhang.facts.quarters_due, zhang.facts.quarters_complete, zhang.facts.converted,
            zhang.facts.duties_assigned, zhang.facts.duties_served, zhang.facts.satisfied,
            zhang.facts.fairly) == (4, 3, 1, 2, 1, 2, 1)
    assert points(li) == [
        ("quarters", 40, Fraction(1), D("53.3")), ("filings", 20, Fraction(0), D("0.0")),
        ("opinions", 15, Fraction(1), D("20.0")), ("duties", 15, None, None),
        ("evaluation", 10, None, None)]
    assert points(wang) == [
        ("quarters", 40, None, None), ("filings", 20, Fraction(0), D("0.0")),
        ("opinions", 15, Fraction(0), D("0.0")), ("duties", 15, None, None),
        ("evaluation", 10, None, None)]


async def test_another_tenant_scores_with_its_own_weights(database, fixture):
    b = fixture.world.county_b
    [zhao] = await rows_as(database, fixture, b, Role.office)
    assert (zhao.member_name, zhao.score, zhao.tenant_rank, zhao.sector_rank) == (
        "赵强", D("40.6"), 1, 1)
    assert points(zhao) == [
        ("quarters", 50, Fraction(1, 4), D("15.6")), ("filings", 20, Fraction(1), D("25.0")),
        ("opinions", 10, Fraction(0), D("0.0")), ("duties", 10, None, None),
        ("evaluation", 10, None, None)]


async def test_each_role_sees_its_part(database, fixture):
    a = fixture.world.county_a
    for role in (Role.chair, Role.leadership):
        rows = await rows_as(database, fixture, a, role)
        assert [r.member_name for r in rows] == ["李娜", "张伟", "王芳"]
    convenor = await rows_as(database, fixture, a, Role.convenor)  # 中共 only, ranks kept
    assert [(r.member_name, r.tenant_rank) for r in convenor] == [("张伟", 2), ("王芳", 3)]
    mine = await rows_as(database, fixture, a, Role.member)  # the account is 张伟's
    assert [(r.member_name, r.score, r.tenant_rank) for r in mine] == [("张伟", D("63.3"), 2)]
    with pytest.raises(NotFound):
        await act_as(database, fixture.world.account(a, Role.member),
                     assessment.member_assessment, a, 2025, fixture.members["李娜"].id, now=NOW)
    for role in (Role.committee, Role.venue_staff):
        with pytest.raises(Forbidden):
            await rows_as(database, fixture, a, role)


async def test_other_tenants_are_not_found(database, fixture):
    w = fixture.world
    for account in (w.account(w.county_b, Role.office), w.account(w.city, Role.office),
                    w.account(w.city, Role.chair)):
        with pytest.raises(NotFound):
            await act_as(database, account, assessment.scores, w.county_a, 2025, now=NOW)


async def test_a_year_out_of_range_is_refused(database, fixture):
    a = fixture.world.county_a
    with pytest.raises(ValidationFailed):
        await act_as(database, fixture.world.account(a, Role.office), assessment.scores, a,
                     1999, now=NOW)
