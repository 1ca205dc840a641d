"""1. GraphQL read: a page of 20 members with sector and pairings, as an office user, at 16
concurrent clients, against the API served as in production. Reference: the same
transaction (set tenant, the same SQL with the same parameters) through asyncpg from a
separate process. Target: ratio >= 0.6, p99 < 50 ms."""

import asyncio
import logging

import httpx

from bench.common import (
    Server,
    app_dsn,
    capture_sql,
    ensure_synthetic,
    load,
    office_of,
    run_reference,
)

DATABASE = "liaison_bench_province"
QUERY = """query($code: String!) { tenant(code: $code) { members(first: 20) { nodes {
  id name phone sector { name } pairings { startedOn constituent { name phone } } } } } }"""
TOTAL, CONCURRENCY = 3000, 16


def main() -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ensure_synthetic("province", DATABASE)
    office = asyncio.run(office_of(DATABASE, "s00-c00-k00"))
    variables = {"code": office.tenant_code}
    statements = asyncio.run(capture_sql(DATABASE, QUERY, variables, office.token))
    server = Server(DATABASE)
    try:
        async def run():
            limits = httpx.Limits(max_connections=CONCURRENCY)
            async with httpx.AsyncClient(base_url=server.url, limits=limits) as client:
                async def request(i):
                    response = await client.post(
                        "/graphql", json={"query": QUERY, "variables": variables},
                        headers={"authorization": f"Bearer {office.token}"})
                    assert response.status_code == 200 and "errors" not in response.json()
                return await load(request, concurrency=CONCURRENCY, total=TOTAL)

        api = asyncio.run(run())
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    reference = run_reference({"kind": "same", "dsn": app_dsn(DATABASE),
                               "statements": statements, "total": TOTAL,
                               "concurrency": CONCURRENCY, "warmup": 100})
    ratio = api.rps / reference.rps
    from bench.floor import milliseconds_per_request

    floor = milliseconds_per_request(QUERY, variables)
    print(f"read: {len(statements)} statements per request")
    print(api.line("  GraphQL (HTTP, production)"))
    print(reference.line("  reference (asyncpg, same SQL)"))
    print(f"  ratio {ratio:.2f} (target >= 0.6)   p99 {api.pct(0.99):.1f} ms (target < 50)   "
          f"peak RSS {rss:.0f} MB (target < 200)")
    print(f"  library floor: strawberry alone, same response from memory, {floor:.1f} ms per "
          f"request = at most {1000 / floor:.0f} req/s per worker "
          f"(ratio {1000 / floor / reference.rps:.2f} of the reference)")
    return {"api": api, "reference": reference, "ratio": ratio, "rss": rss,
            "statements": len(statements), "floor_ms": floor}


if __name__ == "__main__":
    main()
