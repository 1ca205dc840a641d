"""PostgreSQL restarts while the server takes writes: requests fail fast with DB_UNAVAILABLE
(GraphQL) or 503 (file routes), the server recovers by itself, and every write it acknowledged
is in the database afterwards.

The test runs its own PostgreSQL (pgserver in a temporary directory) and restarts that one:
the shared test server is never touched.
"""

import asyncio
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pgserver
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from liaison.app import create_app
from liaison.db import embedded, faults, migrate, urls
from liaison.db.engine import Database
from liaison.models import Contact
from liaison.models.account import Role
from liaison.settings import APP_ROLE
from liaison.tenancy.scope import TenantScope, apply_scope
from tests import builders
from tests.readback import count

LOG = """mutation($input: ContactInput!) { logContact(input: $input) { __typename
  ... on Contact { id } ... on Error { code } } }"""
WRITERS = 3
DOWN_FOR = 2.0        # seconds between the stop and the start
MAX_REQUEST = 5.0     # no request may take longer, outage or not
MAX_RECOVERY = 5.0    # writes succeed again this soon after the database is back
AFTER = 3.0           # keep writing this long after the database is back


@dataclass
class Outcome:
    started: float
    ended: float
    result: str                   # "OK", an error code, or "HTTP <status>"
    message: str = ""
    contact_id: str | None = None

    @property
    def took(self) -> float:
        return self.ended - self.started


@dataclass
class Timeline:
    stopping: float = 0.0         # pg_ctl stop began
    stopped: float = 0.0          # the server is down
    up: float = 0.0               # the server is back
    done: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
async def private_server(settings):
    """A PostgreSQL of this test's own, migrated; stopped and deleted at the end.

    Not under pytest's ``tmp_path``: every pytest session (other people's too) resets its root
    to 0700, and PostgreSQL, run as the ``pgserver`` user when we are root, could then not
    reach its data directory to start again after the restart."""
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-faults-"))
    try:
        server = await asyncio.to_thread(embedded.start, data_dir)
        owner = server.set(database="liaison_faults")
        await urls.ensure_database(owner)
        await asyncio.to_thread(migrate.upgrade, owner, settings.app_db_password)
        yield data_dir, owner
    finally:
        await asyncio.to_thread(embedded.stop, data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def restart(data_dir, timeline: Timeline) -> None:
    """Stop the private server (fast: sessions are terminated), wait, start it again."""
    server = pgserver.get_server(data_dir / "pg", cleanup_mode=None)  # the running instance
    timeline.stopping = time.monotonic()
    assert embedded.stop(data_dir)
    timeline.stopped = time.monotonic()
    time.sleep(DOWN_FOR)
    server.ensure_postgres_running()
    timeline.up = time.monotonic()


async def timed(call, classify) -> Outcome:
    started = time.monotonic()
    try:
        response = await asyncio.wait_for(call(), timeout=MAX_REQUEST * 3)
        result, message, contact_id = classify(response)
    except TimeoutError:
        result, message, contact_id = "HUNG", "", None
    return Outcome(started, time.monotonic(), result, message, contact_id)


def graphql_outcome(response: httpx.Response) -> tuple[str, str, str | None]:
    if response.status_code != 200:
        return f"HTTP {response.status_code}", response.text[:200], None
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        return (error.get("extensions") or {}).get("code", "NO_CODE"), error["message"], None
    result = body["data"]["logContact"]
    if result["__typename"] == "Contact":
        return "OK", "", result["id"]
    return result["__typename"], "", None


def file_outcome(response: httpx.Response) -> tuple[str, str, str | None]:
    if response.status_code == 200:
        return "OK", "", None
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}", response.text[:200], None
    return f"HTTP {response.status_code} {body.get('code')}", body.get("message", ""), None


async def keep_going(call, classify, timeline: Timeline, outcomes: list[Outcome]) -> None:
    """Send requests one after another until the database has been back for ``AFTER`` s."""
    while not (timeline.done.is_set() and time.monotonic() > timeline.up + AFTER):
        outcome = await timed(call, classify)
        outcomes.append(outcome)
        await asyncio.sleep(0.02 if outcome.result == "OK" else 0.1)


