"""Synthetic opinions: about one per three contacts, every state, and each consistent with
its state and its contact, dated in order and never after today."""

import asyncio
import random
import uuid
from datetime import date, timedelta

from liaison.models.opinions import OpinionState
from liaison.synthetic_opinions import Opinions
from tests.synthetic.reading import fetch

STATES = [s.value for s in OpinionState]


def test_about_one_contact_in_three_brought_an_opinion_in_every_state(generated):
    url, stats, lines = generated
    assert 0.30 <= stats.rows["opinion"] / stats.rows["contact"] <= 0.37
    assert stats.rows["opinion_person"] == stats.rows["opinion"]
    assert any(line.lstrip().startswith("opinion ") and "rows/s" in line for line in lines)
    states = asyncio.run(fetch(url, "SELECT state, count(*) AS n FROM opinion GROUP BY 1"))
    counts = {r["state"]: r["n"] for r in states}
    assert set(counts) == set(STATES)
    assert all(n >= stats.rows["opinion"] * 0.04 for n in counts.values()), counts
    categories = asyncio.run(fetch(url, """
        SELECT count(*) AS n FROM opinion_category GROUP BY tenant_id"""))
    assert [r["n"] for r in categories] == [7] * 6


def test_opinions_follow_their_contact_and_their_state(generated):
    url, _, _ = generated
    checks = {
        "contact": """o.contact_id IS NULL OR NOT EXISTS (
            SELECT 1 FROM contact c WHERE c.tenant_id = o.tenant_id AND c.id = o.contact_id
              AND c.member_id = o.member_id AND c.occurred_on = o.raised_on)""",
        "sector": """NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = o.tenant_id
              AND m.id = o.member_id AND m.sector_id = o.sector_id)""",
        "category": """NOT EXISTS (SELECT 1 FROM opinion_category k
              WHERE k.tenant_id = o.tenant_id AND k.id = o.category_id)""",
        "committee": """o.committee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM committee k
              WHERE k.tenant_id = o.tenant_id AND k.id = o.committee_id)""",
        "person": """NOT EXISTS (SELECT 1 FROM opinion_person p JOIN pairing pa
              ON pa.tenant_id = p.tenant_id AND pa.constituent_id = p.constituent_id
              WHERE p.tenant_id = o.tenant_id AND p.opinion_id = o.id
                AND pa.member_id = o.member_id)""",
        "registered": """o.state = 'registered' AND (o.due_on IS NOT NULL
              OR o.committee_id IS NOT NULL OR o.outcome_kind IS NOT NULL)""",
        "handling": """o.state <> 'registered' AND o.due_on IS DISTINCT FROM o.raised_on + 30""",
        "no outcome yet": """o.state IN ('registered', 'handling')
              AND (o.outcome_kind IS NOT NULL OR o.outcome_on IS NOT NULL)""",
        "outcome": """o.state NOT IN ('registered', 'handling')
              AND (o.outcome_kind IS NULL OR o.outcome_on < o.raised_on)""",
        "outcome fields": """(o.outcome_kind = 'proposal') <> (o.proposal_number IS NOT NULL)
              OR (o.outcome_kind = 'referred') <> (o.department IS NOT NULL)
              OR (o.outcome_kind = 'social_info') <> (o.sent_to IS NOT NULL)
              OR (o.outcome_kind = 'rejected') <> (o.rejection_reason IS NOT NULL)""",
        "reply": """(o.state IN ('replied', 'fed_back', 'closed')
                AND o.outcome_kind <> 'rejected') <> (o.replied_on IS NOT NULL)
              OR o.replied_on < o.outcome_on""",
        "feedback": """(o.state IN ('fed_back', 'closed')) <> (o.feedback_on IS NOT NULL)
              OR o.feedback_on < COALESCE(o.replied_on, o.outcome_on)""",
        "future": """GREATEST(o.raised_on, o.outcome_on, o.replied_on, o.feedback_on)
              > (now() AT TIME ZONE 'Asia/Shanghai')::date""",
    }
    sql = " UNION ALL ".join(f"SELECT '{name}' AS name, count(*) AS n FROM opinion o "
                             f"WHERE {where}" for name, where in checks.items())
    rows = asyncio.run(fetch(url, sql))
    assert {r["name"]: r["n"] for r in rows} == dict.fromkeys(checks, 0)


def test_the_states_are_drawn_the_same_way_each_time():
    tenant, member, today = uuid.uuid4(), uuid.uuid4(), date(2026, 6, 30)
    members = [(tenant, member, None, "张伟", uuid.uuid4())]
    links = [(tenant, uuid.uuid4(), uuid.uuid4(), member, today - timedelta(days=k % 300))
             for k in range(3000)]
    runs = []
    for _ in range(2):
        made = Opinions(random.Random(8), today)
        made.add(tenant, members, links, [uuid.uuid4() for _ in range(7)], [uuid.uuid4()])
        runs.append([(row[9], row[10], row[13]) for row in made.rows])
    assert runs[0] == runs[1] and 900 <= len(runs[0]) <= 1100
    assert {state for _, state, _ in runs[0]} == set(STATES)
