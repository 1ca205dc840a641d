"""2. GraphQL write: logging a contact (validated, with its audit row) through the API served
as in production, 16 concurrent clients. Reference: the same inserts through asyncpg from a
separate process. Target (issue 14): ratio >= 0.35. The load generator is the lean
keep-alive client of bench_read; httpx is measured beside it."""

import asyncio
import json
import logging

import asyncpg

from bench.common import (
    Server,
    app_dsn,
    drive,
    ensure_synthetic,
    office_of,
    owner_dsn,
    run_reference,
)

DATABASE = "liaison_bench_province"
MUTATION = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { id } ... on Error { code message } } }"""
TOTAL, CONCURRENCY = 2000, 16


async def pairs_of(tenant_id) -> list[tuple]:
    conn = await asyncpg.connect(**owner_dsn(DATABASE))
    try:
        rows = await conn.fetch("SELECT member_id, constituent_id FROM pairing"
                                " WHERE tenant_id = $1 AND ended_on IS NULL", tenant_id)
        return [(r["member_id"], r["constituent_id"]) for r in rows]
    finally:
        await conn.close()


def main() -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ensure_synthetic("province", DATABASE)
    office = asyncio.run(office_of(DATABASE, "s00-c01-k00"))
    pairs = asyncio.run(pairs_of(office.tenant_id))
    server = Server(DATABASE)
    try:
        headers = {"authorization": f"Bearer {office.token}"}

        def body_of(i: int) -> bytes:
            member, constituent = pairs[i % len(pairs)]
            return json.dumps({"query": MUTATION, "variables": {"input": {
                "memberId": str(member), "constituentIds": [str(constituent)],
                "occurredAt": "2025-06-01T10:00:00", "method": "VISIT",
                "content": "走访了解情况"}}}).encode()

        def check(status: int, payload: bytes) -> None:
            assert status == 200 and b'"__typename":"Contact"' in payload, payload[:300]

        started = server.cpu_seconds()
        api = drive(server.url, body_of, headers, check, concurrency=CONCURRENCY, total=TOTAL)
        cpu_ms = (server.cpu_seconds() - started) / TOTAL * 1000
        with_httpx = drive(server.url, body_of, headers, check, concurrency=CONCURRENCY,
                           total=TOTAL, lean=False)
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    server = Server(DATABASE, workers=2)  # the production default on this 2-core machine
    try:
        two = drive(server.url, lambda i: body_of(i + TOTAL), headers, check,
                    concurrency=CONCURRENCY, total=TOTAL, lean=True)
    finally:
        server.stop()
    reference = run_reference({"kind": "write", "dsn": app_dsn(DATABASE), "total": TOTAL,
                               "concurrency": CONCURRENCY, "warmup": 100,
                               "tenant_id": office.tenant_id,
                               "account_id": office.account_id, "pairs": pairs})
    ratio = api.rps / reference.rps
    print(api.line("  logContact (HTTP, production)"), f"server CPU {cpu_ms:.2f} ms a contact")
    print(with_httpx.line("  the same, httpx as the client"))
    print(reference.line("  reference (asyncpg, 3 inserts)"))
    print(f"  ratio {ratio:.2f} (target >= 0.35)   peak RSS {rss:.0f} MB (target < 200)")
    print(two.line("  logContact, 2 workers"), f"ratio {two.rps / reference.rps:.2f}, "
          f"scaling {two.rps / api.rps:.2f} x one worker")
    return {"api": api, "reference": reference, "ratio": ratio, "rss": rss, "two_workers": two,
            "cpu_ms": cpu_ms}


if __name__ == "__main__":
    main()
