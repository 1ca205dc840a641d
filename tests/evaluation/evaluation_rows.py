"""A 2025 round to evaluate, for the evaluation tests: the roster (tests/builders.py) plus a
third person paired with 张伟 (陈群众, 刘群众, 孙群众), so that county A has four active
pairings (李娜's 黄群众 the fourth) and county B two (赵强's); service calls as an account, or
as the public page makes them (no principal, one tenant), on the liaison clock."""

from datetime import datetime

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.evaluation import public
from liaison.evaluation import service as evaluation
from liaison.models import Account, Tenant
from liaison.models.account import Role
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, Roster, make_pairing

OPENED = datetime(2025, 12, 1, 9, tzinfo=BEIJING)
LATER = datetime(2025, 12, 20, 9, tzinfo=BEIJING)


async def _run(database, principal, tenant: Tenant | None, call, args, kwargs, now, addr):
    async with database.sessions() as session:
        ctx = ServiceContext(session=session, principal=None,
                             origin=Origin(source_addr=addr, request_id="test"),
                             sessions=database.sessions)
        if principal is not None:
            ctx.principal = await principal(session)
        else:
            await apply_scope(session, TenantScope.only(tenant.id))
        try:
            with clock.pinned(now):
                result = await call(ctx, *args, **kwargs)
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        return result


async def act(database, account: Account, call, *args, now=OPENED, addr="10.250.0.1",
              **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account``, committed as the request boundary
    does (rolled back when it raises)."""
    async def principal(session):
        return await load_principal(session, TokenClaims(account.id, account.tenant_id,
                                                         account.token_version or 0))
    return await _run(database, principal, None, call, args, kwargs, now, addr)


async def anonymous(database, tenant: Tenant, call, *args, now=OPENED, addr="10.250.0.1",
                    **kwargs):
    """``call(ctx, tenant, *args)`` as the public page makes it: no principal, the
    transaction scoped to ``tenant`` alone."""
    return await _run(database, None, tenant, call, (tenant, *args), kwargs, now, addr)


async def answer(database, tenant: Tenant, code: str, rating: str = "satisfied",
                 comment: str | None = None, *, now=OPENED, addr="10.250.0.1"):
    return await anonymous(database, tenant, public.answer, code, rating, comment, now=now,
                           addr=addr)


async def add_third_person(owner, roster: Roster):
    roster.pairings["孙群众"] = await make_pairing(owner, roster.members["张伟"], "孙群众")
    return roster.pairings["孙群众"]


async def open_2025(database, roster: Roster, tenant: Tenant | None = None):
    """County A's (or ``tenant``'s) office opens the 2025 round; the slips by person."""
    world = roster.world
    issued = await act(database, world.account(tenant or world.county_a, Role.office),
                       evaluation.open_round, 2025)
    return issued, {s.recipient.constituent_name: s for s in issued.slips}
