"""Small async builders for test data. Tenants get unique codes so tests never collide."""

import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.accounts import passwords, tokens
from liaison.models import (
    Account,
    Committee,
    Constituent,
    Contact,
    ContactConstituent,
    Member,
    Pairing,
    RoleAssignment,
    Sector,
    Tenant,
    Term,
)
from liaison.models.account import ACCOUNT_ROLES, Role
from liaison.tenancy import manifest
from liaison.tenancy.scope import TenantScope, apply_scope

PASSWORD = "Test@2026pw"
JWT_SECRET = "test-secret-0123456789-0123456789-abcdef"
BEIJING = timezone(timedelta(hours=8))


@cache
def password_hash() -> str:
    return passwords.hash_password(PASSWORD)


def unique_code(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


async def make_tenants(session: AsyncSession, *, counties: int = 2,
                       cities: int = 1) -> list[Tenant]:
    """Cities with their counties, through the real manifest code. Returns city, counties…"""
    lines = ['province = "zz"']
    codes = []
    for _ in range(cities):
        city = unique_code("c")
        codes.append(city)
        lines += ["[[tenant]]", f'code = "{city}"', f'name = "测试市政协{city}"',
                  'short_name = "测试市政协"', 'level = "city"',
                  'sectors = ["中共", "民革", "特别邀请人士"]', 'committees = ["提案委员会"]',
                  'activity_groups = ["第一活动组"]']
        for n in range(counties):
            code = f"{city}-{n}"
            codes.append(code)
            lines += ["[[tenant]]", f'code = "{code}"', f'parent = "{city}"',
                      f'name = "测试县政协{code}"', f'short_name = "测试{n}县政协"',
                      'level = "county"', 'sectors = ["中共", "工会"]',
                      'committees = ["综合委员会"]', 'activity_groups = ["第一活动组"]']
    parsed = manifest.parse("\n".join(lines), "test.toml")
    await manifest.apply(session, parsed)
    await session.commit()
    result = []
    for code in codes:
        result.append(await session.scalar(
            Tenant.__table__.select().where(Tenant.code == code).with_only_columns(Tenant.id)))
    return [await session.get(Tenant, i) for i in result]


async def make_account(session: AsyncSession, tenant: Tenant, username: str,
                       roles: tuple[Role, ...] = (), *, sector_id: uuid.UUID | None = None
                       ) -> Account:
    await apply_scope(session, TenantScope.only(tenant.id))
    account = Account(tenant_id=tenant.id, id=uuid.uuid4(), username=username,
                      display_name=f"{username}（测试）", password_hash=password_hash(),
                      is_active=True)
    session.add(account)
    await session.flush()
    for role in roles:
        session.add(RoleAssignment(
            tenant_id=tenant.id, id=uuid.uuid4(), account_id=account.id, role=role,
            sector_id=(sector_id or await first_sector(session, tenant))
            if role is Role.convenor else None,
            granted_at=datetime.now(UTC)))
    await session.commit()
    return account


async def first_sector(session: AsyncSession, tenant: Tenant) -> uuid.UUID:
    await apply_scope(session, TenantScope.only(tenant.id))
    return await session.scalar(
        Sector.__table__.select().where(Sector.tenant_id == tenant.id)
        .order_by(Sector.sort_order).with_only_columns(Sector.id))


async def first_committee(session: AsyncSession, tenant: Tenant) -> uuid.UUID:
    await apply_scope(session, TenantScope.only(tenant.id))
    return await session.scalar(select(Committee.id).where(Committee.tenant_id == tenant.id))


def token_for(account: Account, *, ttl: int = 1800, now: datetime | None = None) -> str:
    """A token as login would issue it (for the account's token version when built)."""
    token, _ = tokens.issue(tokens.TokenClaims(account.id, account.tenant_id,
                                               account.token_version or 0), JWT_SECRET, ttl,
                            now=now)
    return token


async def login_token(client: httpx.AsyncClient, tenant_code: str, username: str,
                      password: str = PASSWORD) -> str:
    """Log in through the API and return the token (asserts success)."""
    body = await gql(client, """mutation($t: String!, $u: String!, $p: String!) {
        login(input: {tenantCode: $t, username: $u, password: $p}) {
          __typename ... on LoginSuccess { token } } }""",
                     {"t": tenant_code, "u": username, "p": password})
    assert body["data"]["login"]["__typename"] == "LoginSuccess", body
    return body["data"]["login"]["token"]


@dataclass
class World:
    """City C with counties A and B; ``accounts[(tenant_code, role)]`` one account per role."""

    city: Tenant
    county_a: Tenant
    county_b: Tenant
    accounts: dict[tuple[str, Role], Account] = field(default_factory=dict)

    def account(self, tenant: Tenant, role: Role) -> Account:
        return self.accounts[(tenant.code, role)]

    def token(self, tenant: Tenant, role: Role) -> str:
        return token_for(self.account(tenant, role))


async def build_world(session: AsyncSession) -> World:
    city, a, b = await make_tenants(session, counties=2)
    world = World(city=city, county_a=a, county_b=b)
    for tenant in (city, a, b):
        for role in ACCOUNT_ROLES:
            world.accounts[(tenant.code, role)] = await make_account(
                session, tenant, role.value, (role,))
    return world


def bearer(token: str) -> dict:
    return {"authorization": f"Bearer {token}"}


def auth(world: "World", tenant: Tenant, role: Role = Role.office) -> dict:
    """Headers for the file routes: the token of ``world``'s account for ``role`` there."""
    return bearer(world.token(tenant, role))


async def gql(client: httpx.AsyncClient, query: str, variables: dict | None = None, *,
              token: str | None = None, headers: dict | None = None) -> dict:
    """POST a GraphQL operation; returns the decoded JSON body (asserts HTTP 200)."""
    all_headers = dict(headers or {})
    if token:
        all_headers.update(bearer(token))
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=all_headers)
    assert response.status_code == 200, response.text
    return response.json()


