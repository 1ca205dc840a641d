"""Logging in and turning a token into a principal with its tenant scope.

A login attempt writes its outcome — the failure count, the lock, the audit row — in a
transaction of its own, so nothing else in the request can roll it back. Failures are
counted per tenant code + user name whether or not the account exists, so a lock answers the
same for real and invented names. Password checks run off the event loop.
"""

import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from liaison.accounts import passwords, tokens
from liaison.accounts.errors import AccountLocked, InvalidCredentials
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.principal import Grant, Principal
from liaison.db import raw
from liaison.models import Account, LoginThrottle, Tenant
from liaison.models.account import Role
from liaison.models.members import MemberStatus
from liaison.security import ratelimit
from liaison.security.ratelimit import RateLimited
from liaison.tenancy import registry
from liaison.tenancy.scope import TenantScope, apply_scope

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
FAILURE_WINDOW = timedelta(minutes=15)  # failures older than this are forgotten


@dataclass(frozen=True)
class LoginSuccess:
    token: str
    expires_at: datetime
    account: Account


LoginOutcome = LoginSuccess | InvalidCredentials | AccountLocked | RateLimited


def throttle_key(tenant_code: str, username: str) -> str:
    return f"{tenant_code}\x1f{username}"[:200]


def _plausible(code: str, username: str, password: str) -> bool:
    """Input no account could have: too long, or with control characters."""
    return (len(code) <= 40 and len(username) <= 64 and len(password) <= passwords.MAX_LENGTH
            and not any(unicodedata.category(c) == "Cc" for c in code + username))


_FAIL = text("""
    INSERT INTO login_throttle AS t (key, failures, last_failure_at)
    VALUES (:key, 1, CAST(:now AS timestamptz))
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_failure_at < CAST(:now AS timestamptz)
                                               - CAST(:window AS interval)
                      THEN 1 ELSE t.failures + 1 END,
      last_failure_at = CAST(:now AS timestamptz)
    RETURNING failures
""")


async def login(sessions: async_sessionmaker, *, tenant_code: str, username: str,
                password: str, origin: audit.Origin, secret: str, ttl_seconds: int,
                now: datetime | None = None) -> LoginOutcome:
    """Check a password. Every outcome is returned, never raised, and already committed."""
    now = now or datetime.now(UTC)
    code, user = tenant_code.strip().lower(), username.strip()
    address = origin.source_addr or "unknown"
    key = throttle_key(code, user)
    try:
        # One short transaction: the address's limits (counted, committed), then the lookup.
        async with sessions.begin() as session:
            await ratelimit.hit(session, ratelimit.LOGIN_PER_ADDRESS, address)
            await ratelimit.check(session, ratelimit.LOGIN_FAILURES_PER_ADDRESS, address)
            tenant, account, locked_until = await _lookup(session, code, user, password, key)
    except RateLimited as limited:
        return limited
    usable = account is not None and account.is_active
    try:
        matches = await passwords.verify_password_async(
            account.password_hash if usable else passwords.DUMMY_HASH, password)
    except passwords.HashingBusy:
        return RateLimited(1)
    record = _Recorder(sessions, tenant, account, user, origin)
    if locked_until is not None and locked_until > now:
        await record("login_refused_locked", {"locked_until": locked_until.isoformat()})
        return AccountLocked(locked_until)
    if not (usable and matches):
        return await _failed(sessions, record, key, address, account, now,
                             "bad_password" if usable else "unknown_or_inactive")
    async with sessions.begin() as session:
        await apply_scope(session, TenantScope.only(tenant.id))
        row = await session.get(LoginThrottle, key, with_for_update=True)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            locked_until = row.locked_until  # locked by a concurrent attempt meanwhile
        else:
            locked_until = None
            if row is not None:
                await session.delete(row)
            await record.into(session, "login_succeeded")
    if locked_until is not None:
        await record("login_refused_locked", {"locked_until": locked_until.isoformat()})
        return AccountLocked(locked_until)
    token, expires = tokens.issue(
        tokens.TokenClaims(account.id, tenant.id, account.token_version), secret, ttl_seconds,
        now=now)
    return LoginSuccess(token=token, expires_at=expires, account=account)


