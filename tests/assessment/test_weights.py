"""Weights: defaults when none are set; the office sets them (audited); negative ones or a sum
other than 100 change nothing; only the office; ranks share ties."""

import pytest
from sqlalchemy import select

from liaison.assessment import service as assessment
from liaison.assessment.rules import DEFAULT_WEIGHTS, Weights, ranks
from liaison.errors import Forbidden, ValidationFailed
from liaison.models import AuditEntry
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as
from tests.assessment.assessment_rows import NOW

NEW = Weights(quarters=30, filings=30, opinions=20, duties=10, evaluation=10)


async def weights(database, world, tenant, role=Role.office):
    return await act_as(database, world.account(tenant, role), assessment.get_weights, tenant,
                        now=NOW)


async def test_defaults_then_the_office_sets_them(database, owner, world):
    a, b = world.county_a, world.county_b
    assert await weights(database, world, a) == DEFAULT_WEIGHTS == Weights(40, 20, 15, 15, 10)
    await act_as(database, world.account(a, Role.office), assessment.set_weights, NEW, now=NOW)
    assert await weights(database, world, a) == NEW
    assert await weights(database, world, a, Role.leadership) == NEW
    assert await weights(database, world, b) == DEFAULT_WEIGHTS
    await apply_scope(owner, TenantScope.only(a.id))
    audit = (await owner.execute(select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
                                 .where(AuditEntry.tenant_id == a.id,
                                        AuditEntry.action == "assessment_weights_set"))).all()
    assert audit == [("assessment_weights_set", None, {
        "quarters": 30, "filings": 30, "opinions": 20, "duties": 10, "evaluation": 10})]


@pytest.mark.parametrize(("bad", "fields"), [
    (Weights(quarters=-10, filings=40, opinions=30, duties=20, evaluation=20), ["quarters"]),
    (Weights(quarters=40, filings=20, opinions=15, duties=15, evaluation=20), ["weights"]),
    (Weights(quarters=0, filings=0, opinions=0, duties=0, evaluation=0), ["weights"]),
    (Weights(quarters=140, filings=-40, opinions=0, duties=0, evaluation=0),
     ["filings", "quarters"])])
async def test_bad_weights_change_nothing(database, world, bad, fields):
    a = world.county_a
    await act_as(database, world.account(a, Role.office), assessment.set_weights, NEW, now=NOW)
    with pytest.raises(ValidationFailed) as raised:
        await act_as(database, world.account(a, Role.office), assessment.set_weights, bad,
                     now=NOW)
    assert [p.field for p in raised.value.problems] == fields
    assert await weights(database, world, a) == NEW


async def test_only_the_office_sets_weights(database, world):
    a = world.county_a
    for role in (Role.chair, Role.leadership, Role.convenor, Role.member):
        with pytest.raises(Forbidden):
            await act_as(database, world.account(a, role), assessment.set_weights, NEW,
                         now=NOW)
    assert await weights(database, world, a) == DEFAULT_WEIGHTS


def test_ties_share_a_rank_and_the_next_skips():
    items = [("a", 90, "x"), ("b", 80, "x"), ("c", 80, "y"), ("d", 70, "x")]
    overall = ranks(items, key=lambda i: i[1])
    assert [overall[id(i)] for i in items] == [1, 2, 2, 4]
    by_group = ranks(items, key=lambda i: i[1], group=lambda i: i[2])
    assert [by_group[id(i)] for i in items] == [1, 2, 1, 3]
