"""Statements run straight on asyncpg (db/raw.py) stay inside the request's transaction and
its row-level security scope: another tenant's rows are not there even when asked for by id,
and with no transaction open yet the statement goes through the session (which opens one).
A database error is SQLAlchemy's exception for it, as the session would raise."""

import uuid

import pytest
from sqlalchemy import Integer, String, Uuid, bindparam, cast, func, insert, select, text
from sqlalchemy.exc import DataError, IntegrityError

from liaison.db import faults, raw
from liaison.members.rows import ACTIVE_PAIRINGS
from liaison.models import Sector
from liaison.tenancy import scope
from liaison.tenancy.scope import TenantScope, apply_scope


async def test_another_tenants_rows_are_not_there(database, roster):
    a, b = roster.world.county_a, roster.world.county_b
    zhao = roster.members["赵强"]  # county B, two pairings
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(b.id))
        seen = await raw.fetch(session, ACTIVE_PAIRINGS,
                               {"tenant_id": b.id, "member_ids": [zhao.id]})
        assert sorted(r["name"] for r in seen) == ["吴群众", "周群众"]
        await session.rollback()
        await apply_scope(session, TenantScope.only(a.id))
        seen = await raw.fetch(session, ACTIVE_PAIRINGS,
                               {"tenant_id": b.id, "member_ids": [zhao.id]})
        assert list(seen) == []
        await session.rollback()


async def test_a_first_statement_begins_the_sessions_transaction(database, roster):
    """Run before anything else, a raw statement begins the transaction the session then
    goes on in (its scope, its rollback); it never runs outside one."""
    b = roster.world.county_b
    zhao = roster.members["赵强"]
    observed = []
    taken = {"tenant_id": b.id, "id": uuid.uuid4(), "name": "新界别", "sort": 9,
             "invited": False}

    def observe(sql, _args):
        observed.append(sql)

    raw.observers.append(observe)
    try:
        async with database.sessions() as session:
            # No scope set yet: row-level security shows nothing.
            seen = await raw.fetch(session, ACTIVE_PAIRINGS,
                                   {"tenant_id": b.id, "member_ids": [zhao.id]})
            assert list(seen) == [] and len(observed) == 1
            connection = await (await session.connection()).get_raw_connection()
            assert connection.driver_connection.is_in_transaction()
            await apply_scope(session, TenantScope.only(b.id))  # the same transaction
            seen = await raw.fetch(session, ACTIVE_PAIRINGS,
                                   {"tenant_id": b.id, "member_ids": [zhao.id]})
            assert sorted(r["name"] for r in seen) == ["吴群众", "周群众"]
            await session.rollback()
            assert not session.in_transaction()
        async with database.sessions() as session:  # a scope, a row: then rolled back
            await raw.fetch(session, scope._SET, {"active": str(b.id), "readable": str(b.id)})
            await raw.fetch(session, SECTOR, taken)
            await session.rollback()
        async with database.sessions() as session:
            await apply_scope(session, TenantScope.only(b.id))
            assert await session.get(Sector, (b.id, taken["id"])) is None
    finally:
        raw.observers.remove(observe)


BAD_VALUE = select(cast(bindparam("text", type_=String), Integer))
SECTOR = insert(Sector.__table__).values(
    tenant_id=bindparam("tenant_id", type_=Uuid), id=bindparam("id", type_=Uuid),
    name=bindparam("name", type_=String), sort_order=bindparam("sort", type_=Integer),
    invited=bindparam("invited")).returning(Sector.__table__.c.id)


async def test_database_errors_are_raised_as_the_session_raises_them(database, roster):
    a = roster.world.county_a
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        with pytest.raises(DataError) as bad:
            await raw.fetch(session, BAD_VALUE, {"text": "x"})
        assert bad.value.orig.sqlstate == "22P02"
        await session.rollback()
        await apply_scope(session, TenantScope.only(a.id))
        taken = {"tenant_id": a.id, "id": uuid.uuid4(), "name": "工会", "sort": 1, "invited": False}
        with pytest.raises(IntegrityError) as twice:
            await raw.fetch(session, SECTOR, taken)
        assert twice.value.orig.sqlstate == "23505"
        await session.rollback()


async def test_a_lost_connection_is_never_handed_out_again(database, owner, roster):
    """A connection that died under a raw statement is invalidated, as SQLAlchemy does for
    its own statements: the next session gets a live one."""
    b = roster.world.county_b
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(b.id))
        pid = (await raw.fetch(session, PID, {}))[0][0]
        await owner.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(Exception) as lost:
            await raw.fetch(session, PID, {})
        assert faults.is_unavailable(lost.value), repr(lost.value)
        await session.rollback()
    for _ in range(3):  # the pool is small: a dead connection would come back
        async with database.sessions() as session:
            assert (await raw.fetch(session, PID, {}))[0][0] != pid
            await session.rollback()


PID = select(func.pg_backend_pid())
