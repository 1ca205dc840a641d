"""Fixtures for fuzzing the GraphQL API over real HTTP.

``fuzz_server`` runs the real server (uvicorn, ``liaison.app:app_factory``) as a subprocess on
a free port against this session's test database: the app's database pool then lives on the
server's own event loop, and schemathesis's synchronous client talks to it like any client.
The server's output (tracebacks of unexpected errors, with the request id) goes to a log file
that failing cases quote.

``fuzz_world`` builds a city with two counties (tests/builders.py), a roster with pairings,
contacts, notifications, a decision and filings, hands out long-lived tokens for county A's
office and member accounts (re-issued when a case revokes them), and gives tests/fuzz/inputs.py
the ids of everything by kind, so that generated inputs name real rows (otherwise nearly
every id would be unknown and only the not-found paths would run).
"""

import asyncio
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.accounts import tokens
from liaison.db import urls
from liaison.models import (
    Account,
    ActivityGroup,
    AnnualFiling,
    Committee,
    Constituent,
    Contact,
    MajorDecision,
    Member,
    Notification,
    Pairing,
    RoleAssignment,
    Sector,
    Term,
)
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests import liveserver
from tests.builders import PASSWORD, World, build_roster, build_world, make_contact, token_for
from tests.fuzz import inputs

ROOT = Path(__file__).resolve().parents[2]
BEIJING = timezone(timedelta(hours=8))
TOKEN_TTL = 24 * 3600  # a long `make fuzz` run must not outlive its tokens


@dataclass
class FuzzServer:
    url: str            # the GraphQL endpoint
    log_path: Path
    process: subprocess.Popen

    def log_for(self, request_id: str, limit: int = 80) -> str:
        """The server's log from the line naming ``request_id``: the message and its traceback."""
        lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        for i, line in enumerate(lines):
            if request_id in line:
                block = [line]
                for later in lines[i + 1:i + limit]:
                    if later.startswith(("INFO:", "WARNING:", "ERROR:")):
                        break
                    block.append(later)
                return "\n".join(block)
        return "(nothing in the server log for this request)"


@pytest.fixture(scope="session")
def fuzz_server(settings, app_url, tmp_path_factory) -> FuzzServer:
    """The real server on a free port, against the migrated test database."""
    log_path = tmp_path_factory.mktemp("fuzz-server") / "server.log"
    try:
        server = liveserver.start(settings, app_url, log_path)
    except RuntimeError as exc:
        pytest.fail(f"the fuzz server did not start: {exc}")
    yield FuzzServer(url=f"{server.base}/graphql", log_path=log_path, process=server.process)
    liveserver.stop(server.process)


class Tokens:
    """Long-lived tokens for the fuzzing accounts, re-issued when the server has revoked them
    (``logout``, ``changePassword``, a lockout by failed logins and role changes raise the
    account's ``token_version``: fuzzing does all of these)."""

    def __init__(self, owner_url, secret: str, accounts: dict[str, Account]) -> None:
        self.owner_url = owner_url
        self.secret = secret
        self.accounts = accounts
        self.current = {role: self._issue(account, 0) for role, account in accounts.items()}

    def _issue(self, account: Account, version: int) -> str:
        token, _ = tokens.issue(tokens.TokenClaims(account.id, account.tenant_id, version),
                                self.secret, TOKEN_TTL)
        return token

    def __getitem__(self, role: str) -> str:
        return self.current[role]

    def refresh(self, role: str) -> str:
        account = self.accounts[role]

        async def read() -> int:
            conn = await asyncpg.connect(**urls.asyncpg_dsn(self.owner_url))
            try:
                await conn.execute("SELECT set_config('app.tenant_id', $1, false),"
                                   " set_config('app.readable_tenants', $1, false)",
                                   str(account.tenant_id))
                return await conn.fetchval(
                    "SELECT token_version FROM account WHERE tenant_id = $1 AND id = $2",
                    account.tenant_id, account.id)
            finally:
                await conn.close()

        # The test is synchronous and pytest-asyncio owns this thread's loop: read elsewhere.
        with ThreadPoolExecutor(1) as pool:
            version = pool.submit(asyncio.run, read()).result()
        self.current[role] = self._issue(account, version)
        return self.current[role]


@dataclass
class FuzzWorld:
    world: World
    tokens: Tokens
    pools: dict[str, list[str]]


