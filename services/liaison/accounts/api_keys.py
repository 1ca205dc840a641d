"""Integration keys (接口密钥): how the proposal system and the 社情民意 system call the API.

A key stands for a system, never a person: it acts with the integration role alone
(``authz/policy.csv``: read the opinions of its own tenant, record their outcomes, adoption
and replies). The office of a tenant names, lists and revokes its keys.

A key reads ``lk_<tenant id hex>_<key id hex>_<secret>`` (the secret: 32 random bytes,
URL-safe base64 without padding), so the server finds its tenant and row without reading
across tenants. Only the SHA-256 of the whole key is stored (the secret is random: a slow
hash adds nothing) and compared in constant time; the key itself is shown once, when made.
Every use writes an audit row and the key's last use in a transaction of its own, so the
use stays on record whatever becomes of the request; nothing is cached, so a revoked key
fails at its next request.
"""

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.authz.principal import Grant, Principal
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, ValidationFailed
from liaison.fields import API_KEY_NAME
from liaison.models import ApiKey, Tenant
from liaison.models.account import Role
from liaison.security import ratelimit, secret_hash
from liaison.tenancy import access, registry
from liaison.tenancy.access import own_tenant
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.validation import clean_text

PREFIX = "lk_"
KIND = "接口密钥"
_FORMAT = re.compile(r"lk_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})")
MAX_LENGTH = 112  # lk_ + 32 + _ + 32 + _ + 43
HINT_LENGTH = 4
# Uses of one key; more answer RATE_LIMITED (a key in a loop cannot flood the audit log).
USES_PER_KEY = ratelimit.Limit("apikey:key", 300, timedelta(minutes=1))


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # the whole key: shown this once, never stored


def parse(key: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The tenant and key ids of a well-formed key; None for anything else."""
    match = _FORMAT.fullmatch(key) if len(key) <= MAX_LENGTH else None
    if match is None:
        return None
    return uuid.UUID(hex=match[1]), uuid.UUID(hex=match[2])


def _snapshot(key: ApiKey) -> dict:
    return {"name": key.name, "hint": key.hint}


def _check_manager(ctx: ServiceContext, tenant: Tenant, message: str) -> None:
    if not policies.can_manage_api_keys(ctx.require_principal(), tenant):
        raise Forbidden(message)


async def create_key(ctx: ServiceContext, name: str) -> NewKey:
    """A new key of the caller's own tenant (the office); the whole key is returned once."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    _check_manager(ctx, tenant, "只有本级委员联络办可以创建接口密钥")
    name = clean_text(name) or ""
    problem = API_KEY_NAME.required_problem(name)
    if problem is None and await ctx.session.scalar(select(ApiKey.id).where(
            ApiKey.tenant_id == tenant.id, ApiKey.name == name)) is not None:
        problem = FieldProblem("name", f"已有同名的接口密钥（含已撤销的）：{name}")
    if problem is not None:
        raise ValidationFailed([problem])
    key_id = uuid.uuid4()
    secret = f"{PREFIX}{tenant.id.hex}_{key_id.hex}_{secrets.token_urlsafe(32)}"
    key = ApiKey(tenant_id=tenant.id, id=key_id, name=name, secret_hash=secret_hash.digest(secret),
                 hint=secret[-HINT_LENGTH:], created_by=principal.account_id,
                 created_at=datetime.now(UTC))
    try:
        async with ctx.session.begin_nested():  # the same name made at the same moment
            ctx.session.add(key)
            await ctx.session.flush()
    except IntegrityError:
        raise ValidationFailed([FieldProblem(
            "name", f"已有同名的接口密钥（含已撤销的）：{name}")]) from None
    await audit.record(ctx.session, tenant_id=tenant.id, action="api_key_created",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("api_key", key.id), after=_snapshot(key))
    return NewKey(key=key, secret=secret)


async def list_keys(ctx: ServiceContext, tenant: Tenant, *, first: int,
                    after: str | None) -> Page[ApiKey]:
    """The keys of the caller's own tenant by name, revoked ones included (the office)."""
    _check_manager(ctx, tenant, "只有本级委员联络办可以查看接口密钥")
    stmt = select(ApiKey).where(ApiKey.tenant_id == tenant.id)
    return await paginate(ctx.session, stmt, [ApiKey.name], first=first, after=after)


async def revoke_key(ctx: ServiceContext, key_id: uuid.UUID) -> ApiKey:
    """Revoke a key of the own tenant (the office): its next request is refused. Revoking a
    revoked key changes nothing and answers the key as it is."""
    principal = ctx.require_principal()
    key, tenant = await access.get_readable(ctx, ApiKey, key_id, KIND, act=Act.manage)
    _check_manager(ctx, tenant, "只有本级委员联络办可以撤销接口密钥")
    if key.revoked_at is not None:
        return key
    key.revoked_at = datetime.now(UTC)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="api_key_revoked",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("api_key", key.id), before={"revoked_at": None},
                       after={"revoked_at": key.revoked_at.isoformat()})
    return key


async def authenticate(ctx: ServiceContext, key: str) -> Principal | None:
    """The principal a key stands for, with the request's scope set; None for a malformed,
    unknown, wrong or revoked key (all alike). The use — or the refusal of a key that exists —
    is audited in a transaction of its own. Raises ``RateLimited`` past ``USES_PER_KEY``."""
    ids = parse(key)
    if ids is None:
        return None
    tenant_id, key_id = ids
    assert ctx.sessions is not None, "keys are checked in a transaction of their own"
    async with ctx.sessions.begin() as session:
        await apply_scope(session, TenantScope.only(tenant_id))
        row = await session.get(ApiKey, (tenant_id, key_id))
        matches = secret_hash.matches(row.secret_hash if row else None, key)
        if row is None:
            return None
        # Counted before the secret is judged: a revoked or guessed key in a loop is slowed
        # down like a good one and cannot flood the audit log with refusals.
        await ratelimit.hit(session, USES_PER_KEY, key_id.hex)
        if not matches or row.revoked_at is not None:
            await audit.record(session, tenant_id=tenant_id, action="api_key_refused",
                               origin=ctx.origin, target=("api_key", key_id),
                               detail={"reason": "revoked" if matches else "wrong_secret"})
            return None
        row.last_used_at = datetime.now(UTC)
        await audit.record(session, tenant_id=tenant_id, action="api_key_used",
                           origin=ctx.origin, actor_id=key_id, target=("api_key", key_id),
                           detail={"name": row.name})
        tenant = await registry.get_tenant(session, tenant_id)
        assert tenant is not None
        path = tenant.path
    principal = Principal(account_id=key_id, tenant_id=tenant_id, tenant_path=path,
                          grants=(Grant(Role.integration),), readable=(tenant_id,))
    await apply_scope(ctx.session, principal.scope)
    return principal
