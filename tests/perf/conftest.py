"""Which requests a compiled plan answered (``paths``: api/compiled.py) and which were
answered before strawberry's view (``fast_answers``: api/fast_http.py)."""

import pytest

from liaison.api import compiled, fast_http


@pytest.fixture
def paths(monkeypatch):
    """Counts the requests a compiled plan answered; ``off()`` turns the plans off."""
    taken = []
    answer, plan_for, known = compiled.answer, compiled.operation_for, compiled.known

    async def counted(*args):
        result = await answer(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(compiled, "answer", counted)

    class Paths:
        def answered(self) -> int:
            return sum(taken)

        def off(self):
            monkeypatch.setattr(compiled, "operation_for", lambda *_: None)
            monkeypatch.setattr(compiled, "known", lambda *_: None)

        def on(self):
            monkeypatch.setattr(compiled, "operation_for", plan_for)
            monkeypatch.setattr(compiled, "known", known)

    return Paths()


@pytest.fixture
def fast_answers(monkeypatch) -> list[bool]:
    """One entry per GraphQL request: True when ``fast_http`` answered it."""
    answered: list[bool] = []
    fast = fast_http.answer

    async def counted(*args):
        response = await fast(*args)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(fast_http, "answer", counted)
    return answered