async def build_data(owner_url):
    engine = create_async_engine(owner_url)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        _, county = await builders.make_tenants(session, counties=1)
        office = await builders.make_account(session, county, "office", (Role.office,))
        term = await builders.make_term(session, county)
        member = await builders.make_member(session, county, term, "张伟")
        pairing = await builders.make_pairing(session, member, "陈群众")
    await engine.dispose()
    return county, office, member, pairing


async def stored_contacts(owner_url, tenant) -> set[str]:
    engine = create_async_engine(owner_url)  # a new one: the old connections died
    async with AsyncSession(engine) as session:
        await apply_scope(session, TenantScope.only(tenant.id))
        ids = await session.scalars(select(Contact.id).where(Contact.tenant_id == tenant.id))
        stored = {str(i) for i in ids}
    await engine.dispose()
    return stored


async def test_a_database_restart_fails_fast_recovers_and_loses_no_acknowledged_write(
        private_server, settings):
    data_dir, owner_url = private_server
    county, office, member, pairing = await build_data(owner_url)
    database = Database(owner_url.set(username=APP_ROLE, password=settings.app_db_password),
                        pool_size=8)
    app = create_app(settings, database)
    headers = builders.bearer(builders.token_for(office))
    variables = {"input": {"memberId": str(member.id),
                           "constituentIds": [str(pairing.constituent_id)],
                           "occurredAt": "2025-03-10T10:00:00", "method": "VISIT"}}
    timeline = Timeline()
    writes: list[Outcome] = []
    exports: list[Outcome] = []
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        def log_contact():
            return client.post("/graphql", json={"query": LOG, "variables": variables},
                               headers=headers)

        def export():
            return client.get(f"/files/exports/members.xlsx?tenant={county.code}",
                              headers=headers)

        tasks = [asyncio.create_task(keep_going(log_contact, graphql_outcome, timeline, writes))
                 for _ in range(WRITERS)]
        tasks.append(asyncio.create_task(keep_going(export, file_outcome, timeline, exports)))
        await asyncio.sleep(1.0)  # writes are flowing before the database goes away
        try:
            await asyncio.to_thread(restart, data_dir, timeline)
        finally:
            timeline.up = timeline.up or time.monotonic()
            timeline.done.set()
            await asyncio.gather(*tasks)
    await database.dispose()

    acknowledged = {o.contact_id for o in writes if o.result == "OK"}
    stored = await stored_contacts(owner_url, county)
    failed = [o for o in writes + exports if o.result != "OK"]
    first_ok_after = min(o.ended for o in writes if o.result == "OK"
                         and o.started >= timeline.stopped)
    recovery = first_ok_after - timeline.up
    longest = max(writes + exports, key=lambda o: o.took)
    print(f"\nrestart: stop took {timeline.stopped - timeline.stopping:.2f} s, down "
          f"{timeline.up - timeline.stopped:.2f} s; {len(writes)} writes, "
          f"{len(acknowledged)} acknowledged, {len(stored)} stored "
          f"({len(stored - acknowledged)} unacknowledged but committed); "
          f"{len(exports)} exports; {len(failed)} failed "
          f"({sorted({o.result for o in failed})}); longest request {longest.took:.2f} s "
          f"({longest.result}); writes succeeded again {recovery:.2f} s after the restart")

    assert len(acknowledged) == sum(o.result == "OK" for o in writes)  # ids are unique
    assert {o.result for o in writes} <= {"OK", "DB_UNAVAILABLE"}, failed
    assert {o.result for o in exports} <= {"OK", "HTTP 503 DB_UNAVAILABLE"}, failed
    assert any(o.result == "DB_UNAVAILABLE" for o in writes)  # the outage was seen
    assert any(o.result == "OK" and o.ended < timeline.stopping for o in writes)
    assert all(o.message.startswith("数据库暂时不可用") for o in failed), failed
    assert longest.took <= MAX_REQUEST, longest
    assert recovery <= MAX_RECOVERY
    assert all(o.result == "OK" for o in writes + exports
               if o.started > timeline.up + MAX_RECOVERY)
    assert acknowledged <= stored, acknowledged - stored


