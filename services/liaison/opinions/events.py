"""The history of an opinion: each move as who, when, from which state to which, and why."""

import uuid

from sqlalchemy import func, select

from liaison.context import ServiceContext
from liaison.models import Account, ApiKey, Opinion, OpinionEvent
from liaison.models.account import Role
from liaison.models.opinions import OpinionState
from liaison.tenancy import clock


async def actor_name(ctx: ServiceContext) -> str | None:
    """Who acts, as the history shows it: an account's name, or an integration key's."""
    principal = ctx.require_principal()
    if Role.integration in principal.roles:
        key = await ctx.session.get(ApiKey, (principal.tenant_id, principal.account_id))
        return f"接口密钥：{key.name}" if key else None
    account = await ctx.session.get(Account, (principal.tenant_id, principal.account_id))
    return account.display_name if account else None


async def record(ctx: ServiceContext, opinion: Opinion, from_state: OpinionState | None,
                 note: str | None) -> None:
    principal = ctx.require_principal()
    seq = await ctx.session.scalar(select(func.count()).select_from(OpinionEvent).where(
        OpinionEvent.tenant_id == opinion.tenant_id, OpinionEvent.opinion_id == opinion.id))
    ctx.session.add(OpinionEvent(
        tenant_id=opinion.tenant_id, id=uuid.uuid4(), opinion_id=opinion.id, seq=seq + 1,
        actor_id=principal.account_id, actor_name=await actor_name(ctx),
        at=clock.now(), from_state=from_state.value if from_state else None,
        to_state=OpinionState(opinion.state).value, note=note))
