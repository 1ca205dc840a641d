"""Small async builders for test data. Tenants get unique codes so tests never collide."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.accounts import passwords, tokens
from liaison.models import Account, RoleAssignment, Sector, Tenant
from liaison.models.account import Role
from liaison.tenancy import manifest
from liaison.tenancy.scope import TenantScope, apply_scope

PASSWORD = "Test@2026pw"
JWT_SECRET = "test-secret-0123456789-0123456789-abcdef"


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
                      is_active=True, failed_logins=0)
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


def token_for(account: Account, *, ttl: int = 1800, now: datetime | None = None) -> str:
    token, _ = tokens.issue(tokens.TokenClaims(account.id, account.tenant_id), JWT_SECRET, ttl,
                            now=now)
    return token


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
        for role in Role:
            world.accounts[(tenant.code, role)] = await make_account(
                session, tenant, role.value, (role,))
    return world


async def gql(client: httpx.AsyncClient, query: str, variables: dict | None = None, *,
              token: str | None = None, headers: dict | None = None) -> dict:
    """POST a GraphQL operation; returns the decoded JSON body (asserts HTTP 200)."""
    all_headers = dict(headers or {})
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=all_headers)
    assert response.status_code == 200, response.text
    return response.json()