# -- members ------------------------------------------------------------------------------

async def sector_named(session: AsyncSession, tenant: Tenant, name: str) -> uuid.UUID:
    await apply_scope(session, TenantScope.only(tenant.id))
    return await session.scalar(
        Sector.__table__.select().where(Sector.tenant_id == tenant.id, Sector.name == name)
        .with_only_columns(Sector.id))


async def make_term(session: AsyncSession, tenant: Tenant, name: str = "第五届",
                    current: bool = True):
    await apply_scope(session, TenantScope.only(tenant.id))
    term = Term(tenant_id=tenant.id, id=uuid.uuid4(), name=name, starts_on=date(2022, 1, 1),
                ends_on=date(2027, 1, 1), is_current=current)
    session.add(term)
    await session.commit()
    return term


async def make_member(session: AsyncSession, tenant: Tenant, term, name: str, *,
                      sector: str = "中共", phone: str | None = "13812345678", **extra):
    sector_id = await sector_named(session, tenant, sector)
    await apply_scope(session, TenantScope.only(tenant.id))
    member = Member(tenant_id=tenant.id, id=uuid.uuid4(), term_id=term.id, name=name,
                    sector_id=sector_id, phone=phone, is_leading_cadre=False,
                    status="serving", **extra)
    session.add(member)
    await session.commit()
    return member


async def make_pairing(session: AsyncSession, member, name: str, *,
                       phone: str | None = "13900001111", started_on=None, sector_id=None):
    await apply_scope(session, TenantScope.only(member.tenant_id))
    constituent = Constituent(tenant_id=member.tenant_id, id=uuid.uuid4(), name=name,
                              phone=phone, sector_id=sector_id or member.sector_id,
                              category="grassroots", party="群众", work_unit="贺州市某单位",
                              post="职员")
    session.add(constituent)
    await session.flush()
    pairing = Pairing(tenant_id=member.tenant_id, id=uuid.uuid4(), member_id=member.id,
                      constituent_id=constituent.id, term_id=member.term_id,
                      started_on=started_on or date(2024, 1, 1))
    session.add(pairing)
    await session.commit()
    return pairing


