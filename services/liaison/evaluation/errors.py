"""The evaluation's own expected failures. The two about the round are validation errors
with their own code (GraphQL answers them as ``ValidationErrors`` naming the field, code
``ROUND_EXISTS`` or ``ROUND_CLOSED``); a code that cannot be used has one message whatever
the reason (unknown, used, replaced, its round closed, another tenant's)."""

from liaison.errors import DomainError, FieldProblem, ValidationFailed

INVALID_CODE = "评议码无效或已使用"


class RoundExists(ValidationFailed):
    """Each tenant evaluates a year once."""

    code = "ROUND_EXISTS"

    def __init__(self, year: int) -> None:
        super().__init__([FieldProblem("year", f"{year} 年度的群众评议已经开启，每年只能开启一次")])


class RoundClosed(ValidationFailed):
    """The standing committee reviewed the round: it changes no more."""

    code = "ROUND_CLOSED"

    def __init__(self, year: int) -> None:
        super().__init__([FieldProblem("roundId",
                                       f"{year} 年度的群众评议已审议结束，不能再修改")])


class InvalidCode(DomainError):
    code = "INVALID_CODE"

    def __init__(self) -> None:
        super().__init__(INVALID_CODE)
