"""The reference side of the API benchmarks, run in its own process: the same transactions
(the statements the server issued, with their parameters) straight through asyncpg.

    python -m bench.reference FILE.pickle   (written by bench.common.write_reference)
"""

import asyncio
import json
import pickle
import sys
import time

import asyncpg


async def replay(dsn: dict, transactions, total: int, concurrency: int, warmup: int) -> dict:
    pool = await asyncpg.create_pool(**dsn, min_size=concurrency, max_size=concurrency)

    async def one(i: int) -> None:
        statements = transactions(i)
        async with pool.acquire() as conn, conn.transaction():
            for statement, params in statements:
                await conn.fetch(statement, *params)

    for i in range(warmup):
        await one(i)
    latencies = []
    counter = iter(range(total))

    async def worker():
        for i in counter:
            started = time.perf_counter()
            await one(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    await pool.close()
    return {"requests": total, "seconds": seconds, "latencies": latencies}


def main(path: str) -> None:
    with open(path, "rb") as f:
        job = pickle.load(f)
    if job["kind"] == "same":          # the very same statements each time (a read)
        statements = job["statements"]

        def transactions(i):
            return statements
    else:                               # fresh ids per transaction (a write)
        from bench.writes import reference_transaction

        def transactions(i):
            return reference_transaction(job, i)
    result = asyncio.run(replay(job["dsn"], transactions, job["total"], job["concurrency"],
                                job["warmup"]))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
