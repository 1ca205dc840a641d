"""Row-level security as the application role: no setting, no rows; one tenant, its rows."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from liaison.audit import service as audit
from liaison.audit.service import Origin
from liaison.models import Account, Sector
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import first_sector, make_account


@pytest.fixture
async def app_engine(app_url):
    engine = create_async_engine(app_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


async def test_without_a_scope_the_app_role_sees_no_rows(app_engine, world):
    async with AsyncSession(app_engine) as session:
        assert (await session.scalars(select(Account))).all() == []
        assert (await session.scalars(select(Sector))).all() == []


async def test_a_scope_shows_its_tenant_only(app_engine, world):
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope.only(world.county_a.id))
        tenants = set((await session.scalars(select(Account.tenant_id))).all())
        names = sorted((await session.scalars(
            select(Sector.name).where(Sector.tenant_id.in_(
                [world.city.id, world.county_a.id, world.county_b.id])))).all())
    assert tenants == {world.county_a.id}
    assert names == ["中共", "工会"]


async def test_a_pooled_connection_never_carries_the_previous_tenant(app_engine, world):
    # pool_size=1: both transactions run on the same physical connection.
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope.only(world.county_a.id))
        first_pid = await session.scalar(text("SELECT pg_backend_pid()"))
        assert len((await session.scalars(select(Account))).all()) == 7
        await session.commit()
    async with AsyncSession(app_engine) as session:
        second_pid = await session.scalar(text("SELECT pg_backend_pid()"))
        setting = await session.scalar(text("SELECT current_setting('app.tenant_id', true)"))
        rows = (await session.scalars(select(Account))).all()
    assert second_pid == first_pid
    assert setting in ("", None)
    assert rows == []


async def test_a_readable_tenant_is_not_writable(app_engine, owner, world):
    sector_id = await first_sector(owner, world.county_a)
    async with AsyncSession(app_engine) as session:
        # The city office reads county A, but its active (writable) tenant is the city.
        await apply_scope(session, TenantScope(active=world.city.id,
                                               readable=(world.city.id, world.county_a.id)))
        assert await session.get(Sector, (world.county_a.id, sector_id)) is not None
        result = await session.execute(text(
            "UPDATE sector SET name = 'changed' WHERE tenant_id = :t"
        ).bindparams(t=world.county_a.id))
        assert result.rowcount == 0
        await session.commit()
    await apply_scope(owner, TenantScope.only(world.county_a.id))
    assert (await owner.get(Sector, (world.county_a.id, sector_id))).name == "中共"


@pytest.mark.parametrize("table", ["account", "role_assignment", "audit_log"])
async def test_secrets_and_audit_are_never_read_across_tenants(app_engine, owner, world, table):
    """Even with county A in the readable set, the city's transaction reads none of county A's
    accounts (password hashes), role assignments or audit rows: own tenant only."""
    await apply_scope(owner, TenantScope.only(world.county_a.id))
    await audit.record(owner, tenant_id=world.county_a.id, action="probe", origin=Origin())
    await owner.commit()
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope(active=world.city.id,
                                               readable=(world.city.id, world.county_a.id)))
        county = await session.scalar(text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t")
                                      .bindparams(t=world.county_a.id))
        own = await session.scalar(text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t")
                                   .bindparams(t=world.city.id))
        await apply_scope(session, TenantScope.only(world.county_a.id))
        as_county = await session.scalar(text(
            f"SELECT count(*) FROM {table} WHERE tenant_id = :t").bindparams(t=world.county_a.id))
    assert county == 0
    assert as_county > 0
    assert own > 0 or table == "audit_log"


async def test_inserting_into_another_tenant_is_refused(app_engine, world):
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope.only(world.county_a.id))
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(text(
                "INSERT INTO audit_log (tenant_id, action) VALUES (:t, 'x')"
            ).bindparams(t=world.county_b.id))


async def test_app_role_cannot_change_or_delete_audit_rows(app_engine, owner, world):
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope.only(world.county_a.id))
        await session.execute(text(
            "INSERT INTO audit_log (tenant_id, action) VALUES (:t, 'test')"
        ).bindparams(t=world.county_a.id))
        await session.commit()
    for statement in ("UPDATE audit_log SET action = 'forged' WHERE tenant_id = :t",
                      "DELETE FROM audit_log WHERE tenant_id = :t"):
        async with AsyncSession(app_engine) as session:
            await apply_scope(session, TenantScope.only(world.county_a.id))
            with pytest.raises(DBAPIError, match="permission denied"):
                await session.execute(text(statement).bindparams(t=world.county_a.id))


async def test_unique_keys_are_per_tenant(owner, world):
    # The same username in two tenants is fine: tenant_id leads the unique key.
    one = await make_account(owner, world.county_a, "same-name")
    two = await make_account(owner, world.county_b, "same-name")
    assert (one.tenant_id, two.tenant_id) == (world.county_a.id, world.county_b.id)


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


async def test_the_read_policy_filters_rows_but_never_drives_an_index(app_engine, owner,
                                                                      world):
    """With several readable tenants the policy must stay a filter: as an index condition
    (an array of unknown length) it made PostgreSQL pick wrong indexes and descend them once
    per readable tenant; roll-ups at national scale were 20x slower (docs/benchmarks.md)."""
    sector_id = await first_sector(owner, world.county_a)
    async with AsyncSession(app_engine) as session:
        await apply_scope(session, TenantScope(
            active=world.city.id, readable=(world.city.id, world.county_a.id)))
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = await session.scalar(text(
            "EXPLAIN (FORMAT JSON) SELECT id FROM sector WHERE tenant_id = :t AND id = :i"),
            {"t": world.county_a.id, "i": sector_id})
        nodes = list(_nodes(plan[0]["Plan"]))
        rows = (await session.scalars(select(Sector.tenant_id).where(
            Sector.tenant_id.in_([world.county_a.id, world.county_b.id])))).all()
    scans = [n for n in nodes if "Index Cond" in n]
    assert scans and all("readable" not in n["Index Cond"] for n in scans)
    assert any("readable" in n.get("Filter", "") or "$" in n.get("Filter", "") for n in scans)
    assert set(rows) == {world.county_a.id}
