"""1. GraphQL read: a page of 20 members with sector and pairings, as an office user, at 16
concurrent clients, against the API served as in production (one worker, then two).
Reference: the same transaction (the same SQL with the same parameters) through asyncpg from
a separate process. Also one client (latency), and pages of 100 members (time per member).
The load generator is a lean keep-alive client (httpx, measured beside it, costs about 1 ms
of CPU a request on the same two cores).
Targets (issue 14): ratio >= 0.25, p99 < 100 ms; one client p50 < 5 ms."""

import asyncio
import json
import logging

from bench.common import (
    Server,
    app_dsn,
    capture_sql,
    drive,
    ensure_synthetic,
    office_of,
    run_reference,
)

DATABASE = "liaison_bench_province"
QUERY = """query($code: String!, $first: Int! = 20) { tenant(code: $code) {
  members(first: $first) { nodes {
  id name phone sector { name } pairings { startedOn constituent { name phone } } } } } }"""
TOTAL, CONCURRENCY, SINGLE, WIDE = 3000, 16, 1000, 300


def measure(server: Server, office, *, concurrency: int, total: int, first: int = 20,
            lean: bool = True):
    """The page ``total`` times from ``concurrency`` clients: the lean keep-alive client, or
    httpx (as the benchmark measured before issue 14)."""
    body = json.dumps({"query": QUERY, "variables": {"code": office.tenant_code,
                                                     "first": first}}).encode()
    headers = {"authorization": f"Bearer {office.token}"}

    def check(status: int, payload: bytes) -> None:
        assert status == 200 and b'"errors"' not in payload, payload[:300]
        assert payload.count(b'"sector"') == first, payload[:300]

    return drive(server.url, lambda i: body, headers, check, concurrency=concurrency,
                 total=total, lean=lean)


def main() -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ensure_synthetic("province", DATABASE)
    office = asyncio.run(office_of(DATABASE, "s00-c00-k00"))
    variables = {"code": office.tenant_code}
    statements = asyncio.run(capture_sql(DATABASE, QUERY, variables, office.token))
    wide = asyncio.run(capture_sql(DATABASE, QUERY, {**variables, "first": 100}, office.token))
    server = Server(DATABASE)
    try:
        started = server.cpu_seconds()
        api = measure(server, office, concurrency=CONCURRENCY, total=TOTAL)
        cpu_ms = (server.cpu_seconds() - started) / TOTAL * 1000
        with_httpx = measure(server, office, concurrency=CONCURRENCY, total=TOTAL, lean=False)
        single = measure(server, office, concurrency=1, total=SINGLE)
        hundred = measure(server, office, concurrency=1, total=WIDE, first=100)
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    server = Server(DATABASE, workers=2)
    try:
        two = measure(server, office, concurrency=CONCURRENCY, total=TOTAL)
    finally:
        server.stop()
    reference = run_reference({"kind": "same", "dsn": app_dsn(DATABASE),
                               "statements": statements, "total": TOTAL,
                               "concurrency": CONCURRENCY, "warmup": 100})
    ratio = api.rps / reference.rps
    from bench.floor import milliseconds_per_request

    floor = milliseconds_per_request(QUERY, variables)
    per_member = (hundred.pct(0.5) - single.pct(0.5)) / 80
    print(f"read: {len(statements)} statements per request ({len(wide)} for 100 members)")
    print(api.line("  GraphQL (HTTP, production, 1 worker)"),
          f"server CPU {cpu_ms:.2f} ms a page")
    print(reference.line("  reference (asyncpg, same SQL)"))
    print(f"  ratio {ratio:.2f} (target >= 0.25)   p99 {api.pct(0.99):.1f} ms (target < 100)   "
          f"peak RSS {rss:.0f} MB (target < 200)")
    print(with_httpx.line("  the same, httpx as the client"))
    print(single.line("  one client, 20 members"), "(target p50 < 5 ms)")
    print(hundred.line("  one client, 100 members"),
          f"{per_member:.3f} ms per member beyond 20")
    print(two.line("  GraphQL, 2 workers, 16 clients"),
          f"scaling {two.rps / api.rps:.2f} x one worker")
    print(f"  library floor: strawberry alone, same response from memory, {floor:.1f} ms per "
          f"request = at most {1000 / floor:.0f} req/s per worker "
          f"(ratio {1000 / floor / reference.rps:.2f} of the reference)")
    return {"api": api, "httpx": with_httpx, "reference": reference, "ratio": ratio,
            "rss": rss, "single": single, "hundred": hundred, "two_workers": two,
            "statements": len(statements), "floor_ms": floor, "cpu_ms": cpu_ms}


if __name__ == "__main__":
    main()
