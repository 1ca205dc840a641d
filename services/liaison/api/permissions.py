"""Declared permissions for fields; they call named policies, never Casbin directly."""

from typing import Any

from strawberry.permission import BasePermission

from liaison.api.context import Info


class IsAuthenticated(BasePermission):
    message = "请先登录"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.service.require_principal()  # raises the precise reason
        return True
