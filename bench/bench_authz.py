"""5. Authorization with role assignments for ~600k users present.

What a request pays to be authorised: resolve the token's account and its roles
(``load_principal``: the role_assignment table, as the application role under RLS), then ask
the enforcer. Casbin never holds users (authz/model.conf), so its decision cannot grow with
them; the database lookup is the part that could. Measured at the province scale (~25k users)
and the national scale (~740k users); the ratio national/province is the growth. Also the
bare Casbin decision rate, uncached and memoised, and — as the design we did not take — a
Casbin enforcer with every user's role loaded as a grouping rule.
Target: the decision time does not grow with the number of users (ratio <= 1.2).
"""

import asyncio
import random
import statistics
import time
import tracemalloc
import uuid

import asyncpg
import casbin
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bench.common import SETTINGS, database_exists, ensure_synthetic, owner_dsn
from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.authz import enforcer as authz
from liaison.authz import policies
from liaison.db import urls

SAMPLES = 3000
CHECKS = [("member", "read"), ("contact", "manage"), ("compliance", "read"),
          ("phone", "read"), ("filing", "review"), ("tenant", "read")]


async def accounts_of(database: str, n: int) -> tuple[int, list[TokenClaims]]:
    conn = await asyncpg.connect(**owner_dsn(database))
    try:
        users = await conn.fetchval("SELECT count(*) FROM role_assignment")
        await conn.execute("SELECT setseed(0.3)")
        rows = await conn.fetch("SELECT tenant_id, id FROM account ORDER BY random() LIMIT $1",
                                n)
        return users, [TokenClaims(r["id"], r["tenant_id"]) for r in rows]
    finally:
        await conn.close()


async def per_request(database: str) -> dict:
    users, claims = await accounts_of(database, SAMPLES)
    engine = create_async_engine(urls.app_url(SETTINGS, urls.owner_url(SETTINGS, database)),
                                 pool_size=1)
    latencies, granted = [], 0
    try:
        for i, claim in enumerate(claims * 2):  # the first pass warms the cache
            async with AsyncSession(engine) as session:
                started = time.perf_counter()
                principal = await load_principal(session, claim)
                obj, act = CHECKS[i % len(CHECKS)]
                granted += policies.has_permission(principal, principal.tenant_path, obj, act)
                if i >= len(claims):
                    latencies.append(time.perf_counter() - started)
                await session.rollback()
    finally:
        await engine.dispose()
    ordered = sorted(latencies)
    return {"users": users, "samples": len(latencies), "granted": granted,
            "p50": statistics.median(latencies) * 1e3,
            "p99": ordered[int(0.99 * len(ordered))] * 1e3,
            "per_second": len(latencies) / sum(latencies)}


def casbin_rates(rounds: int = 20_000) -> dict:
    enforcer = authz.enforcer()
    requests = [(role, rel, obj, act)
                for role in ("chair", "leadership", "office", "committee", "convenor",
                             "member", "venue_staff")
                for rel in ("own", "descendant") for obj, act in CHECKS]
    started = time.perf_counter()
    for i in range(rounds):
        enforcer.enforce(*requests[i % len(requests)])
    uncached = rounds / (time.perf_counter() - started)
    authz.allowed.cache_clear()
    started = time.perf_counter()
    for i in range(rounds * 10):
        role, rel, obj, act = requests[i % len(requests)]
        authz.allowed(role, authz.Relation(rel), obj, act)
    memoised = rounds * 10 / (time.perf_counter() - started)
    return {"uncached": uncached, "memoised": memoised}


def users_in_casbin(users: int, rounds: int = 5_000) -> dict:
    """The road not taken: every user's role as a Casbin grouping rule (g, user, role)."""
    tracemalloc.start()
    started = time.perf_counter()
    enforcer = casbin.Enforcer(str(authz.HERE / "model.conf"), str(authz.HERE / "policy.csv"))
    roles = ["member"] * 9 + ["office"]
    names = [str(uuid.UUID(int=i)) for i in range(users)]
    enforcer.add_named_grouping_policies("g", [[n, roles[i % 10]] for i, n in enumerate(names)])
    load = time.perf_counter() - started
    memory = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rng = random.Random(5)
    started = time.perf_counter()
    for i in range(rounds):
        obj, act = CHECKS[i % len(CHECKS)]
        enforcer.enforce(rng.choice(names), "own", obj, act)
    return {"users": users, "load": load, "memory": memory,
            "per_second": rounds / (time.perf_counter() - started)}


def main() -> dict:
    ensure_synthetic("province", "liaison_bench_province")
    scales = {"province": asyncio.run(per_request("liaison_bench_province"))}
    if asyncio.run(database_exists("liaison_bench_national")):
        scales["national"] = asyncio.run(per_request("liaison_bench_national"))
    rates = casbin_rates()
    naive = [users_in_casbin(n) for n in (1_000, 20_000)]  # 100k: 221 s to load (docs)
    print("authorization per request (load_principal + decision, as the app role):")
    for scale, r in scales.items():
        print(f"  {scale:<9} {r['users']:>8,} users   p50 {r['p50']:.2f} ms   "
              f"p99 {r['p99']:.2f} ms   {r['per_second']:,.0f} /s   "
              f"({r['samples']} samples, {r['granted']} granted)")
    if "national" in scales:
        growth = scales["national"]["p50"] / scales["province"]["p50"]
        print(f"  growth national/province p50: {growth:.2f} (target <= 1.2)")
    else:
        print("  (no national database: liaison seed-synthetic --preset national "
              "--database liaison_bench_national)")
    print(f"  Casbin decision: {rates['uncached']:,.0f} /s uncached, "
          f"{rates['memoised']:,.0f} /s memoised (no users in the enforcer)")
    for r in naive:
        print(f"  users as Casbin rules: {r['users']:>7,} users   load {r['load']:.1f} s   "
              f"{r['memory']:.0f} MB   {r['per_second']:,.0f} decisions/s")
    return {"scales": scales, "casbin": rates, "naive": naive}


if __name__ == "__main__":
    main()
