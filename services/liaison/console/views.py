"""What every console page shares: who is looking (the nav), rendering, and the error pages.

The nav shows what a role may do; the services still refuse anything else (a forged post
meets the same checks as GraphQL).
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from liaison.accounts import service as accounts
from liaison.authz import policies
from liaison.console.session import ConsoleUnavailable, LoginRequired
from liaison.context import ServiceContext
from liaison.errors import DomainError, Forbidden, NotFound, PublicError
from liaison.members import service as members
from liaison.models import Member, Tenant
from liaison.models.account import ROLE_LABELS, Role
from liaison.models.tenant import TenantLevel
from liaison.notifications import service as notifications
from liaison.tenancy import service as tenancy
from liaison.tenancy.access import own_tenant

STAFF = {Role.chair, Role.leadership, Role.office, Role.committee, Role.convenor}
CITY_OVERVIEW = {Role.chair, Role.leadership, Role.office}
# Paths that answer JSON (bearer-token APIs); everything else is the console's HTML.
API_PREFIXES = ("/graphql", "/files", "/healthz", "/readyz")


@dataclass
class Viewer:
    """The signed-in account as the layout shows it."""

    name: str
    tenant: Tenant
    roles: list[Role]
    member_id: uuid.UUID | None
    unread: int
    permissions: frozenset[str]
    manages_all: bool = False  # changes every member of its tenant (imports): the office

    @property
    def role_labels(self) -> str:
        return "、".join(ROLE_LABELS[r] for r in self.roles) or "无角色"

    @property
    def is_member(self) -> bool:
        return Role.member in self.roles and self.member_id is not None \
            and not STAFF.intersection(self.roles)

    @property
    def is_staff(self) -> bool:
        return bool(STAFF.intersection(self.roles))

    @property
    def sees_city(self) -> bool:
        return self.tenant.level is TenantLevel.city and bool(
            CITY_OVERVIEW.intersection(self.roles))

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def home(self) -> str:
        if self.is_member:
            return "/me"
        if self.roles and set(self.roles) == {Role.venue_staff}:
            return "/venue"
        if self.sees_city:
            return "/city"
        return f"/t/{self.tenant.code}"


async def viewer(ctx: ServiceContext) -> Viewer:
    principal = ctx.require_principal()
    account = await accounts.access_account(ctx, principal.account_id)
    tenant = await own_tenant(ctx)
    unread = await notifications.unread_count(ctx) if principal.member_id else 0
    return Viewer(name=account.display_name, tenant=tenant,
                  roles=sorted(set(principal.roles), key=list(Role).index),
                  member_id=principal.member_id, unread=unread,
                  permissions=frozenset(policies.permissions(principal)),
                  manages_all=policies.manageable_members(principal, tenant).everyone)


async def readable_tenant(ctx: ServiceContext, code: str) -> Tenant:
    """The tenant with this code if the caller may see it; not found otherwise."""
    tenant = await tenancy.find_tenant(ctx, code)
    if tenant is None:
        raise NotFound("单位", code)
    return tenant


async def member_page(ctx: ServiceContext, code: str, member_id: str
                      ) -> tuple["Viewer", Tenant, Member]:
    """What a member's page needs: the viewer, the page's tenant and the member it names
    (not found when the caller may not read it there)."""
    who = await viewer(ctx)
    tenant = await readable_tenant(ctx, code)
    member = await members.access_member(ctx, parse_id(member_id, "委员"), tenant=tenant)
    return who, tenant, member


def parse_id(value: str, kind: str) -> uuid.UUID:
    """An id from the address or a form; anything that is not one of ours is not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(kind, value) from None


def chart(labels: list[str], values: list, *, name: str, unit: str = "%",
          maximum: int | None = 100) -> str:
    """The JSON a ``data-chart`` element carries (console.js draws it with ECharts)."""
    return json.dumps({"labels": labels, "values": values, "name": name, "unit": unit,
                       "max": maximum}, ensure_ascii=False)


def page(name: str, status: int = 200, **context: Any) -> Template:
    return Template(template_name=name, context=context, status_code=status)


def see_other(path: str) -> Redirect:
    """After a successful post (or to send the reader elsewhere): 303, then a GET."""
    return Redirect(path=path, status_code=HTTP_303_SEE_OTHER)


def to_login(message: str) -> Redirect:
    return see_other(f"/login?message={quote(message)}")


def error_page(status: int, title: str, message: str) -> Template:
    return page("error.html", status=status, title=title, message=message)


def not_found_page(message: str = "您要找的页面不存在，或您没有查看权限。") -> Template:
    return error_page(HTTP_404_NOT_FOUND, "找不到页面", message)


def forbidden_page(message: str = "您没有权限执行此操作。") -> Template:
    return error_page(HTTP_403_FORBIDDEN, "没有权限", message)


def _api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIXES)


def console_error_handler(request: Request, exc: Exception) -> Response:
    """Errors of console pages as Chinese pages: not found 404, forbidden 403, no session a
    redirect to /login, the database away 503."""
    if isinstance(exc, LoginRequired):
        return to_login(exc.message)
    if isinstance(exc, ConsoleUnavailable):
        return error_page(HTTP_503_SERVICE_UNAVAILABLE, "暂时无法访问",
                          "数据库暂时不可用，请稍后重试。")
    if isinstance(exc, NotFound):
        return not_found_page()
    if isinstance(exc, Forbidden) or getattr(exc, "code", "") == "FORBIDDEN":
        return forbidden_page(str(exc))
    if isinstance(exc, PublicError | DomainError):
        return error_page(HTTP_400_BAD_REQUEST, "请求有误", str(exc))
    raise exc


def http_error_handler(request: Request, exc: Exception) -> Response:
    """Litestar's own 404 (no such route) and 403 (the CSRF check): a Chinese page for the
    console, the usual JSON for the APIs."""
    status = HTTP_404_NOT_FOUND if isinstance(exc, NotFoundException) else HTTP_403_FORBIDDEN
    if _api(request):
        return Response({"status_code": status, "detail": getattr(exc, "detail", "")},
                        status_code=status)
    if isinstance(exc, PermissionDeniedException):
        return forbidden_page("页面已过期或请求来源无法验证，请刷新页面后重试。")
    return not_found_page()
