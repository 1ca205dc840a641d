"""Major decisions and leading cadres (R8)."""

import uuid
from datetime import datetime

import pytest

from liaison.models import MajorDecision
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, gql, make_contact

pytestmark = pytest.mark.usefixtures("contacts_2025")  # 张伟's, see conftest


async def test_leading_cadres_outreach_before_and_after_a_decision(client, owner, roster):
    w = roster.world
    office = w.token(w.county_a, Role.office)
    body = await gql(client, """mutation { createMajorDecision(input: {title: "乡村振兴实施方案",
      decidedOn: "2025-04-01"}) { __typename ... on MajorDecision { id } } }""", token=office)
    decision_id = body["data"]["createMajorDecision"]["id"]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    decision = await owner.get(MajorDecision, (w.county_a.id, uuid.UUID(decision_id)))
    for member in ("张伟", "李娜"):
        m = roster.members[member]
        await apply_scope(owner, TenantScope.only(w.county_a.id))
        m.is_leading_cadre = True
        owner.add(m)
    await owner.commit()
    p = roster.pairings
    await make_contact(owner, p["陈群众"], datetime(2025, 3, 20, 9, tzinfo=BEIJING),
                       decision_id=decision.id)
    await make_contact(owner, p["刘群众"], datetime(2025, 4, 2, 9, tzinfo=BEIJING),
                       decision_id=decision.id)
    await make_contact(owner, p["刘群众"], datetime(2025, 4, 3, 9, tzinfo=BEIJING),
                       decision_id=decision.id)
    query = """query($c: String!) { tenant(code: $c) { majorDecisions { title decidedOn
      outreach { member { name } contactsBefore contactsAfter } } } }"""
    result = await gql(client, query, {"c": w.county_a.code}, token=office)
    assert result["data"]["tenant"]["majorDecisions"] == [{
        "title": "乡村振兴实施方案", "decidedOn": "2025-04-01", "outreach": [
            {"member": {"name": "张伟"}, "contactsBefore": 1, "contactsAfter": 2},
            {"member": {"name": "李娜"}, "contactsBefore": 0, "contactsAfter": 0}]}]
    dup = await gql(client, """mutation { createMajorDecision(input: {title: "乡村振兴实施方案",
      decidedOn: "2025-04-01"}) { __typename } }""", token=office)
    assert dup["data"]["createMajorDecision"]["__typename"] == "ValidationErrors"
    denied = await gql(client, """mutation { createMajorDecision(input: {title: "某决策",
      decidedOn: "2025-04-01"}) { __typename } }""", token=w.token(w.county_a, Role.member))
    assert denied["data"]["createMajorDecision"]["__typename"] == "ForbiddenError"
