"""Accounts and role assignments. ``access_*`` answers not-found for other tenants' ids."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from liaison.accounts import passwords
from liaison.accounts.auth import revoke_tokens, throttle_key
from liaison.accounts.errors import InvalidCredentials
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.models import (
    Account,
    Committee,
    LoginThrottle,
    RoleAssignment,
    Sector,
    Tenant,
    Venue,
)
from liaison.models.account import Role
from liaison.security import ratelimit
from liaison.security.ratelimit import RateLimited
from liaison.tenancy import access, registry
from liaison.tenancy.access import own_tenant
from liaison.tenancy.scope import TenantScope, apply_scope


def my_permissions(ctx: ServiceContext) -> list[str]:
    """What the caller may do in its own tenant, as ``object:action``."""
    return policies.permissions(ctx.require_principal())


async def access_account(ctx: ServiceContext, account_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> Account:
    """An account in the caller's own tenant (accounts are never read across tenants, the
    database too refuses it); anything else is not found."""
    own = ctx.require_principal().tenant_id
    if tenant is not None and tenant.id != own:
        raise NotFound("账号", account_id)
    account, _ = await access.get_readable(ctx, Account, account_id, "账号", act=Act.manage)
    return account


async def list_accounts(ctx: ServiceContext, tenant: Tenant, *, first: int,
                        after: str | None) -> Page[Account]:
    principal = ctx.require_principal()
    if not policies.can_read_accounts(principal, tenant):
        raise Forbidden("没有权限查看该单位的账号")
    stmt = select(Account).where(Account.tenant_id == tenant.id)
    return await paginate(ctx.session, stmt, [Account.username], first=first, after=after)


async def list_role_assignments(ctx: ServiceContext, tenant: Tenant, *, first: int,
                                after: str | None) -> Page[RoleAssignment]:
    principal = ctx.require_principal()
    if not policies.can_read_roles(principal, tenant):
        raise Forbidden("没有权限查看该单位的角色分配")
    stmt = select(RoleAssignment).where(RoleAssignment.tenant_id == tenant.id)
    return await paginate(ctx.session, stmt, [RoleAssignment.id], first=first, after=after)


# The roles scoped to one thing of the tenant: the column, and for the role that needs it
# the field, the model, and the messages when it is missing, unknown, or given to another role.
SCOPED_ROLES = {
    "sector_id": (Role.convenor, "sectorId", Sector, "界别召集人须指定所召集的界别",
                  "本单位没有该界别", "只有界别召集人角色需要指定界别"),
    "committee_id": (Role.committee, "committeeId", Committee,
                     "专门委员会角色须指定所在的专门委员会", "本单位没有该专门委员会",
                     "只有专门委员会角色需要指定专门委员会"),
    "venue_id": (Role.venue_staff, "venueId", Venue, "请指定该工作人员所在的联络站或工作室",
                 "本单位没有该联络站或工作室", "只有联络站/工作室工作人员需要指定联络站或工作室"),
}


def _snapshot(assignment: RoleAssignment) -> dict:
    return {
        "account_id": str(assignment.account_id),
        "role": str(assignment.role),
        "sector_id": str(assignment.sector_id) if assignment.sector_id else None,
    }


async def assign_role(ctx: ServiceContext, account_id: uuid.UUID, role: Role,
                      sector_id: uuid.UUID | None,
                      committee_id: uuid.UUID | None = None,
                      venue_id: uuid.UUID | None = None) -> RoleAssignment:
    principal = ctx.require_principal()
    account = await access_account(ctx, account_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_roles(principal, tenant):
        raise Forbidden("只有本级委员联络办可以分配角色")
    problems = [FieldProblem("role", "外部系统使用接口密钥，不能分配给账号")] \
        if role is Role.integration else []
    scopes = {"sector_id": sector_id, "committee_id": committee_id, "venue_id": venue_id}
    for key, (scoped_role, field, model, needed, missing, only) in SCOPED_ROLES.items():
        value = scopes[key]
        if role is scoped_role:
            if value is None:
                problems.append(FieldProblem(field, needed))
            elif await ctx.session.get(model, (tenant.id, value)) is None:
                problems.append(FieldProblem(field, f"{missing}：{value}"))
        elif value is not None:
            problems.append(FieldProblem(field, only))
    if not problems:
        duplicate = await ctx.session.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.tenant_id == tenant.id,
                RoleAssignment.account_id == account.id,
                RoleAssignment.role == role,
                RoleAssignment.sector_id.is_(None) if sector_id is None
                else RoleAssignment.sector_id == sector_id,
                RoleAssignment.committee_id.is_(None) if committee_id is None
                else RoleAssignment.committee_id == committee_id,
                RoleAssignment.venue_id.is_(None) if venue_id is None
                else RoleAssignment.venue_id == venue_id,
            )
        )
        if duplicate is not None:
            problems.append(FieldProblem("role", "该账号已拥有此角色"))
    if problems:
        raise ValidationFailed(problems)
    assignment = RoleAssignment(
        tenant_id=tenant.id, id=uuid.uuid4(), account_id=account.id, role=role,
        sector_id=sector_id, committee_id=committee_id, venue_id=venue_id,
        granted_by=principal.account_id,
        granted_at=datetime.now(UTC),
    )
    ctx.session.add(assignment)
    await ctx.session.flush()
    await revoke_tokens(ctx.session, tenant.id, account_ids=[account.id])
    await audit.record(
        ctx.session, tenant_id=tenant.id, action="role_assigned", origin=ctx.origin,
        actor_id=principal.account_id, target=("role_assignment", assignment.id),
        after=_snapshot(assignment),
    )
    return assignment


async def revoke_role(ctx: ServiceContext, assignment_id: uuid.UUID) -> uuid.UUID:
    principal = ctx.require_principal()
    assignment = await ctx.session.get(RoleAssignment, (principal.tenant_id, assignment_id))
    if assignment is None:
        raise NotFound("角色分配", assignment_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_roles(principal, tenant):
        raise Forbidden("只有本级委员联络办可以撤销角色")
    before = _snapshot(assignment)
    await ctx.session.delete(assignment)
    await ctx.session.flush()
    await revoke_tokens(ctx.session, tenant.id, account_ids=[assignment.account_id])
    await audit.record(
        ctx.session, tenant_id=tenant.id, action="role_revoked", origin=ctx.origin,
        actor_id=principal.account_id, target=("role_assignment", assignment_id),
        before=before,
    )
    return assignment_id


async def change_password(ctx: ServiceContext, current: str, new: str) -> Account:
    """Change one's own password. Throttled per account; a wrong current password is audited
    in a transaction of its own; every token issued before stops working."""
    principal = ctx.require_principal()
    account = await access_account(ctx, principal.account_id)
    assert ctx.sessions is not None, "change_password needs independent transactions"
    async with ctx.sessions.begin() as session:
        await ratelimit.hit(session, ratelimit.PASSWORD_CHANGE_PER_ACCOUNT, str(account.id))
    try:
        matches = await passwords.verify_password_async(account.password_hash, current)
    except passwords.HashingBusy:
        raise RateLimited(1) from None
    if not matches:
        async with ctx.sessions.begin() as session:
            await apply_scope(session, TenantScope.only(account.tenant_id))
            await audit.record(session, tenant_id=account.tenant_id,
                               action="password_change_failed", origin=ctx.origin,
                               actor_id=account.id, target=("account", account.id))
        raise InvalidCredentials()
    problems = [FieldProblem("newPassword", m) for m in passwords.password_problems(new)]
    if new == current:
        problems.append(FieldProblem("newPassword", "新密码不能与当前密码相同"))
    if problems:
        raise ValidationFailed(problems)
    account.password_hash = await passwords.hash_password_async(new)
    account.token_version += 1
    await ctx.session.flush()
    await audit.record(
        ctx.session, tenant_id=account.tenant_id, action="password_changed",
        origin=ctx.origin, actor_id=account.id, target=("account", account.id),
    )
    return account


async def logout(ctx: ServiceContext) -> Account:
    """End every session of one's own account: tokens issued so far stop working."""
    principal = ctx.require_principal()
    account = await access_account(ctx, principal.account_id)
    account.token_version += 1
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=account.tenant_id, action="logged_out",
                       origin=ctx.origin, actor_id=account.id, target=("account", account.id))
    return account


