"""Opinions for the roll-up tests, written straight into the tables (the roll-up reads what is
there; tests/api/test_opinions.py covers how opinions get there), and counted by hand.

County A (张伟 中共, 李娜 工会, 王芳 中共; committee 综合委员会), days to feedback in brackets:
  a1  张伟 中共 社会民生 2025-01-10 closed     综合  proposal     fed back 02-09 (30)
  a2  张伟 中共 社会民生 2025-02-01 fed_back   office referred    fed back 02-11 (10)
  a3  李娜 工会 经济发展 2025-03-01 replied    综合  social_info
  a4  李娜 工会 社会民生 2025-03-05 disposed   office rejected
  a5  王芳 中共 经济发展 2025-04-01 handling   综合  due 05-01 (overdue on 06-01)
  a6  王芳 中共 社会民生 2025-05-20 handling   office due 06-01 (not overdue on 06-01)
  a7  —    —    其他     2025-05-25 registered office
  a8  张伟 中共 经济发展 2025-01-15 fed_back   综合  merged into a1, so its proposal
                                                      fed back 02-14 (30)
  a9  张伟 中共 社会民生 2024-06-01 closed     office speech      fed back 06-21 (20)
  a10 李娜 工会 其他     2025-01-05 handling   综合  referred, reopened: its old feedback
                                                      (03-01) no longer counts; due 02-05
County B (赵强 中共):
  b1  赵强 中共 社会民生 2025-02-01 closed     office social_info fed back 02-15 (14)
  b2  赵强 中共 社会民生 2025-03-01 fed_back   office rejected    fed back 03-08 (7)
  b3  赵强 中共 经济发展 2025-05-01 registered office
City:
  c1  —    —    其他     2025-04-01 handling   提案委员会 due 04-15 (overdue on 06-01)
"""

import uuid
from datetime import date

from sqlalchemy import select, update

from liaison.models import Committee, Opinion, OpinionCategory, RoleAssignment
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import Roster

CATEGORIES = ("社会民生", "经济发展", "其他")
D = date.fromisoformat


async def add_categories(owner, tenant) -> dict[str, uuid.UUID]:
    rows = [OpinionCategory(tenant_id=tenant.id, id=uuid.uuid4(), name=n, sort_order=k)
            for k, n in enumerate(CATEGORIES)]
    owner.add_all(rows)
    await owner.flush()
    return {r.name: r.id for r in rows}


async def _committee(owner, tenant) -> uuid.UUID:
    return await owner.scalar(select(Committee.id).where(Committee.tenant_id == tenant.id))


def opinion(tenant, categories, category, raised, state, *, member=None,
             **extra) -> Opinion:
    return Opinion(tenant_id=tenant.id, id=uuid.uuid4(), title=f"意见{raised}",
                   content="群众反映的情况", category_id=categories[category],
                   member_id=member.id if member else None,
                   sector_id=member.sector_id if member else None,
                   urgency="normal", raised_on=D(raised), state=state, **extra)


async def build_opinions(owner, roster: Roster) -> dict[str, Opinion]:
    """The opinions above, by name; county A's committee account works for 综合委员会."""
    w, m = roster.world, roster.members
    made: dict[str, Opinion] = {}
    a, b, city = w.county_a, w.county_b, w.city

    await apply_scope(owner, TenantScope.only(a.id))
    cat, com = await add_categories(owner, a), await _committee(owner, a)
    fed = {"feedback_how": "电话", "feedback_by": "联络员"}
    made["a1"] = opinion(a, cat, "社会民生", "2025-01-10", "closed", member=m["张伟"],
                         committee_id=com, outcome_kind="proposal", outcome_on=D("2025-01-20"),
                         proposal_year=2025, proposal_number="2025-001",
                         outcome_title="关于……的提案", feedback_on=D("2025-02-09"), **fed)
    made["a2"] = opinion(a, cat, "社会民生", "2025-02-01", "fed_back", member=m["张伟"],
                         outcome_kind="referred", department="县交通运输局",
                         feedback_on=D("2025-02-11"), **fed)
    made["a3"] = opinion(a, cat, "经济发展", "2025-03-01", "replied", member=m["李娜"],
                         committee_id=com, outcome_kind="social_info",
                         replied_on=D("2025-03-20"))
    made["a4"] = opinion(a, cat, "社会民生", "2025-03-05", "disposed", member=m["李娜"],
                         outcome_kind="rejected", rejection_reason="不属于政协职责")
    made["a5"] = opinion(a, cat, "经济发展", "2025-04-01", "handling", member=m["王芳"],
                         committee_id=com, due_on=D("2025-05-01"))
    made["a6"] = opinion(a, cat, "社会民生", "2025-05-20", "handling", member=m["王芳"],
                         due_on=D("2025-06-01"))
    made["a7"] = opinion(a, cat, "其他", "2025-05-25", "registered")
    made["a9"] = opinion(a, cat, "社会民生", "2024-06-01", "closed", member=m["张伟"],
                         outcome_kind="speech", feedback_on=D("2024-06-21"), **fed)
    made["a10"] = opinion(a, cat, "其他", "2025-01-05", "handling", member=m["李娜"],
                          committee_id=com, due_on=D("2025-02-05"),
                          outcome_kind="referred", feedback_on=D("2025-03-01"), **fed)
    owner.add_all(made.values())
    await owner.flush()
    made["a8"] = opinion(a, cat, "经济发展", "2025-01-15", "fed_back", member=m["张伟"],
                         committee_id=com, merged_into_id=made["a1"].id,
                         outcome_kind="proposal", outcome_on=D("2025-01-20"),
                         feedback_on=D("2025-02-14"), **fed)
    owner.add(made["a8"])
    await owner.execute(update(RoleAssignment).where(
        RoleAssignment.tenant_id == a.id,
        RoleAssignment.account_id == w.account(a, Role.committee).id).values(committee_id=com))
    await owner.commit()

    await apply_scope(owner, TenantScope.only(b.id))
    cat = await add_categories(owner, b)
    made["b1"] = opinion(b, cat, "社会民生", "2025-02-01", "closed", member=m["赵强"],
                         outcome_kind="social_info", feedback_on=D("2025-02-15"), **fed)
    made["b2"] = opinion(b, cat, "社会民生", "2025-03-01", "fed_back", member=m["赵强"],
                         outcome_kind="rejected", feedback_on=D("2025-03-08"), **fed)
    made["b3"] = opinion(b, cat, "经济发展", "2025-05-01", "registered", member=m["赵强"])
    owner.add_all([made["b1"], made["b2"], made["b3"]])
    await owner.commit()

    await apply_scope(owner, TenantScope.only(city.id))
    cat, com = await add_categories(owner, city), await _committee(owner, city)
    made["c1"] = opinion(city, cat, "其他", "2025-04-01", "handling", committee_id=com,
                         due_on=D("2025-04-15"))
    owner.add(made["c1"])
    await owner.commit()
    return made
