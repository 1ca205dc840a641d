"""The overview service (tenancy/overview.py): every level below the asked tenant, a county
only itself, a fixed number of statements however many tenants."""

from sqlalchemy import event

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models.account import Role
from liaison.tenancy import clock
from liaison.tenancy import overview as service
from tests.builders import make_account
from tests.tenancy.overview_rows import NOW, add_district, build_overview


def plain(o: service.TenantOverview) -> tuple:
    return (o.tenant.code, o.compliance.due, o.plans and (o.plans.submitted, o.plans.missing),
            o.opinions and o.opinions.total, o.sessions and o.sessions.held)


async def ask(database, account, tenant, statements: list | None = None):
    async with database.sessions() as session:
        principal = await load_principal(session, TokenClaims(
            account.id, account.tenant_id, account.token_version or 0))
        ctx = ServiceContext(session=session, principal=principal, origin=Origin())
        engine = database.engine.sync_engine

        def count(conn, cursor, statement, *rest):
            statements.append(statement)

        if statements is not None:
            event.listen(engine, "before_cursor_execute", count)
        try:
            with clock.pinned(NOW):
                return [plain(o) for o in await service.overview(ctx, tenant, 2025, 3)]
        except NotFound:
            return "not found"
        finally:
            if statements is not None:
                event.remove(engine, "before_cursor_execute", count)
            await session.rollback()


async def test_every_level_below_shows_in_path_order(database, owner, roster):
    await build_overview(owner, roster)
    w = roster.world
    district = await add_district(owner, w.county_a)
    city_rows = await ask(database, w.account(w.city, Role.office), w.city)
    assert city_rows == [(w.city.code, 0, (0, 0), 0, 0),
                         (w.county_a.code, 3, (2, 1), 2, 2),
                         (district.code, 0, (0, 0), 0, 0),
                         (w.county_b.code, 2, (0, 1), 0, 0)]
    assert await ask(database, w.account(w.county_a, Role.leadership), w.county_a) == [
        (w.county_a.code, 3, (2, 1), 2, 2), (district.code, 0, (0, 0), 0, 0)]
    district_office = await make_account(owner, district, "office", (Role.office,))
    assert await ask(database, district_office, district) == [(district.code, 0, (0, 0), 0, 0)]
    assert await ask(database, district_office, w.county_a) == "not found"


async def test_a_county_sees_itself_only_and_a_sibling_is_not_found(database, owner, roster):
    await build_overview(owner, roster)
    w = roster.world
    office = w.account(w.county_b, Role.office)
    assert await ask(database, office, w.county_b) == [(w.county_b.code, 2, (0, 1), 0, 0)]
    assert await ask(database, office, w.county_a) == "not found"
    assert await ask(database, office, w.city) == "not found"


async def test_the_statements_do_not_grow_with_the_tenants(database, owner, roster):
    await build_overview(owner, roster)
    w = roster.world
    office = w.account(w.city, Role.office)
    before: list = []
    await ask(database, office, w.city, before)
    await add_district(owner, w.county_a)
    await add_district(owner, w.county_b)
    after: list = []
    assert len(await ask(database, office, w.city, after)) == 5
    assert len(after) == len(before)
