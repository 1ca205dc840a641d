"""One request end to end, in process (no HTTP server, no load generator): the members page
of bench_read, or ``logContact`` of bench_write, as the office. Prints the milliseconds per
request (one client), the statements it issues and, with ``--profile``, pyinstrument's tree
over 200 requests (cProfile cannot be used here: SQLAlchemy's asyncio mode runs in greenlets,
and cProfile charges the time spent waiting in another greenlet to whatever ran last).

    .venv/bin/python -m bench.profile_read [read|write] [--profile]
"""

import asyncio
import os
import statistics
import sys
import time

import httpx

from bench.bench_read import DATABASE, QUERY
from bench.bench_write import MUTATION, pairs_of
from bench.common import SECRET, capture_sql, ensure_synthetic, office_of
from liaison.db import urls
from liaison.settings import load_settings

WARMUP, TIMED, BATCHES, PROFILED = 100, 200, 5, 200


PACKAGES = ("sqlalchemy", "asyncpg", "graphql", "strawberry", "litestar", "httpx", "uvloop",
            "asyncio", "greenlet", "liaison", "casbin", "jwt", "json")


def by_package(profiler, requests: int) -> str:
    """Self time per library, in milliseconds per request: where the CPU goes (time a task
    spends awaiting is left out: other tasks run then, and are sampled themselves)."""
    totals: dict[str, float] = {}

    def walk(frame):
        path = frame.file_path or ""
        name = next((p for p in PACKAGES if f"/{p}/" in path or path.endswith(f"/{p}.py")),
                    "other")
        own = frame.time - sum(c.time for c in frame.children)
        for child in frame.children:
            if child.identifier == "[self]":
                own += child.time
            elif child.identifier != "[await]" and not child.is_synthetic:
                walk(child)
        totals[name] = totals.get(name, 0.0) + own

    walk(profiler.last_session.root_frame())
    whole = sum(totals.values())
    lines = [f"self time per request by package ({whole / requests * 1000:.2f} ms sampled):"]
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<11} {seconds / requests * 1000:6.2f} ms  "
                     f"{seconds / whole * 100:5.1f} %")
    return "\n".join(lines)


def request_of(kind: str, office, pairs):
    if kind == "read":
        return lambda i: {"query": QUERY, "variables": {"code": office.tenant_code}}

    def write(i):
        member, constituent = pairs[i % len(pairs)]
        return {"query": MUTATION, "variables": {"input": {
            "memberId": str(member), "constituentIds": [str(constituent)],
            "occurredAt": "2025-06-01T10:00:00", "method": "VISIT", "content": "走访了解情况"}}}
    return write


async def run(kind: str, profile: bool) -> None:
    from liaison.app import create_app
    from liaison.db.engine import Database

    tenant = "s00-c00-k00" if kind == "read" else "s00-c01-k00"
    office = await office_of(DATABASE, tenant)
    pairs = await pairs_of(office.tenant_id) if kind == "write" else []
    body = request_of(kind, office, pairs)
    settings = load_settings({**os.environ, "LIAISON_JWT_SECRET": SECRET,
                              "LIAISON_ENV": "production"})
    db = Database(urls.app_url(settings, urls.owner_url(settings, DATABASE)), pool_size=2)
    app = create_app(settings, db)
    headers = {"authorization": f"Bearer {office.token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://bench") as client:
        async def one(i):
            response = await client.post("/graphql", json=body(i), headers=headers)
            assert "errors" not in response.json(), response.text

        for i in range(WARMUP):
            await one(i)
        batches, cpu = [], []
        for _ in range(BATCHES):  # the machine is shared: the best batch is the least disturbed
            started, used = time.perf_counter(), time.process_time()
            for i in range(TIMED):
                await one(i)
            batches.append((time.perf_counter() - started) / TIMED * 1000)
            cpu.append((time.process_time() - used) / TIMED * 1000)
        print(f"{kind}: {min(batches):.2f} ms per request in process, one client, best of "
              f"{BATCHES} batches of {TIMED} (median {statistics.median(batches):.2f}; httpx "
              f"ASGI transport included); this process's CPU {min(cpu):.2f} ms per request "
              f"(median {statistics.median(cpu):.2f})")
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002, async_mode="enabled")
            profiler.start()
            for i in range(PROFILED):
                await one(i)
            profiler.stop()
            print(by_package(profiler, PROFILED))
            print(profiler.output_text(flat=True, time="percent_of_total")
                  .split("\n", 1)[1][:6000])
    await db.dispose()
    if kind == "read":
        statements = await capture_sql(DATABASE, QUERY, body(0)["variables"], office.token)
        print(f"{len(statements)} statements per request:")
        for sql, _ in statements:
            print("  ", " ".join(sql.split())[:150])


def main() -> None:
    kind = next((a for a in sys.argv[1:] if not a.startswith("-")), "read")
    ensure_synthetic("province", DATABASE)
    asyncio.run(run(kind, "--profile" in sys.argv))


if __name__ == "__main__":
    main()
