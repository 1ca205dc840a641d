"""Chinese labels for domain enums, so that a value knows its label (``Role.chair.label``)
and every screen, export and GraphQL ``…Label`` field reads the same words."""

import enum
from typing import TypeVar

_LABELS: dict[type, dict] = {}


class Labelled(enum.StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[type(self)][self]


E = TypeVar("E", bound=enum.Enum)


def labels(enum_cls: type[E], mapping: dict[E, str]) -> dict[E, str]:
    """Register every member's label (all of them, or it fails at import)."""
    missing = set(enum_cls) - set(mapping)
    if missing:
        raise ValueError(f"{enum_cls.__name__}: no label for {sorted(missing)}")
    _LABELS[enum_cls] = mapping
    return mapping
