"""Service calls as an account for the venue and rota tests (committed as the request boundary
does, rolled back when they raise), and reading back what they stored, as the owner."""

from datetime import UTC, datetime

from sqlalchemy import select

from liaison.models import Account, ReceptionSession, SessionDuty
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as
from tests.builders import BEIJING

NOW = datetime(2025, 9, 1, 9, tzinfo=BEIJING)


async def act(database, account: Account, call, *args, now=NOW, **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account``, the clock pinned to ``now``."""
    return await act_as(database, account, call, *args, now=now, **kwargs)


async def stored_sessions(owner, tenant) -> list[tuple]:
    """(Beijing start, Beijing end, status, holiday, moved from, member ids) of every session
    of ``tenant``, by time."""
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = list(await owner.scalars(select(ReceptionSession).where(
        ReceptionSession.tenant_id == tenant.id).order_by(ReceptionSession.starts_at)
        .execution_options(populate_existing=True)))
    duties = list(await owner.scalars(select(SessionDuty).where(
        SessionDuty.tenant_id == tenant.id).order_by(SessionDuty.created_at, SessionDuty.id)))
    return [(r.starts_at.astimezone(BEIJING).strftime("%m-%d %H:%M"),
             r.ends_at.astimezone(BEIJING).strftime("%H:%M"), str(r.status), r.holiday_name,
             r.moved_from, [d.member_id for d in duties if d.session_id == r.id])
            for r in rows]


def utc(y: int, m: int, d: int, hour: int, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=UTC)
