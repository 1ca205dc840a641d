"""The ``paths`` fixture: which requests a compiled plan answered (api/compiled.py)."""

import pytest

from liaison.api import compiled


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
