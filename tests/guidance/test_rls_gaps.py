"""What the database itself refuses, whatever the service does (the service refuses it too:
tests/guidance/test_visibility.py, test_lifecycle.py):

1. a county cannot make or repoint a ``guidance_target`` row of its own to name a sibling's
   answer file (inserts need an issuer other than the row's tenant; the columns naming what
   was sent are not updatable; ``attachment_read`` follows only the issuer's rows);
2. the issuing city updating a county's copy may only remind it (a trigger), never answer.
"""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from liaison.guidance import answers
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.guidance.guidance_rows import act, copy_of, issue, word


@pytest.fixture
async def b_answered(database, owner, world):
    item = await issue(database, world)
    copy_b = await copy_of(owner, world.county_b, item.id)
    await act(database, world.account(world.county_b, Role.office), answers.answer, copy_b.id,
              "见附件", upload=("B县答复.docx", word()))
    return item, await copy_of(owner, world.county_b, item.id)


async def test_a_county_cannot_reach_a_siblings_file_through_a_row_of_its_own(
        database, owner, world, b_answered):
    a = world.county_a
    b_file = b_answered[1].answer_attachment_id
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(text(
                "INSERT INTO guidance_target (tenant_id, id, issuer_tenant_id, item_id, kind,"
                " title, body, state, attachment_id) VALUES (:a, :id, :a, :id, 'notice', 't',"
                " 'b', 'sent', :f)"), {"a": a.id, "id": uuid.uuid4(), "f": b_file})
    copy_a = await copy_of(owner, a, b_answered[0].id)
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        with pytest.raises(DBAPIError, match="permission denied"):
            await session.execute(text(
                "UPDATE guidance_target SET attachment_id = :f WHERE id = :id"),
                {"f": b_file, "id": copy_a.id})
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        assert await session.scalar(text("SELECT count(*) FROM attachment WHERE id = :f"),
                                    {"f": b_file}) == 0


async def test_the_city_cannot_write_a_countys_answer_in_sql(database, owner, world,
                                                             b_answered):
    city, a, b = world.city, world.county_a, world.county_b
    async with database.sessions() as session:
        await apply_scope(session, TenantScope(active=city.id, readable=(city.id, a.id, b.id)))
        with pytest.raises(DBAPIError, match="only the county answers"):
            await session.execute(text(
                "UPDATE guidance_target SET answer = '市里代答' WHERE id = :id"),
                {"id": b_answered[1].id})
    async with database.sessions() as session:
        await apply_scope(session, TenantScope(active=city.id, readable=(city.id, a.id, b.id)))
        reminded = await session.execute(text(
            "UPDATE guidance_target SET reminders = reminders + 1 WHERE id = :id"),
            {"id": b_answered[1].id})
        await session.rollback()
    assert reminded.rowcount == 1
