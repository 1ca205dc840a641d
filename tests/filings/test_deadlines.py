"""The report deadline (R9: 20 December) counted in the tenant's time zone, and set per
tenant by its office."""

from datetime import UTC, datetime

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.filings import service as filings
from liaison.models.account import Role
from liaison.models.contacts import FilingKind
from tests.builders import BEIJING, gql


async def submit_at(database, account, member_id, year, when):
    async with database.sessions() as session:
        principal = await load_principal(session, TokenClaims(account.id, account.tenant_id))
        ctx = ServiceContext(session=session, principal=principal, origin=Origin())
        filing = await filings.start(ctx, member_id, FilingKind.report, year)
        submitted = await filings.submit(ctx, filing.id, now=when)
        await session.rollback()  # the test only looks at the answer
        return submitted.late


async def test_the_20_december_boundary_is_beijing_time(database, roster):
    w = roster.world
    account = w.account(w.county_a, Role.member)
    zhang = roster.members["张伟"].id
    last_minute = datetime(2025, 12, 20, 23, 59, tzinfo=BEIJING)
    next_morning = datetime(2025, 12, 20, 16, 1, tzinfo=UTC)  # 00:01 on the 21st in Beijing
    assert await submit_at(database, account, zhang, 2025, last_minute) is False
    assert await submit_at(database, account, zhang, 2025, next_morning) is True


async def test_the_office_moves_its_deadlines(client, database, roster):
    w = roster.world
    mutation = """mutation($input: LiaisonSettingsInput!) { updateLiaisonSettings(input: $input)
      { __typename ... on LiaisonSettings { reportDue { month day } planDue { month day } }
        ... on ValidationErrors { errors { field message } } } }"""
    office = w.token(w.county_a, Role.office)
    bad = await gql(client, mutation, {"input": {"minPairings": 2, "maxPairings": 3,
                                                 "reportDue": {"month": 2, "day": 29}}},
                    token=office)
    assert bad["data"]["updateLiaisonSettings"]["errors"] == [
        {"field": "reportDue", "message": "日期无效（月 1–12，日须存在，且不能是 2 月 29 日）"}]
    ok = await gql(client, mutation, {"input": {"minPairings": 2, "maxPairings": 3,
                                                "reportDue": {"month": 12, "day": 10}}},
                   token=office)
    assert ok["data"]["updateLiaisonSettings"] == {
        "__typename": "LiaisonSettings", "reportDue": {"month": 12, "day": 10},
        "planDue": {"month": 3, "day": 31}}
    when = datetime(2025, 12, 15, 9, tzinfo=BEIJING)
    assert await submit_at(database, w.account(w.county_a, Role.member),
                           roster.members["张伟"].id, 2025, when) is True
    # County B keeps 20 December.
    assert await submit_at(database, w.account(w.county_b, Role.office),
                           roster.members["赵强"].id, 2025, when) is False