async def set_email(session: AsyncSession, account: Account, mail: str) -> None:
    await apply_scope(session, TenantScope.only(account.tenant_id))
    row = await session.get(Account, (account.tenant_id, account.id))
    row.email = mail
    await session.commit()


async def link_account(session: AsyncSession, account: Account, member) -> None:
    await apply_scope(session, TenantScope.only(account.tenant_id))
    account.member_id = member.id
    session.add(account)
    await session.commit()


@dataclass
class Roster:
    """County A and county B each with a current term, three members and pairings:
    A: 张伟 (中共, 2 pairings, the member account is his), 李娜 (工会, 1 pairing),
       王芳 (中共, 0 pairings); B: 赵强 (中共, 2 pairings)."""

    world: World
    terms: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    pairings: dict = field(default_factory=dict)


async def build_roster(session: AsyncSession, world: World) -> Roster:
    roster = Roster(world=world)
    for tenant in (world.county_a, world.county_b):
        roster.terms[tenant.code] = await make_term(session, tenant)
    a, b = world.county_a, world.county_b
    term_a, term_b = roster.terms[a.code], roster.terms[b.code]
    roster.members["张伟"] = await make_member(session, a, term_a, "张伟", phone="13812345678")
    roster.members["李娜"] = await make_member(session, a, term_a, "李娜", sector="工会",
                                             phone="13700001234")
    roster.members["王芳"] = await make_member(session, a, term_a, "王芳", phone=None)
    roster.members["赵强"] = await make_member(session, b, term_b, "赵强", phone="13611112222")
    for member, names in (("张伟", ["陈群众", "刘群众"]), ("李娜", ["黄群众"]),
                          ("赵强", ["周群众", "吴群众"])):
        for n in names:
            roster.pairings[n] = await make_pairing(session, roster.members[member], n)
    await link_account(session, world.account(a, Role.member), roster.members["张伟"])
    return roster


async def make_contact(session: AsyncSession, pairing, occurred_at, *, method: str = "visit",
                       opinions: str | None = None, decision_id=None,
                       service_kinds: tuple[str, ...] = ()):
    """A contact with one paired constituent; ``occurred_at`` aware, in any zone."""
    await apply_scope(session, TenantScope.only(pairing.tenant_id))
    occurred_on = occurred_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    contact = Contact(tenant_id=pairing.tenant_id, id=uuid.uuid4(), member_id=pairing.member_id,
                      occurred_at=occurred_at, occurred_on=occurred_on, method=method,
                      service_kinds=list(service_kinds), opinions=opinions,
                      decision_id=decision_id, entered_by_office=False, content="走访了解情况")
    session.add(contact)
    await session.flush()
    session.add(ContactConstituent(tenant_id=pairing.tenant_id, contact_id=contact.id,
                                   constituent_id=pairing.constituent_id,
                                   member_id=pairing.member_id, occurred_on=occurred_on))
    await session.commit()
    return contact


async def add_contacts_2025(session: AsyncSession, roster: Roster) -> Roster:
    """Four contacts of county A's 张伟 and one opinion: three in 2025, one in 2024."""
    p = roster.pairings
    await make_contact(session, p["陈群众"], datetime(2025, 2, 1, 10, tzinfo=BEIJING),
                       opinions="建议修缮村道", service_kinds=("policy_consultation",))
    await make_contact(session, p["刘群众"], datetime(2025, 5, 1, 10, tzinfo=BEIJING),
                       method="phone")
    await make_contact(session, p["陈群众"], datetime(2025, 9, 1, 10, tzinfo=BEIJING))
    await make_contact(session, p["陈群众"], datetime(2024, 9, 1, 10, tzinfo=BEIJING))
    return roster


def free_port() -> int:
    """A local TCP port nothing listens on (just now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
