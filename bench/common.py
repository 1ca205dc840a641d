"""Shared pieces of the benchmarks: databases, a served API, tokens, a bounded load generator.

Everything talks to 127.0.0.1 only, with fixed request counts.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx

from liaison.accounts import passwords, tokens
from liaison.db import urls
from liaison.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-0123456789-0123456789-0123456789"
SETTINGS = load_settings({**os.environ, "LIAISON_JWT_SECRET": SECRET})


def owner_dsn(database: str) -> dict:
    return urls.asyncpg_dsn(urls.owner_url(SETTINGS, database))


def app_dsn(database: str) -> dict:
    return urls.asyncpg_dsn(urls.app_url(SETTINGS, urls.owner_url(SETTINGS, database)))


async def database_exists(database: str) -> bool:
    conn = await asyncpg.connect(**owner_dsn("postgres"))
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1",
                                        database))
    finally:
        await conn.close()


def ensure_synthetic(preset: str, database: str, years: int | None = None) -> None:
    """Build the preset's database unless it is there already (it takes minutes)."""
    if asyncio.run(database_exists(database)):
        return
    command = [sys.executable, "-m", "liaison.cli", "seed-synthetic", "--preset", preset,
               "--database", database]
    if years:
        command += ["--years", str(years)]
    subprocess.run(command, check=True, cwd=ROOT)


@dataclass
class Office:
    tenant_id: uuid.UUID
    tenant_code: str
    account_id: uuid.UUID
    token: str


async def office_of(database: str, tenant_code: str) -> Office:
    """An office account in the tenant (made once), and a fresh token for it."""
    conn = await asyncpg.connect(**owner_dsn(database))
    try:
        tenant_id = await conn.fetchval("SELECT id FROM tenant WHERE code = $1", tenant_code)
        account_id = await conn.fetchval(
            "SELECT id FROM account WHERE tenant_id = $1 AND username = 'bench-office'",
            tenant_id)
        if account_id is None:
            account_id = uuid.uuid4()
            await conn.execute(
                "INSERT INTO account (tenant_id, id, username, display_name, password_hash,"
                " is_active) VALUES ($1, $2, 'bench-office', '基准测试',"
                " $3, true)", tenant_id, account_id, passwords.hash_password("Bench@2026"))
            await conn.execute(
                "INSERT INTO role_assignment (tenant_id, id, account_id, role, granted_at)"
                " VALUES ($1, $2, $3, 'office', now())", tenant_id, uuid.uuid4(), account_id)
    finally:
        await conn.close()
    token, _ = tokens.issue(tokens.TokenClaims(account_id, tenant_id), SECRET, 3600,
                            now=datetime.now(UTC))
    return Office(tenant_id, tenant_code, account_id, token)


class Server:
    """``liaison serve`` as production runs it (LIAISON_ENV=production), with ``workers``
    uvicorn worker processes (one unless told)."""

    def __init__(self, database: str, port: int = 8765, workers: int = 1) -> None:
        self.port = port
        # Production refuses the development app-role password by name; the embedded server
        # trusts local sockets, so the bench names the app role's URL outright instead.
        app_url = urls.app_url(SETTINGS, urls.owner_url(SETTINGS, database))
        env = {**os.environ, "LIAISON_ENV": "production", "LIAISON_JWT_SECRET": SECRET,
               "LIAISON_DB_NAME": database, "PORT": str(port),
               "APP_DATABASE_URL": app_url.render_as_string(hide_password=False)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "liaison.cli", "serve", "--host", "127.0.0.1",
             "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the API did not become ready")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _pids(self) -> list[int]:
        kids = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [self.process.pid, *map(int, kids.read_text().split() if kids.exists() else ())]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server's processes so far (steadier than req/s)."""
        stats = [Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
                 for p in self._pids()]
        return sum(int(f[11]) + int(f[12]) for f in stats) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """VmHWM: the peak resident set size so far of the (largest) worker process."""
        peaks = []
        for pid in self._pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=float("nan"))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self, name: str) -> str:
        return (f"{name:<34} {self.rps:>8.0f} req/s   p50 {self.pct(0.5):6.1f} ms   "
                f"p99 {self.pct(0.99):6.1f} ms   ({self.requests} requests)")


