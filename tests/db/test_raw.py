"""Statements run straight on asyncpg (db/raw.py) stay inside the request's transaction and
its row-level security scope: another tenant's rows are not there even when asked for by id,
and with no transaction open yet the statement goes through the session (which opens one).
A database error is SQLAlchemy's exception for it, as the session would raise."""

import uuid

import pytest
from sqlalchemy import Integer, String, Uuid, bindparam, cast, insert, select
from sqlalchemy.exc import DataError, IntegrityError

from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.db import raw
from liaison.members.rows import ACTIVE_PAIRINGS
from liaison.models import Sector
from liaison.tenancy.scope import TenantScope, apply_scope


def context(session) -> ServiceContext:
    return ServiceContext(session=session, principal=None, origin=Origin(None, "test"))


async def test_another_tenants_rows_are_not_there(database, roster):
    a, b = roster.world.county_a, roster.world.county_b
    zhao = roster.members["赵强"]  # county B, two pairings
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(b.id))
        seen = await raw.fetch(context(session), ACTIVE_PAIRINGS,
                               {"tenant_id": b.id, "member_ids": [zhao.id]})
        assert sorted(r["name"] for r in seen) == ["吴群众", "周群众"]
        await session.rollback()
        await apply_scope(session, TenantScope.only(a.id))
        seen = await raw.fetch(context(session), ACTIVE_PAIRINGS,
                               {"tenant_id": b.id, "member_ids": [zhao.id]})
        assert list(seen) == []
        await session.rollback()


async def test_without_a_transaction_it_goes_through_the_session(database, roster):
    b = roster.world.county_b
    zhao = roster.members["赵强"]
    observed = []

    def observe(sql, _args):
        observed.append(sql)

    raw.observers.append(observe)
    try:
        async with database.sessions() as session:
            # No scope set: the session opens the transaction, RLS shows nothing.
            seen = await raw.fetch(context(session), ACTIVE_PAIRINGS,
                                   {"tenant_id": b.id, "member_ids": [zhao.id]})
            assert list(seen) == [] and observed == []
            assert session.in_transaction()
            await session.rollback()
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
            await raw.fetch(context(session), BAD_VALUE, {"text": "x"})
        assert bad.value.orig.sqlstate == "22P02"
        await session.rollback()
        await apply_scope(session, TenantScope.only(a.id))
        taken = {"tenant_id": a.id, "id": uuid.uuid4(), "name": "工会", "sort": 1, "invited": False}
        with pytest.raises(IntegrityError) as twice:
            await raw.fetch(context(session), SECTOR, taken)
        assert twice.value.orig.sqlstate == "23505"
        await session.rollback()
