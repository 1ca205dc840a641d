"""Siblings never see each other: not through the service, and not in SQL under row-level
security as the application role (the city sees every county's copy and answer file; a county
its own copies, its own files and the files of the items sent to it, nothing else)."""

import uuid

import pytest
from sqlalchemy import text

from liaison.errors import NotFound, ValidationFailed
from liaison.guidance import answers, attachments, files, service
from liaison.guidance.service import NewItem
from liaison.models.account import Role
from liaison.models.guidance import GuidanceKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.guidance.guidance_rows import act, copy_of, issue, new_item, pdf, sheet, word


@pytest.fixture
async def answered(database, owner, world):
    """An item with a PDF to both counties, each answering with a file of its own; a second
    item, with a sheet, sent to county B only."""
    both = await issue(database, world, new_item(upload=("通知.pdf", pdf())))
    only_b = await issue(database, world, new_item("仅发B县", codes=[world.county_b.code],
                                                   upload=("表.xlsx", sheet())))
    for county, name in ((world.county_a, "A县答复.docx"), (world.county_b, "B县答复.docx")):
        copy = await copy_of(owner, county, both.id)
        await act(database, world.account(county, Role.office), answers.answer, copy.id,
                  f"{name}见附件", upload=(name, word(name)))
    return both, only_b


async def rows(database, scope: TenantScope, table: str) -> set[tuple]:
    async with database.sessions() as session:
        await apply_scope(session, scope)
        result = await session.execute(text(f"SELECT tenant_id, id FROM {table}"))
        return set(result.all())


async def test_in_sql_a_county_reads_its_own_and_the_files_sent_to_it(database, owner, world,
                                                                      answered):
    city, a, b = world.city, world.county_a, world.county_b
    both, only_b = answered
    copy_a, copy_b = await copy_of(owner, a, both.id), await copy_of(owner, b, both.id)
    copy_b2 = await copy_of(owner, b, only_b.id)
    a_file = (a.id, copy_a.answer_attachment_id)
    b_file = (b.id, copy_b.answer_attachment_id)
    sent_both, sent_b = (city.id, both.attachment_id), (city.id, only_b.attachment_id)
    own_a = TenantScope.only(a.id)
    assert await rows(database, own_a, "guidance_target") == {(a.id, copy_a.id)}
    assert await rows(database, own_a, "guidance_item") == set()
    assert await rows(database, own_a, "attachment") == {a_file, sent_both}
    assert await rows(database, TenantScope.only(b.id), "attachment") == {b_file, sent_both,
                                                                          sent_b}
    the_city = TenantScope(active=city.id, readable=(city.id, a.id, b.id))
    assert await rows(database, the_city, "guidance_target") == {
        (a.id, copy_a.id), (b.id, copy_b.id), (b.id, copy_b2.id)}
    assert await rows(database, the_city, "attachment") == {a_file, b_file, sent_both, sent_b}


async def test_a_county_cannot_write_into_a_siblings_copies(database, owner, world, answered):
    a, b = world.county_a, world.county_b
    copy_b = await copy_of(owner, b, answered[0].id)
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        changed = await session.execute(text(
            "UPDATE guidance_target SET answer = 'A县代答' WHERE tenant_id = :b"), {"b": b.id})
        assert changed.rowcount == 0
        await session.rollback()
    async with database.sessions() as session:
        await apply_scope(session, TenantScope.only(a.id))
        with pytest.raises(Exception, match="row-level security"):
            await session.execute(text(
                "INSERT INTO guidance_target (tenant_id, id, issuer_tenant_id, item_id, kind,"
                " title, body, state) VALUES (:b, :id, :a, :id, 'notice', 't', 'b', 'sent')"),
                {"a": a.id, "b": b.id, "id": uuid.uuid4()})
    assert (await copy_of(owner, b, answered[0].id)).answer == copy_b.answer


async def test_through_the_service_the_files_follow_the_copies(database, owner, world, answered):
    city, a, b = world.city, world.county_a, world.county_b
    both, only_b = answered
    copy_a, copy_b = await copy_of(owner, a, both.id), await copy_of(owner, b, both.id)
    office_a, office_b = world.account(a, Role.office), world.account(b, Role.office)
    city_office = world.account(city, Role.office)
    sent = await act(database, office_a, files.target_file, copy_a.id)
    assert (sent.filename, sent.content_type, sent.data) == ("通知.pdf", "application/pdf",
                                                             pdf())
    mine = await act(database, office_a, files.target_file, copy_a.id, answer=True)
    assert (mine.filename, mine.data) == ("A县答复.docx", word("A县答复.docx"))
    for account, call, object_id, kwargs in (
            (office_a, files.target_file, copy_b.id, {"answer": True}),
            (office_a, files.target_file, copy_b.id, {}),
            (office_a, files.item_file, both.id, {}),
            (office_b, files.target_file, copy_a.id, {"answer": True})):
        with pytest.raises(NotFound):
            await act(database, account, call, object_id, **kwargs)
    theirs = await act(database, city_office, files.target_file, copy_b.id, answer=True)
    assert theirs.filename == "B县答复.docx"
    item_file = await act(database, city_office, files.item_file, only_b.id)
    assert (item_file.filename, item_file.content_type) == (
        "表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    page = await act(database, office_a, service.inbox, a, first=10)
    assert [t.title for t in page.items] == [both.title]
    with pytest.raises(NotFound):
        await act(database, office_a, service.inbox, b, first=10)


async def test_an_item_or_answer_names_only_its_own_tenants_upload(database, owner, world,
                                                                   answered):
    a, b = world.county_a, world.county_b
    both = answered[0]
    copy_a, copy_b = await copy_of(owner, a, both.id), await copy_of(owner, b, both.id)
    office_a = world.account(a, Role.office)
    with pytest.raises(ValidationFailed) as refused:
        await act(database, office_a, answers.answer, copy_a.id, "借用",
                  copy_b.answer_attachment_id)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("attachmentId", "找不到该附件，请重新上传")]
    with pytest.raises(ValidationFailed) as refused:
        await issue(database, world, NewItem(kind=GuidanceKind.notice, title="t", body="b",
                                             attachment_id=copy_a.answer_attachment_id))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("attachmentId", "找不到该附件，请重新上传")]
    stored = await act(database, office_a, attachments.store, "补充.pdf", pdf("more"))
    again = await act(database, office_a, answers.answer, copy_a.id, "补充附件", stored.id)
    assert again.answer_attachment_id == stored.id
