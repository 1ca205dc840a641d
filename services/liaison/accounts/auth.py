"""Logging in and turning a token into a principal with its tenant scope."""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.accounts import passwords, tokens
from liaison.accounts.errors import AccountLocked, InvalidCredentials
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.principal import Grant, Principal
from liaison.models import Account, RoleAssignment, Tenant
from liaison.tenancy import registry
from liaison.tenancy.scope import TenantScope, apply_scope

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class LoginSuccess:
    token: str
    expires_at: datetime
    account: Account


async def login(
    session: AsyncSession,
    *,
    tenant_code: str,
    username: str,
    password: str,
    origin: audit.Origin,
    secret: str,
    ttl_seconds: int,
    now: datetime | None = None,
) -> LoginSuccess | InvalidCredentials | AccountLocked:
    """Check a password. Failures are returned, not raised: their audit rows must commit."""
    now = now or datetime.now(UTC)
    tenant = await registry.get_tenant_by_code(session, tenant_code.strip())
    if tenant is None:
        passwords.verify_password(passwords.DUMMY_HASH, password)
        return InvalidCredentials()
    await apply_scope(session, TenantScope.only(tenant.id))
    account = await session.scalar(
        select(Account)
        .where(Account.tenant_id == tenant.id, Account.username == username.strip())
        .with_for_update()
    )

    async def log(action: str, detail: dict | None = None) -> None:
        await audit.record(
            session, tenant_id=tenant.id, action=action, origin=origin,
            actor_id=account.id if account else None,
            target=("account", account.id) if account else None,
            detail={"username": username.strip(), **(detail or {})},
        )

    if account is None or not account.is_active:
        passwords.verify_password(passwords.DUMMY_HASH, password)
        await log("login_failed", {"reason": "unknown_or_inactive"})
        return InvalidCredentials()
    if account.locked_until is not None and account.locked_until > now:
        passwords.verify_password(passwords.DUMMY_HASH, password)
        await log("login_refused_locked", {"locked_until": account.locked_until.isoformat()})
        return AccountLocked(account.locked_until)
    if not passwords.verify_password(account.password_hash, password):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILED_LOGINS:
            account.failed_logins = 0
            account.locked_until = now + LOCKOUT
            await log("account_locked", {"locked_until": account.locked_until.isoformat()})
            return AccountLocked(account.locked_until)
        await log("login_failed", {"reason": "bad_password", "attempt": account.failed_logins})
        return InvalidCredentials()
    account.failed_logins = 0
    account.locked_until = None
    await log("login_succeeded")
    token, expires = tokens.issue(
        tokens.TokenClaims(account.id, tenant.id), secret, ttl_seconds, now=now
    )
    return LoginSuccess(token=token, expires_at=expires, account=account)


async def load_principal(session: AsyncSession, claims: tokens.TokenClaims) -> Principal | None:
    """Resolve a token's account, roles and readable tenants; set the transaction's scope.

    Two round trips for a county user (scope, then account with its roles); a city user who
    reads its counties adds the counties' ids and widens the scope. None when the account no
    longer exists or was deactivated (the token is then useless).
    """
    await apply_scope(session, TenantScope.only(claims.tenant_id))
    rows = (
        await session.execute(
            select(Account.is_active, Account.member_id, Tenant.path, RoleAssignment.role,
                   RoleAssignment.sector_id)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .outerjoin(RoleAssignment, (RoleAssignment.tenant_id == Account.tenant_id)
                       & (RoleAssignment.account_id == Account.id))
            .where(Account.tenant_id == claims.tenant_id, Account.id == claims.account_id)
        )
    ).all()
    if not rows or not rows[0].is_active:
        return None
    first = rows[0]
    principal = Principal(
        account_id=claims.account_id,
        tenant_id=claims.tenant_id,
        tenant_path=first.path,
        grants=tuple(Grant(r.role, r.sector_id) for r in rows if r.role is not None),
        member_id=first.member_id,
    )
    if policies.reads_descendants(principal):
        below = await registry.descendant_ids(session, first.path)
        principal = replace(principal, readable=(claims.tenant_id, *below))
        if below:
            await apply_scope(session, principal.scope)
    return principal
