"""账号与角色: the accounts of one's own tenant with their roles and lock state; the office
assigns and revokes roles and lifts login locks. Each post is one service call in a savepoint:
a refusal changes nothing and is shown beside the fields of that account's form."""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.accounts import service as accounts
from liaison.authz import policies
from liaison.console.forms import Form, attempt
from liaison.console.session import console_context
from liaison.console.views import Viewer, page, parse_id, readable_tenant, see_other, viewer
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import Account, Tenant
from liaison.models.account import ROLE_LABELS, Role
from liaison.organisation import service as organisation
from liaison.organisation.service import UnitKind

PAGE = 50
ALL = 100  # role assignments are read whole, a page of the service at a time


@dataclass
class Row:
    account: Account
    assignments: list
    locked_until: object


async def own(ctx: ServiceContext, code: str) -> tuple[Viewer, Tenant]:
    """Accounts are read in one's own tenant only: any other tenant is not found."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    if tenant.id != who.tenant.id:
        raise NotFound("单位", code)
    return who, tenant


async def assignments_by_account(ctx: ServiceContext, tenant: Tenant) -> dict:
    found, after = defaultdict(list), None
    while True:
        chunk = await accounts.list_role_assignments(ctx, tenant, first=ALL, after=after)
        for a in chunk.items:
            found[a.account_id].append(a)
        if not chunk.has_next:
            break
        after = chunk.cursors[-1]
    order = list(Role)
    for items in found.values():
        items.sort(key=lambda a: order.index(a.role))
    return found


async def accounts_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *,
                        after: str | None = None, failed: uuid.UUID | None = None,
                        errors: dict | None = None, form: dict | None = None,
                        status: int = 200) -> Template:
    found = await accounts.list_accounts(ctx, tenant, first=PAGE, after=after)
    roles = await assignments_by_account(ctx, tenant)
    rows = [Row(a, roles.get(a.id, []), await accounts.locked_until(ctx, a))
            for a in found.items]
    principal = ctx.require_principal()
    sectors = {u.id: u.name for u in await organisation.list_units(ctx, tenant,
                                                                     UnitKind.sector)}
    return page("accounts.html", status=status, viewer=who, tenant=tenant, rows=rows,
                role_labels=ROLE_LABELS, sectors=sectors,
                manage_roles=policies.can_manage_roles(principal, tenant),
                manage_accounts=policies.can_manage_accounts(principal, tenant),
                next_cursor=found.cursors[-1] if found.has_next else None,
                failed=failed, errors=errors or {}, form=form or {})


@get("/t/{code:str}/accounts")
async def account_list(request: Request, code: str, after: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who, tenant = await own(ctx, code)
        return await accounts_page(ctx, who, tenant, after=after or None)


@post("/t/{code:str}/accounts/{account_id:str}/roles")
async def assign_role(request: Request, code: str, account_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own(ctx, code)
        account = await accounts.access_account(ctx, parse_id(account_id, "账号"),
                                                tenant=tenant)
        role = form.text("role")
        errors: dict[str, list[str]] = {}
        if role not in set(Role):
            errors["role"] = ["请选择角色"]
        else:
            _, errors = await attempt(ctx, lambda: accounts.assign_role(
                ctx, account.id, Role(role), form.uuid("sector")))
        if errors:
            return await accounts_page(ctx, who, tenant, failed=account.id, errors=errors,
                                       form=form.values, status=400)
    return see_other(f"/t/{tenant.code}/accounts")


@post("/t/{code:str}/roles/{assignment_id:str}/revoke")
async def revoke_role(request: Request, code: str, assignment_id: str) -> Response:
    async with console_context(request) as ctx:
        _, tenant = await own(ctx, code)
        await accounts.revoke_role(ctx, parse_id(assignment_id, "角色分配"))
    return see_other(f"/t/{tenant.code}/accounts")


@post("/t/{code:str}/accounts/{account_id:str}/unlock")
async def unlock(request: Request, code: str, account_id: str) -> Response:
    async with console_context(request) as ctx:
        _, tenant = await own(ctx, code)
        await accounts.unlock_account(ctx, parse_id(account_id, "账号"))
    return see_other(f"/t/{tenant.code}/accounts")
