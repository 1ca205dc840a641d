"""The library floor of the read benchmark: strawberry (and graphql-core) alone, answering
the same query with a response of the same shape (20 members, their sector, ~2.5 pairings
each with the constituent) from objects already in memory — no database, no HTTP, no auth.
Whatever our server does, one worker cannot serve this page faster than this.
"""

import asyncio
import gc
import time
from datetime import date

import strawberry
from strawberry.extensions import ParserCache, ValidationCache


@strawberry.type
class Sector:
    name: str


@strawberry.type
class Constituent:
    name: str
    phone: str | None


@strawberry.type
class Pairing:
    started_on: date
    constituent: Constituent


@strawberry.type
class Member:
    """Resolved the way ours are: phone, sector and pairings by async resolvers."""

    id: strawberry.ID
    name: str

    @strawberry.field
    async def phone(self) -> str | None:
        return "13800000000"

    @strawberry.field
    async def sector(self) -> Sector:
        return SECTOR

    @strawberry.field
    async def pairings(self) -> list[Pairing]:
        return PAIRINGS


SECTOR = Sector(name="教育界")
PAIRINGS = [Pairing(started_on=date(2024, 1, 1), constituent=Constituent(name="李群众",
                                                                         phone="139"))] * 3
MEMBERS = [Member(id=str(i), name="张伟") for i in range(20)]


@strawberry.type
class Connection:
    nodes: list[Member]


@strawberry.type
class Tenant:
    @strawberry.field
    async def members(self, first: int) -> Connection:
        return Connection(nodes=MEMBERS[:first])


@strawberry.type
class Query:
    @strawberry.field
    async def tenant(self, code: str) -> Tenant:
        return Tenant()


SCHEMA = strawberry.Schema(Query, extensions=[lambda: ParserCache(maxsize=100),
                                              lambda: ValidationCache(maxsize=100)])


def milliseconds_per_request(query: str, variables: dict, n: int = 300) -> float:
    async def run() -> float:
        for _ in range(20):
            result = await SCHEMA.execute(query, variables)
            assert not result.errors, result.errors
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        for _ in range(n):
            await SCHEMA.execute(query, variables)
        return (time.perf_counter() - started) / n * 1000

    return asyncio.run(run())


if __name__ == "__main__":
    from bench.bench_read import QUERY

    print(f"{milliseconds_per_request(QUERY, {'code': 'x'}):.2f} ms per request")
