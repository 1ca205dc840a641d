"""JSON-safe before/after values of rows, for the audit log."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import inspect


def snapshot(row: object, skip: frozenset[str] = frozenset({"created_at", "updated_at"})
             ) -> dict:
    values = {}
    for attr in inspect(row).mapper.column_attrs:
        if attr.key in skip:
            continue
        values[attr.key] = _json(getattr(row, attr.key))
    return values


def _json(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