async def _lookup(session: AsyncSession, code: str, user: str, password: str, key: str):
    """The tenant and account a login names (None for input no account could have), and the
    lock on that name."""
    tenant = account = None
    if _plausible(code, user, password):
        tenant = await registry.get_tenant_by_code(session, code)
    if tenant is not None:
        await apply_scope(session, TenantScope.only(tenant.id))
        account = await session.scalar(select(Account).where(
            Account.tenant_id == tenant.id, Account.username == user))
    locked_until = await session.scalar(select(LoginThrottle.locked_until).where(
        LoginThrottle.key == key))
    return tenant, account, locked_until


async def _failed(sessions: async_sessionmaker, record: "_Recorder", key: str, address: str,
                  account: Account | None, now: datetime, reason: str) -> LoginOutcome:
    async with sessions.begin() as session:
        try:
            await ratelimit.hit(session, ratelimit.LOGIN_FAILURES_PER_ADDRESS, address)
        except RateLimited:
            pass  # the next attempt from this address is refused before it is checked
        failures = await session.scalar(_FAIL, {"key": key, "now": now,
                                                "window": FAILURE_WINDOW})
        if failures < MAX_FAILED_LOGINS:
            await record.into(session, "login_failed", {"reason": reason, "attempt": failures})
            return InvalidCredentials()
        locked_until = now + LOCKOUT
        await session.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                              .values(failures=0, locked_until=locked_until))
        if account is not None:
            await apply_scope(session, TenantScope.only(account.tenant_id))
            await revoke_tokens(session, account.tenant_id, account_ids=[account.id])
        await record.into(session, "account_locked", {"locked_until": locked_until.isoformat()})
    return AccountLocked(locked_until)


class _Recorder:
    """Audit rows of one login attempt (none when the tenant code is unknown)."""

    def __init__(self, sessions, tenant: Tenant | None, account: Account | None, user: str,
                 origin: audit.Origin) -> None:
        self.sessions, self.tenant, self.account = sessions, tenant, account
        self.user, self.origin = user, origin

    async def into(self, session: AsyncSession, action: str, detail: dict | None = None):
        if self.tenant is None:
            return
        await apply_scope(session, TenantScope.only(self.tenant.id))
        await audit.record(
            session, tenant_id=self.tenant.id, action=action, origin=self.origin,
            actor_id=self.account.id if self.account else None,
            target=("account", self.account.id) if self.account else None,
            detail={"username": self.user[:64], **(detail or {})})

    async def __call__(self, action: str, detail: dict | None = None) -> None:
        async with self.sessions.begin() as session:
            await self.into(session, action, detail)


async def revoke_tokens(session: AsyncSession, tenant_id: uuid.UUID, *,
                        account_ids: list[uuid.UUID] | None = None,
                        member_id: uuid.UUID | None = None) -> None:
    """Every token issued so far to these accounts (or to the member's accounts) stops
    working at its next request: the principal query compares versions."""
    stmt = update(Account).where(Account.tenant_id == tenant_id).values(
        token_version=Account.token_version + 1)
    if account_ids is not None:
        stmt = stmt.where(Account.id.in_(account_ids))
    if member_id is not None:
        stmt = stmt.where(Account.member_id == member_id)
    await session.execute(stmt.execution_options(synchronize_session=False))


_PRINCIPAL = text("SELECT * FROM liaison_principal(:tenant, :account)")


async def load_principal(session: AsyncSession, claims: tokens.TokenClaims) -> Principal | None:
    """Resolve a token's account, roles and readable tenants; set the transaction's scope.

    One round trip (``liaison_principal``, migration 0012: the scope, the account with its
    member's status and roles, the tenants below); a city user who reads its counties adds a
    second that widens the scope. None when the account no longer exists, was deactivated, or
    its tokens were revoked since this one was issued.
    """
    # Straight on asyncpg (db/raw.py; it begins the request's transaction): ~0.1 ms less.
    rows = await raw.fetch(session, _PRINCIPAL, {"tenant": claims.tenant_id,
                                                 "account": claims.account_id})
    if not rows or not rows[0]["is_active"] or rows[0]["token_version"] != claims.version:
        return None
    first = rows[0]
    principal = Principal(
        account_id=claims.account_id,
        tenant_id=claims.tenant_id,
        tenant_path=first["path"],
        grants=tuple(Grant(Role(r["role"]), r["sector_id"], r["committee_id"], r["venue_id"])
                     for r in rows if r["role"] is not None),
        member_id=first["member_id"],
        member_serving=first["member_status"] == MemberStatus.serving.value,
        directory=first["directory"],
    )
    if first["below"] and policies.reads_descendants(principal):
        principal = replace(principal, readable=(claims.tenant_id, *first["below"]))
        await apply_scope(session, principal.scope)
    return principal
