"""The benchmark data generator: the city preset into a fresh database, checked by its shape
and by the application's own rules (pairings per member, sectors, accounts, isolation)."""

import asyncio

from tests.synthetic.reading import fetch as _fetch


def test_the_city_preset_has_a_city_five_counties_and_their_members(generated):
    url, stats, lines = generated
    tenants = asyncio.run(_fetch(url, "SELECT level, count(*) FROM tenant GROUP BY 1"))
    assert {r["level"]: r["count"] for r in tenants} == {"city": 1, "county": 5}
    per_tenant = asyncio.run(_fetch(url, "SELECT count(*) AS n FROM member GROUP BY tenant_id"))
    assert len(per_tenant) == 6 and all(150 <= r["n"] <= 300 for r in per_tenant)
    pairings = asyncio.run(_fetch(url, """
        SELECT count(p.id) AS n FROM member m
        LEFT JOIN pairing p ON p.tenant_id = m.tenant_id AND p.member_id = m.id
        GROUP BY m.tenant_id, m.id"""))
    assert {r["n"] for r in pairings} <= {2, 3}
    assert stats.rows["member"] == sum(r["n"] for r in per_tenant)
    assert stats.rows["pairing"] == stats.rows["constituent"] == sum(r["n"] for r in pairings)
    assert stats.total == sum(stats.rows.values()) and stats.seconds > 0
    assert any(line.lstrip().startswith("contact ") and "rows/s" in line for line in lines)


def test_contacts_fall_within_their_pairings_and_sectors_are_the_tenants_own(generated):
    url, stats, _ = generated
    strays = asyncio.run(_fetch(url, """
        SELECT count(*) AS n FROM contact_constituent cc
        JOIN pairing p ON p.tenant_id = cc.tenant_id AND p.member_id = cc.member_id
                      AND p.constituent_id = cc.constituent_id
        WHERE cc.occurred_on < p.started_on
        UNION ALL
        SELECT count(*) FROM member m
        WHERE NOT EXISTS (SELECT 1 FROM sector s
                          WHERE s.tenant_id = m.tenant_id AND s.id = m.sector_id)"""))
    assert [r["n"] for r in strays] == [0, 0]
    per_pairing = stats.rows["contact"] / stats.rows["pairing"]
    assert 2 <= per_pairing <= 6  # about 4 a year
    sectors = asyncio.run(_fetch(url, "SELECT count(*) AS n FROM sector GROUP BY tenant_id"))
    assert all(21 <= r["n"] <= 30 for r in sectors)


def test_every_member_has_a_member_login(generated):
    url, stats, _ = generated
    rows = asyncio.run(_fetch(url, """
        SELECT count(*) FILTER (WHERE a.id IS NULL) AS missing,
               count(*) FILTER (WHERE r.role = 'member') AS with_role
        FROM member m
        LEFT JOIN account a ON a.tenant_id = m.tenant_id AND a.member_id = m.id
        LEFT JOIN role_assignment r ON r.tenant_id = a.tenant_id AND r.account_id = a.id"""))
    assert (rows[0]["missing"], rows[0]["with_role"]) == (0, stats.rows["member"])
    assert stats.rows["account"] == stats.rows["member"]
