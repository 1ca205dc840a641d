"""7. Opinion roll-ups: the city's side-by-side view (``opinionSummaries``: the city and its
counties, every year) through GraphQL against the API served as in production, one client;
a county's own summary (with its breakdowns) for comparison. Also the service alone
in-process (``opinions.rollup.across``, as the application role under RLS) and the reference:
a plain hand-written SQL query giving the same per-tenant figures, through asyncpg. The
answers are compared. Target: the city's roll-up at the national scale p50 < 50 ms.

Uses ``liaison_bench_national`` when it holds opinions, else the province database (rebuilt
when it was made before opinions existed)."""

import asyncio
import logging
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bench.common import (
    ROOT,
    SETTINGS,
    Office,
    Result,
    Server,
    app_dsn,
    database_exists,
    ensure_synthetic,
    median_ms,
    office_of,
    owner_dsn,
)
from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db import urls
from liaison.models import Tenant
from liaison.opinions import rollup

CITY, COUNTY = "s00-c00", "s00-c00-k00"
RUNS, WARMUP = 200, 20
SIDE = """query($c: String!) { tenant(code: $c) { opinionSummaries {
  tenant { code } total byState { count } converted { proposal socialInfo referred }
  conversionRate medianDaysToFeedback overdue } } }"""
ONE = """query($c: String!) { tenant(code: $c) { opinionSummary {
  total byState { count } byCategory { name count } bySector { name count }
  byCommittee { name count } byMember { name count } conversionRate medianDaysToFeedback
  overdue } } }"""
REFERENCE = """
SELECT tenant_id, count(*) AS total,
       count(*) FILTER (WHERE state = 'registered') AS registered,
       count(*) FILTER (WHERE state = 'handling') AS handling,
       count(*) FILTER (WHERE state = 'disposed') AS disposed,
       count(*) FILTER (WHERE state = 'replied') AS replied,
       count(*) FILTER (WHERE state = 'fed_back') AS fed_back,
       count(*) FILTER (WHERE state = 'closed') AS closed,
       count(*) FILTER (WHERE outcome_kind IN ('proposal', 'social_info', 'referred'))
         AS converted,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY feedback_on - raised_on)
         FILTER (WHERE state IN ('fed_back', 'closed')) AS median,
       count(*) FILTER (WHERE due_on < $2 AND state IN ('registered', 'handling')) AS overdue
FROM opinion WHERE tenant_id = ANY($1) GROUP BY tenant_id
"""


async def has_opinions(database: str) -> bool:
    if not await database_exists(database):
        return False
    conn = await asyncpg.connect(**owner_dsn(database))
    try:
        return bool(await conn.fetchval("SELECT to_regclass('opinion') IS NOT NULL AND "
                                        "EXISTS (SELECT 1 FROM opinion)"))
    finally:
        await conn.close()


def database() -> tuple[str, str]:
    if asyncio.run(has_opinions("liaison_bench_national")):
        return "national", "liaison_bench_national"
    if asyncio.run(database_exists("liaison_bench_province")) and not asyncio.run(
            has_opinions("liaison_bench_province")):
        print("liaison_bench_province predates opinions: rebuilding it")
        subprocess.run([sys.executable, "-m", "liaison.cli", "seed-synthetic", "--preset",
                        "province", "--database", "liaison_bench_province"], check=True,
                       cwd=ROOT)
    ensure_synthetic("province", "liaison_bench_province")
    return "province", "liaison_bench_province"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def over_http(server: Server, office: Office, query: str) -> tuple[Result, dict]:
    async with httpx.AsyncClient(base_url=server.url) as client:
        async def one() -> dict:
            response = await client.post("/graphql", json={
                "query": query, "variables": {"c": office.tenant_code}},
                headers={"authorization": f"Bearer {office.token}"})
            body = response.json()
            assert response.status_code == 200 and "errors" not in body, response.text
            return body["data"]["tenant"]

        for _ in range(WARMUP):
            answer = await one()
        latencies = []
        started = time.perf_counter()
        for _ in range(RUNS):
            begun = time.perf_counter()
            await one()
            latencies.append(time.perf_counter() - begun)
        return Result(RUNS, time.perf_counter() - started, latencies), answer


