"""Expected failures every domain raises; the API maps each to a GraphQL type.

Messages are Chinese: they are shown to office staff and members as they are.
"""

from dataclasses import dataclass, field


class DomainError(Exception):
    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or belongs to a tenant the caller may not see."""

    code = "NOT_FOUND"

    def __init__(self, kind: str, id: object) -> None:
        super().__init__(f"找不到{kind}：{id}")
        self.kind = kind
        self.id = str(id)


class Forbidden(DomainError):
    """The object is in the caller's own tenant, but the caller's roles do not allow this."""

    code = "FORBIDDEN"

    def __init__(self, message: str = "没有权限执行此操作") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass
class ValidationFailed(DomainError):
    problems: list[FieldProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        DomainError.__init__(self, "；".join(p.message for p in self.problems) or "输入有误")

    code = "VALIDATION"


class PublicError(Exception):
    """An error on a query field that may be shown as is (not masked): bad cursor, login
    required, no permission in one's own tenant."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
