"""Reading console forms and showing a service's refusal next to the fields it names.

Services name fields as GraphQL does (``name``, ``sectorId``, ``constituent.sectorId``);
``FIELD_INPUTS`` maps them to the inputs of the console's forms. A problem with no input of
its own is shown above the form (key ``_form``).
"""

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from litestar import Request

from liaison.api.guards import control_problem
from liaison.context import ServiceContext
from liaison.errors import DomainError, Forbidden, NotFound, PublicError, ValidationFailed

T = TypeVar("T")
FORM = "_form"
MAX_TEXT = 5000  # longer than any field the services accept; they refuse it with a message

FIELD_INPUTS = {
    "sectorId": "sector", "committeeId": "committee", "activityGroupId": "group",
    "workUnit": "work_unit", "isLeadingCadre": "is_leading_cadre", "termId": FORM,
    "memberId": FORM, "pairingId": FORM, "constituent": FORM, "constituentId": FORM,
    "constituent.name": "constituent_name", "constituent.phone": "constituent_phone",
    "constituent.category": "category", "constituent.sectorId": "constituent_sector",
    "constituent.workUnit": "constituent_work_unit", "constituent.post": "constituent_post",
    "constituent.party": "constituent_party", "endedOn": "ended_on", "leftOn": "left_on",
    "occurredAt": "occurred_on", "constituentIds": "constituents", "serviceKinds": "kinds",
    "decisionId": FORM, "startedOn": "started_on",
}


def field_errors(error: DomainError) -> dict[str, list[str]]:
    """The refusal as messages per input name."""
    errors: dict[str, list[str]] = {}
    problems = error.problems if isinstance(error, ValidationFailed) else []
    for problem in problems:
        errors.setdefault(FIELD_INPUTS.get(problem.field, problem.field), []).append(
            problem.message)
    if not problems:
        errors[FORM] = [error.message]
    return errors


async def attempt(ctx: ServiceContext, call: Callable[[], Awaitable[T]]
                  ) -> tuple[T | None, dict[str, list[str]]]:
    """A service call in a savepoint, as GraphQL mutations run: a refusal changes nothing and
    comes back as field errors. Not found and forbidden propagate (404 and 403 pages)."""
    savepoint = await ctx.session.begin_nested()
    try:
        result = await call()
    except (NotFound, Forbidden):
        await savepoint.rollback()
        raise
    except DomainError as error:
        await savepoint.rollback()
        return None, field_errors(error)
    await savepoint.commit()
    return result, {}


class Form:
    """A submitted form's fields as strings (missing fields are empty)."""

    def __init__(self, values: dict[str, str], lists: dict[str, list[str]]) -> None:
        self.values, self.lists = values, lists

    @classmethod
    async def read(cls, request: Request) -> "Form":
        """The form's text fields; a field longer than MAX_TEXT or holding control characters
        refuses the whole post (a 400 page), as GraphQL's input guard does."""
        data = await request.form()
        values = {k: str(v) for k, v in data.items() if isinstance(v, str)}
        lists = {k: [str(v) for v in data.getall(k) if isinstance(v, str)] for k in data}
        for key, items in lists.items():
            for value in items:
                if len(value) > MAX_TEXT:
                    raise PublicError("INVALID_INPUT",
                                      f"{key} 超过 {MAX_TEXT} 个字符，未做任何修改")
                problem = control_problem(key, value)
                if problem:
                    raise PublicError("INVALID_INPUT", problem)
        return cls(values, lists)

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def all(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            return uuid.UUID(int=0)  # not one of ours: the service answers "no such …"

    def date(self, name: str, errors: dict[str, list[str]], label: str) -> date | None:
        value = self.text(name)
        if value is None:
            errors.setdefault(name, []).append(f"请填写{label}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            errors.setdefault(name, []).append(f"{label}格式应为 2025-03-31")
            return None
