"""The disclosure's own expected failure: a snapshot with nothing in it is not published."""

from liaison.errors import FieldProblem, ValidationFailed


class EmptySnapshot(ValidationFailed):
    """No serving members, or every count zero: publishing it would say nothing."""

    code = "EMPTY_SNAPSHOT"

    def __init__(self, year: int, quarter: int) -> None:
        super().__init__([FieldProblem(
            "quarter",
            f"{year} 年第 {quarter} 季度没有可公开的数据（无委员或各项均为零），不能发布")])
