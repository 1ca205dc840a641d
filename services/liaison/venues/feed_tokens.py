"""A member's private calendar URL (我的值班日历): ``/feeds/<tenant code>/<token>.ics``.

The token reads ``<feed_token id hex>.<secret>``, the secret 32 random bytes (URL-safe base64,
no padding): the tenant comes from the code in the URL and the row from the id, so the
lookup never reads across tenants. Only the SHA-256 of the secret is stored (it is random: a
slow hash adds nothing), compared in constant time; the URL is shown once, when made. A
member holds at most one live token: making a new one revokes the previous, and revoking
takes effect at the next request (nothing is cached). Unknown, malformed, wrong and revoked
tokens all answer the same (None here, 404 at the route). Security clock: real time.
"""

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound
from liaison.models import FeedToken, Member, Tenant
from liaison.security import secret_hash
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant

KIND = "日历订阅链接"
_FORMAT = re.compile(r"([0-9a-f]{32})\.([A-Za-z0-9_-]{43})")
MAX_LENGTH = 76  # 32 + . + 43


@dataclass(frozen=True)
class NewFeedToken:
    token: FeedToken
    path: str  # the private URL's path: shown this once, never stored


def feed_path(tenant_code: str, token_id: uuid.UUID, secret: str) -> str:
    return f"/feeds/{tenant_code}/{token_id.hex}.{secret}.ics"


def parse(token: str) -> tuple[uuid.UUID, str] | None:
    """The id and secret of a well-formed token; None for anything else."""
    match = _FORMAT.fullmatch(token) if len(token) <= MAX_LENGTH else None
    return None if match is None else (uuid.UUID(hex=match[1]), match[2])


async def _own_member(ctx: ServiceContext, *, revoking: bool = False
                      ) -> tuple[Tenant, uuid.UUID]:
    """The caller's tenant and member record. Making a URL takes a serving member
    (``can_manage_duty``); revoking one only takes away access, so any member account may
    revoke its own — one who has left included."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    member_id = principal.member_id
    if member_id is None or not (revoking or policies.can_manage_duty(principal, tenant,
                                                                        member_id)):
        raise Forbidden("只有委员本人可以管理自己的值班日历订阅链接")
    return tenant, member_id


async def _live(ctx: ServiceContext, tenant: Tenant, member_id: uuid.UUID) -> list[FeedToken]:
    return list(await ctx.session.scalars(select(FeedToken).where(
        FeedToken.tenant_id == tenant.id, FeedToken.member_id == member_id,
        FeedToken.revoked_at.is_(None)).order_by(FeedToken.created_at)))


async def _revoke(ctx: ServiceContext, tenant: Tenant, token: FeedToken, now: datetime) -> None:
    token.revoked_at = now
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="feed_token_revoked",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("feed_token", token.id), before={"revoked_at": None},
                       after={"revoked_at": now.isoformat()})


async def create_token(ctx: ServiceContext) -> NewFeedToken:
    """A new private feed URL for the calling member (revoking their previous one)."""
    tenant, member_id = await _own_member(ctx)
    # Two requests at once queue on the member row: one live token at most.
    await ctx.session.get(Member, (tenant.id, member_id), with_for_update=True)
    now = datetime.now(UTC)
    for old in await _live(ctx, tenant, member_id):
        await _revoke(ctx, tenant, old, now)
    secret = secrets.token_urlsafe(32)
    token = FeedToken(tenant_id=tenant.id, id=uuid.uuid4(), member_id=member_id,
                      secret_hash=secret_hash.digest(secret), created_at=now)
    ctx.session.add(token)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="feed_token_created",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("feed_token", token.id), after={"member_id": str(member_id)})
    return NewFeedToken(token=token, path=feed_path(tenant.code, token.id, secret))


async def revoke_token(ctx: ServiceContext) -> FeedToken:
    """Revoke the calling member's live feed URL: its next request answers 404. Not found
    when they have none."""
    tenant, member_id = await _own_member(ctx, revoking=True)
    live = await _live(ctx, tenant, member_id)
    if not live:
        raise NotFound(KIND, member_id)
    now = datetime.now(UTC)
    for token in live:
        await _revoke(ctx, tenant, token, now)
    return live[-1]


async def member_of(ctx: ServiceContext, tenant: Tenant, token: str) -> uuid.UUID | None:
    """The member whose live token this is, in ``tenant`` (the request's only scope); None for
    anything else, alike."""
    parsed = parse(token)
    if parsed is None:
        return None
    token_id, secret = parsed
    row = await ctx.session.get(FeedToken, (tenant.id, token_id))
    matches = secret_hash.matches(row.secret_hash if row else None, secret)
    if not matches or row.revoked_at is not None:
        return None
    return row.member_id


async def revoke_all(session: AsyncSession, tenant_id: uuid.UUID, member_id: uuid.UUID) -> int:
    """Revoke every live token of a member (who has left): their feed stops at once."""
    result = await session.execute(update(FeedToken).where(
        FeedToken.tenant_id == tenant_id, FeedToken.member_id == member_id,
        FeedToken.revoked_at.is_(None)).values(revoked_at=clock.now()))
    return result.rowcount