async def _post(client: httpx.AsyncClient, token: str, query: str, variables: dict) -> dict:
    response = await client.post("", json={"query": query, "variables": variables},
                                 headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def _seed_through_api(server: FuzzServer, roster, tokens: Tokens) -> None:
    """A decision per county and the member's plan and report, made the way clients make them."""
    w = roster.world
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        for county in (w.county_a, w.county_b):
            await _post(client, token_for(w.account(county, Role.office), ttl=600),
                        """mutation($t: String!) { createMajorDecision(input: {title: $t,
                        decidedOn: "2025-04-01"}) { __typename } }""", {"t": "乡村振兴实施方案"})
        member_id = str(roster.members["张伟"].id)
        for kind in ("PLAN", "REPORT"):
            data = await _post(client, tokens["member"],
                               """mutation($m: ID!, $k: FilingKind!) { startFiling(input:
                               {memberId: $m, kind: $k, year: 2025}) { __typename
                               ... on Filing { id } } }""", {"m": member_id, "k": kind})
            if kind == "PLAN":
                await _post(client, tokens["member"],
                            """mutation($id: ID!) { editFiling(input: {id: $id, body: "全年计划"})
                            { __typename } }""", {"id": data["startFiling"]["id"]})
                await _post(client, tokens["member"],
                            "mutation($id: ID!) { submitFiling(id: $id) { __typename } }",
                            {"id": data["startFiling"]["id"]})


KINDS = {"account": Account, "role": RoleAssignment, "term": Term, "sector": Sector,
         "committee": Committee, "group": ActivityGroup, "member": Member,
         "constituent": Constituent, "pairing": Pairing, "contact": Contact,
         "decision": MajorDecision, "filing": AnnualFiling, "notification": Notification}


async def _collect_ids(session: AsyncSession, world: World,
                       keep: tuple[Account, ...]) -> dict[str, list[str]]:
    """Every id of the three tenants by kind, county A (the fuzzing accounts') first.

    Left out: the fuzzing accounts' own role assignments. ``revokeRole`` on them would leave
    the office without its role (or the member without theirs) for the rest of the run and
    every later case would only exercise ``ForbiddenError``; other accounts' roles are in."""
    pools: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for tenant in (world.county_a, world.county_b, world.city):
        await apply_scope(session, TenantScope.only(tenant.id))
        for kind, model in KINDS.items():
            query = select(model.id).where(model.tenant_id == tenant.id).order_by(model.id)
            if model is RoleAssignment:
                query = query.where(RoleAssignment.account_id.not_in([a.id for a in keep]))
            pools[kind] += [str(i) for i in await session.scalars(query)]
    await session.commit()
    pools["unit"] = pools["sector"] + pools["committee"] + pools["group"]
    pools["any"] = [str(t.id) for t in (world.county_a, world.county_b, world.city)]
    pools["any"] += [i for kind in KINDS for i in pools[kind]]
    pools["code"] = [world.county_a.code, world.county_b.code, world.city.code, "hezhou",
                     world.county_a.code.upper() + " "]
    pools["username"] = [role.value for role in ACCOUNT_ROLES] + [" office ", "OFFICE"]
    pools["password"] = [PASSWORD, "Demo@2026", PASSWORD + "x"]
    return pools


STRINGS = ["张伟", "陈群众", "中共", "工会", "13812345678", "0774-5123911", "2025-01-01",
           "2025-13-45", " ", "", "x" * 201, "长" * 5001, "\u0000", "'; DROP TABLE member; --"]


@pytest.fixture(scope="session")
async def fuzz_world(settings, owner_engine, owner_url, fuzz_server) -> FuzzWorld:
    async with AsyncSession(owner_engine, expire_on_commit=False) as session:
        world = await build_world(session)
        roster = await build_roster(session, world)
        p = roster.pairings
        await make_contact(session, p["陈群众"], datetime(2025, 2, 1, 10, tzinfo=BEIJING),
                           opinions="建议修缮村道", service_kinds=("policy_consultation",))
        await make_contact(session, p["刘群众"], datetime(2025, 5, 1, 10, tzinfo=BEIJING),
                           method="phone")
        await make_contact(session, p["周群众"], datetime(2025, 5, 1, 10, tzinfo=BEIJING))
        for member in (roster.members["张伟"], roster.members["赵强"]):
            await apply_scope(session, TenantScope.only(member.tenant_id))
            for kind in ("quarter", "plan"):
                session.add(Notification(
                    tenant_id=member.tenant_id, id=uuid.uuid4(), member_id=member.id,
                    key=f"{kind}:2025:{member.id}", kind=kind, title=f"{kind}提醒",
                    body="请按时完成"))
            await session.commit()
        accounts = {role.value: world.account(world.county_a, role)
                    for role in (Role.office, Role.member)}
        keeper = Tokens(owner_url, settings.jwt_secret, accounts)
        await _seed_through_api(fuzz_server, roster, keeper)
        pools = await _collect_ids(session, world, tuple(accounts.values()))
    inputs.POOLS.clear()
    inputs.POOLS.update(pools)
    inputs.register_scalars(pools["any"], pools["code"] + pools["username"] + STRINGS)
    return FuzzWorld(world=world, tokens=keeper, pools=pools)