async def load(make_request, *, concurrency: int = 16, total: int = 2000,
               warmup: int = 100) -> Result:
    """Run ``make_request(i)`` (an awaitable) ``total`` times from ``concurrency`` tasks."""
    for i in range(warmup):
        await make_request(i)
    latencies: list[float] = []
    counter = iter(range(total))

    async def worker():
        for i in counter:
            started = time.perf_counter()
            await make_request(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(total, time.perf_counter() - started, latencies)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run_reference(job: dict) -> Result:
    """Run bench.reference in a separate process and read its result."""
    import json
    import pickle
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        pickle.dump(job, f)
    out = subprocess.run([sys.executable, "-m", "bench.reference", f.name], cwd=ROOT,
                         check=True, capture_output=True, text=True)
    data = json.loads(out.stdout)
    return Result(data["requests"], data["seconds"], data["latencies"])


async def capture_sql(database: str, query: str, variables: dict, token: str
                      ) -> list[tuple[str, tuple]]:
    """The statements one GraphQL request issues, with their parameters, in order."""
    from sqlalchemy import event

    from liaison.app import create_app
    from liaison.db import raw
    from liaison.db.engine import Database

    settings = load_settings({**os.environ, "LIAISON_JWT_SECRET": SECRET,
                              "LIAISON_ENV": "production"})
    db = Database(urls.app_url(settings, urls.owner_url(settings, database)), pool_size=2)
    captured: list[tuple[str, tuple]] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            captured.append((statement, tuple(parameters or ())))

    def listen_raw(statement, arguments):  # statements run straight on asyncpg (db/raw.py)
        captured.append((statement, arguments))

    app = create_app(settings, db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://bench") as client:
        await client.post("/graphql", json={"query": query, "variables": variables},
                          headers={"authorization": f"Bearer {token}"})  # warm caches
        event.listen(db.engine.sync_engine, "before_cursor_execute", listen)
        raw.observers.append(listen_raw)
        response = await client.post("/graphql", json={"query": query, "variables": variables},
                                     headers={"authorization": f"Bearer {token}"})
        event.remove(db.engine.sync_engine, "before_cursor_execute", listen)
        raw.observers.remove(listen_raw)
    await db.dispose()
    assert "errors" not in response.json(), response.text
    return captured


class LeanClient:
    """A keep-alive HTTP/1.1 client for the load generator: one connection per concurrent
    worker, requests written as prebuilt bytes, responses read by Content-Length. httpx costs
    about 1 ms of CPU a request, on the two cores the server and PostgreSQL use too
    (docs/benchmarks.md); this costs a fraction of that, so the figures are the server's."""

    def __init__(self, url: str, connections: int) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.idle: asyncio.Queue = asyncio.Queue()
        self.size = connections
        self.opened = 0

    async def _connection(self):
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            return await asyncio.open_connection(self.host, self.port)
        return await self.idle.get()

    async def post_json(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        head = [f"POST {path} HTTP/1.1", f"host: {self.host}:{self.port}",
                "content-type: application/json", f"content-length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        request = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        reader, writer = await self._connection()
        writer.write(request)
        status_line = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        payload = await reader.readexactly(length)
        self.idle.put_nowait((reader, writer))
        return int(status_line.split()[1]), payload

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()


def drive(url: str, body_of, headers: dict[str, str], check, *, concurrency: int,
          total: int, lean: bool = True) -> Result:
    """POST ``body_of(i)`` to /graphql ``total`` times from ``concurrency`` clients, each answer
    passed to ``check(status, payload)``: with the lean client, or with httpx."""
    async def run():
        if lean:
            client = LeanClient(url, concurrency)

            async def request(i):
                check(*await client.post_json("/graphql", body_of(i), headers))
            try:
                return await load(request, concurrency=concurrency, total=total)
            finally:
                await client.close()
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(base_url=url, limits=limits) as client:
            async def request(i):
                response = await client.post("/graphql", content=body_of(i), headers={
                    **headers, "content-type": "application/json"})
                check(response.status_code, response.content)
            return await load(request, concurrency=concurrency, total=total)

    return asyncio.run(run())
