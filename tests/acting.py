"""A service call as an account, outside HTTP: the principal loaded as the request boundary
loads it, the clock pinned, committed on success and rolled back when it raises."""

from datetime import datetime

from liaison.accounts.auth import load_principal
from liaison.accounts.tokens import TokenClaims
from liaison.audit.service import Origin
from liaison.context import ServiceContext
from liaison.models import Account
from liaison.tenancy import clock


async def act_as(database, account: Account, call, *args, now: datetime, **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account`` on the liaison clock pinned to ``now``."""
    async with database.sessions() as session:
        principal = await load_principal(session, TokenClaims(account.id, account.tenant_id,
                                                              account.token_version or 0))
        ctx = ServiceContext(session=session, principal=principal, origin=Origin())
        try:
            with clock.pinned(now):
                result = await call(ctx, *args, **kwargs)
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        return result