# -- the boundaries, without a restart: a failed commit, the classification ----------------

def closed_connection() -> DBAPIError:
    return DBAPIError("COMMIT", None, asyncpg.ConnectionDoesNotExistError(
        "connection was closed in the middle of operation"), connection_invalidated=True)


@pytest.mark.parametrize("compiled", [False, True], ids=["first-request", "compiled"])
@pytest.mark.parametrize(("failure", "code", "message"), [
    (closed_connection(), "DB_UNAVAILABLE", faults.COMMIT_MESSAGE),
    (RuntimeError("boom"), "INTERNAL", "服务器内部错误，请联系管理员（请求编号 "),
], ids=["database-gone", "other"])
async def test_a_failed_commit_is_never_reported_as_success(client, owner, world, monkeypatch,
                                                            failure, code, message, compiled):
    """On strawberry's path, and on the compiled one (api/fast_http.py) the same document
    takes from its second request on."""
    county = world.county_a
    term = await builders.make_term(owner, county)
    member = await builders.make_member(owner, county, term, "张伟")
    pairing = await builders.make_pairing(owner, member, "陈群众")
    contact = {"memberId": str(member.id), "constituentIds": [str(pairing.constituent_id)],
               "occurredAt": "2025-03-10T10:00:00", "method": "VISIT"}
    if compiled:  # a refused contact first: the document is compiled, nothing is written
        refused = await client.post("/graphql", headers=builders.auth(world, county), json={
            "query": LOG, "variables": {"input": {**contact, "occurredAt": "2099-01-01"}}})
        assert refused.json()["data"]["logContact"]["__typename"] == "ValidationErrors"

    async def fail(self) -> None:
        raise failure

    monkeypatch.setattr(AsyncSession, "commit", fail)
    monkeypatch.setattr(AsyncSession, "rollback", fail)  # and the clean-up fails too
    response = await client.post("/graphql", headers=builders.auth(world, county), json={
        "query": LOG, "variables": {"input": contact}})
    monkeypatch.undo()
    body = response.json()
    assert (response.status_code, body["data"], len(body["errors"])) == (200, None, 1)
    [error] = body["errors"]
    assert error["extensions"]["code"] == code and error["message"].startswith(message)
    assert "boom" not in response.text and "connection" not in response.text
    assert await count(owner, Contact, county) == 0


async def test_a_file_route_answers_503_when_the_database_is_gone(client, world, monkeypatch):
    async def fail(self) -> None:
        raise closed_connection()

    monkeypatch.setattr(AsyncSession, "commit", fail)
    response = await client.get(f"/files/exports/members.xlsx?tenant={world.county_a.code}",
                                headers=builders.auth(world, world.county_a))
    monkeypatch.undo()
    assert (response.status_code, response.headers["retry-after"], response.json()) == (
        503, "2", {"code": "DB_UNAVAILABLE", "message": faults.MESSAGE})


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_what_counts_as_the_database_being_unavailable():
    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = asyncpg.AdminShutdownError("terminating connection")
    unavailable = [asyncpg.CannotConnectNowError("starting up"), wrapped, closed_connection(),
                   SATimeoutError("QueuePool limit reached"),
                   asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed")]
    available = [raised(FileNotFoundError("template.docx")), raised(TimeoutError("smtp")),
                 IntegrityError("INSERT", None, asyncpg.UniqueViolationError("duplicate")),
                 ValueError("bad"), asyncpg.InterfaceError("another operation is in progress")]
    assert [faults.is_unavailable(e) for e in unavailable] == [True] * len(unavailable)
    assert [faults.is_unavailable(e) for e in available] == [False] * len(available)
