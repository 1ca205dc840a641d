"""3. Compliance roll-ups: a city with its counties, one county, and a whole province, at the
province and the national scale. Ours is the service (one GROUPING SETS statement, as the
application role under RLS); the reference is a plain hand-written SQL query giving the same
numbers. Targets: a county's roll-up does not slow down from province to national scale
(ratio <= 1.2); the city roll-up p50 < 30 ms."""

import asyncio
import statistics
import time
from datetime import date, datetime, timedelta, timezone

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bench.common import SETTINGS, app_dsn, database_exists, ensure_synthetic
from liaison.compliance import queries as compliance
from liaison.compliance.quarters import Quarter
from liaison.db import urls
from liaison.tenancy.scope import TenantScope, apply_scope

RUNS = 40
REFERENCE = """
SELECT p.tenant_id, count(*) AS due,
       count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM contact_constituent cc
         WHERE cc.tenant_id = p.tenant_id AND cc.member_id = p.member_id
           AND cc.constituent_id = p.constituent_id
           AND cc.occurred_on >= GREATEST(p.started_on, $2)
           AND cc.occurred_on <= LEAST(COALESCE(p.ended_on, $3), $3))) AS contacted
FROM pairing p
WHERE p.tenant_id = ANY($1)
  AND LEAST(COALESCE(p.ended_on, $3), $3) - GREATEST(p.started_on, $2) + 1 >= 30
GROUP BY p.tenant_id
"""


async def scopes(database: str) -> dict[str, list]:
    conn = await asyncpg.connect(**app_dsn(database))
    try:
        city = await conn.fetch("SELECT id FROM tenant WHERE path = 's00/s00-c00'"
                                " OR path LIKE 's00/s00-c00/%' ORDER BY path")
        county = await conn.fetch("SELECT id FROM tenant WHERE code = 's00-c00-k00'")
        province = await conn.fetch("SELECT id FROM tenant WHERE path LIKE 's00/%'")
        return {"city": [r["id"] for r in city], "county": [r["id"] for r in county],
                "province": [r["id"] for r in province]}
    finally:
        await conn.close()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def measure(database: str, quarter: Quarter, today: date) -> dict:
    tenant_sets = await scopes(database)
    engine = create_async_engine(urls.app_url(SETTINGS, urls.owner_url(SETTINGS, database)),
                                 pool_size=1)
    reference_conn = await asyncpg.connect(**app_dsn(database))
    results = {}
    try:
        for name, ids in tenant_sets.items():
            ours, theirs = [], []
            answer = None
            for _ in range(RUNS):
                async with AsyncSession(engine) as session:
                    started = time.perf_counter()
                    await apply_scope(session, TenantScope(active=ids[0], readable=tuple(ids)))
                    # as the API asks: a county with its breakdown, cities and provinces
                    # side by side per tenant (contacts.reports)
                    answer = await compliance.rollup(session, ids, quarter, today,
                                                     breakdown=name == "county")
                    ours.append(time.perf_counter() - started)
                    await session.rollback()
                async with reference_conn.transaction():
                    started = time.perf_counter()
                    joined = ",".join(str(i) for i in ids)
                    await reference_conn.execute(
                        "SELECT set_config('app.tenant_id', $1, true),"
                        " set_config('app.readable_tenants', $2, true)", str(ids[0]), joined)
                    rows = await reference_conn.fetch(REFERENCE, ids, quarter.start,
                                                      quarter.end)
                    theirs.append(time.perf_counter() - started)
            expected = {r["tenant_id"]: (r["due"], r["contacted"]) for r in rows}
            got = {t: (c.due, c.contacted) for t, c in answer.by_tenant.items()}
            assert got == expected, f"{name}: the answers differ"
            results[name] = {"tenants": len(ids), "ours": _median_ms(ours),
                             "reference": _median_ms(theirs),
                             "due": sum(c.due for c in answer.by_tenant.values())}
    finally:
        await reference_conn.close()
        await engine.dispose()
    return results


def main() -> dict:
    today = datetime.now(timezone(timedelta(hours=8))).date()
    quarter = Quarter.of(Quarter.of(today).start - timedelta(days=1))  # the last full quarter
    ensure_synthetic("province", "liaison_bench_province")
    scales = {"province": asyncio.run(measure("liaison_bench_province", quarter, today))}
    if asyncio.run(database_exists("liaison_bench_national")):
        scales["national"] = asyncio.run(measure("liaison_bench_national", quarter, today))
    print(f"roll-ups for {quarter.label} (median of {RUNS} runs):")
    for scale, rows in scales.items():
        for name, r in rows.items():
            print(f"  {scale:<9} {name:<9} {r['tenants']:>4} tenants {r['due']:>7} pairings   "
                  f"ours {r['ours']:7.1f} ms   reference {r['reference']:7.1f} ms   "
                  f"ratio {r['ours'] / r['reference']:.2f}")
    if "national" in scales:
        growth = scales["national"]["county"]["ours"] / scales["province"]["county"]["ours"]
        print(f"  county roll-up national/province: {growth:.2f} (target <= 1.2)")
    print(f"  city roll-up p50 {scales['province']['city']['ours']:.1f} ms (target < 30)")
    return scales


if __name__ == "__main__":
    main()
