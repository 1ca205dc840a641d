"""Accounts and role assignments. ``access_*`` answers not-found for other tenants' ids."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from liaison.accounts import passwords
from liaison.accounts.errors import InvalidCredentials
from liaison.audit import service as audit
from liaison.authz import policies
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, PublicError, ValidationFailed
from liaison.models import Account, RoleAssignment, Sector, Tenant
from liaison.models.account import Role
from liaison.tenancy import registry


async def own_tenant(ctx: ServiceContext) -> Tenant:
    principal = ctx.require_principal()
    tenant = await registry.get_tenant(ctx.session, principal.tenant_id)
    assert tenant is not None
    return tenant


async def access_account(ctx: ServiceContext, account_id: uuid.UUID) -> Account:
    """An account in the caller's own tenant; anything else is not found."""
    principal = ctx.require_principal()
    account = await ctx.session.get(Account, (principal.tenant_id, account_id))
    if account is None:
        raise NotFound("账号", account_id)
    return account


async def list_accounts(ctx: ServiceContext, tenant: Tenant, *, first: int,
                        after: str | None) -> Page[Account]:
    principal = ctx.require_principal()
    if not policies.can_read_accounts(principal, tenant):
        raise PublicError("FORBIDDEN", "没有权限查看该单位的账号")
    stmt = select(Account).where(Account.tenant_id == tenant.id)
    return await paginate(ctx.session, stmt, [Account.username], first=first, after=after)


async def list_role_assignments(ctx: ServiceContext, tenant: Tenant, *, first: int,
                                after: str | None) -> Page[RoleAssignment]:
    principal = ctx.require_principal()
    if not policies.can_read_roles(principal, tenant):
        raise PublicError("FORBIDDEN", "没有权限查看该单位的角色分配")
    stmt = select(RoleAssignment).where(RoleAssignment.tenant_id == tenant.id)
    return await paginate(ctx.session, stmt, [RoleAssignment.id], first=first, after=after)


def _snapshot(assignment: RoleAssignment) -> dict:
    return {
        "account_id": str(assignment.account_id),
        "role": str(assignment.role),
        "sector_id": str(assignment.sector_id) if assignment.sector_id else None,
    }


async def assign_role(ctx: ServiceContext, account_id: uuid.UUID, role: Role,
                      sector_id: uuid.UUID | None) -> RoleAssignment:
    principal = ctx.require_principal()
    account = await access_account(ctx, account_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_roles(principal, tenant):
        raise Forbidden("只有本级委员联络办可以分配角色")
    problems = []
    if role is Role.convenor:
        if sector_id is None:
            problems.append(FieldProblem("sectorId", "界别召集人须指定所召集的界别"))
        elif await ctx.session.get(Sector, (tenant.id, sector_id)) is None:
            problems.append(FieldProblem("sectorId", f"本单位没有该界别：{sector_id}"))
    elif sector_id is not None:
        problems.append(FieldProblem("sectorId", "只有界别召集人角色需要指定界别"))
    if not problems:
        duplicate = await ctx.session.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.tenant_id == tenant.id,
                RoleAssignment.account_id == account.id,
                RoleAssignment.role == role,
                RoleAssignment.sector_id.is_(None) if sector_id is None
                else RoleAssignment.sector_id == sector_id,
            )
        )
        if duplicate is not None:
            problems.append(FieldProblem("role", "该账号已拥有此角色"))
    if problems:
        raise ValidationFailed(problems)
    assignment = RoleAssignment(
        tenant_id=tenant.id, id=uuid.uuid4(), account_id=account.id, role=role,
        sector_id=sector_id, granted_by=principal.account_id, granted_at=datetime.now(UTC),
    )
    ctx.session.add(assignment)
    await ctx.session.flush()
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
    await audit.record(
        ctx.session, tenant_id=tenant.id, action="role_revoked", origin=ctx.origin,
        actor_id=principal.account_id, target=("role_assignment", assignment_id),
        before=before,
    )
    return assignment_id


async def change_password(ctx: ServiceContext, current: str, new: str) -> Account:
    principal = ctx.require_principal()
    account = await access_account(ctx, principal.account_id)
    if not passwords.verify_password(account.password_hash, current):
        raise InvalidCredentials()
    problems = [FieldProblem("newPassword", m) for m in passwords.password_problems(new)]
    if new == current:
        problems.append(FieldProblem("newPassword", "新密码不能与当前密码相同"))
    if problems:
        raise ValidationFailed(problems)
    account.password_hash = passwords.hash_password(new)
    await ctx.session.flush()
    await audit.record(
        ctx.session, tenant_id=account.tenant_id, action="password_changed",
        origin=ctx.origin, actor_id=account.id, target=("account", account.id),
    )
    return account


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