async def in_process(name: str, office: Office) -> list[float]:
    """``rollup.across`` alone, as the side-by-side query asks for it (no breakdowns): the
    session, the principal and the statements, no HTTP."""
    engine = create_async_engine(urls.app_url(SETTINGS, urls.owner_url(SETTINGS, name)),
                                 pool_size=1)
    samples = []
    try:
        for i in range(WARMUP + RUNS):
            async with AsyncSession(engine) as session:
                started = time.perf_counter()
                principal = await load_principal(session, TokenClaims(office.account_id,
                                                                      office.tenant_id))
                ctx = ServiceContext(session=session, principal=principal, origin=Origin())
                tenant = await session.get(Tenant, office.tenant_id)
                await rollup.across(ctx, tenant, None, breakdown=False)
                if i >= WARMUP:
                    samples.append(time.perf_counter() - started)
                await session.rollback()
    finally:
        await engine.dispose()
    return samples


async def reference(name: str, codes: list[str]) -> tuple[list[float], dict]:
    conn = await asyncpg.connect(**app_dsn(name))
    try:
        rows = await conn.fetch("SELECT id, code FROM tenant WHERE code = ANY($1)", codes)
        ids, code_of = [r["id"] for r in rows], {r["id"]: r["code"] for r in rows}
        today = datetime.now(timezone(timedelta(hours=8))).date()
        samples = []
        for i in range(WARMUP + RUNS):
            async with conn.transaction():
                started = time.perf_counter()
                await conn.execute("SELECT set_config('app.tenant_id', $1, true),"
                                   " set_config('app.readable_tenants', $2, true)",
                                   str(ids[0]), ",".join(str(t) for t in ids))
                answer = await conn.fetch(REFERENCE, ids, today)
                if i >= WARMUP:
                    samples.append(time.perf_counter() - started)
        return samples, {code_of[r["tenant_id"]]: r for r in answer}
    finally:
        await conn.close()


def same_figures(ours: list[dict], theirs: dict) -> None:
    for s in ours:
        r = theirs.get(s["tenant"]["code"])
        expected = (r["total"], [r[k] for k in ("registered", "handling", "disposed", "replied",
                                                 "fed_back", "closed")],
                    r["converted"], r["median"], r["overdue"]) if r else (0, [0] * 6, 0, None, 0)
        got = (s["total"], [c["count"] for c in s["byState"]], sum(s["converted"].values()),
               s["medianDaysToFeedback"], s["overdue"])
        assert got == expected, f"{s['tenant']['code']}: the answers differ"


def main() -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    scale, name = database()
    city = asyncio.run(office_of(name, CITY))
    county = asyncio.run(office_of(name, COUNTY))
    server = Server(name, port=free_port())
    try:
        side, answer = asyncio.run(over_http(server, city, SIDE))
        one, own = asyncio.run(over_http(server, county, ONE))
    finally:
        server.stop()
    summaries = answer["opinionSummaries"]
    service = asyncio.run(in_process(name, city))
    samples, theirs = asyncio.run(reference(name, [s["tenant"]["code"] for s in summaries]))
    same_figures(summaries, theirs)
    opinions = sum(s["total"] for s in summaries)
    ratio = side.pct(0.5) / median_ms(samples)
    print(f"opinion roll-ups, {scale} scale, every year ({RUNS} requests, one client):")
    print(f"  city {CITY}: {len(summaries)} tenants, {opinions:,} opinions")
    print(side.line("    opinionSummaries (GraphQL, HTTP)"))
    print(f"    service alone, in-process         p50 {median_ms(service):6.1f} ms")
    print(f"    reference (asyncpg, hand SQL)     p50 {median_ms(samples):6.1f} ms   "
          f"ratio {ratio:.2f}")
    print(one.line(f"  county {COUNTY} opinionSummary ({own['opinionSummary']['total']:,})"))
    print(f"  city roll-up p50 {side.pct(0.5):.1f} ms (target < 50)")
    return {"scale": scale, "side": side, "one": one, "service_ms": median_ms(service),
            "reference_ms": median_ms(samples), "ratio": ratio, "tenants": len(summaries),
            "opinions": opinions}


if __name__ == "__main__":
    main()