async def unlock_account(ctx: ServiceContext, account_id: uuid.UUID) -> Account:
    """Lift a login lock on an account of one's own tenant (the office)."""
    principal = ctx.require_principal()
    account = await access_account(ctx, account_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_accounts(principal, tenant):
        raise Forbidden("只有本级委员联络办可以解除账号锁定")
    row = await ctx.session.get(LoginThrottle, throttle_key(tenant.code, account.username))
    before = {"locked_until": row.locked_until.isoformat() if row and row.locked_until
              else None, "failures": row.failures if row else 0}
    if row is not None:
        await ctx.session.delete(row)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="account_unlocked",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("account", account.id), before=before,
                       after={"locked_until": None, "failures": 0})
    return account


async def locked_until(ctx: ServiceContext, account: Account) -> datetime | None:
    tenant = await registry.get_tenant(ctx.session, account.tenant_id)
    row = await ctx.session.get(LoginThrottle, throttle_key(tenant.code, account.username))
    if row is None or row.locked_until is None or row.locked_until <= datetime.now(UTC):
        return None
    return row.locked_until


async def link_member(ctx: ServiceContext, account_id: uuid.UUID,
                      member_id: uuid.UUID | None) -> Account:
    """Tie an account to the member record it belongs to (or untie it): the office's job."""
    from liaison.models import Member

    principal = ctx.require_principal()
    account = await access_account(ctx, account_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_roles(principal, tenant):
        raise Forbidden("只有本级委员联络办可以关联账号与委员")
    if member_id is not None and await ctx.session.get(Member, (tenant.id, member_id)) is None:
        raise NotFound("委员", member_id)
    if member_id is not None:
        taken = await ctx.session.scalar(select(Account.username).where(
            Account.tenant_id == tenant.id, Account.member_id == member_id,
            Account.id != account.id))
        if taken is not None:
            raise ValidationFailed([FieldProblem("memberId", f"该委员已关联账号 {taken}")])
    before = {"member_id": str(account.member_id) if account.member_id else None}
    account.member_id = member_id
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="account_member_linked",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("account", account.id), before=before,
                       after={"member_id": str(member_id) if member_id else None})
    return account
