"""Keyset (cursor) pagination: forward only, ``first`` at most 100.

A cursor is the opaque, URL-safe encoding of the last row's sort key.
"""

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from liaison.errors import PublicError

MAX_PAGE = 100
DEFAULT_PAGE = 20
T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next: bool


def encode_cursor(values: tuple) -> str:
    raw = json.dumps([str(v) if isinstance(v, uuid.UUID) else v for v in values],
                     ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != width:
            raise ValueError
        return values
    except ValueError as exc:
        raise PublicError("BAD_CURSOR", "分页游标无效，请从第一页重新开始") from exc


def check_first(first: int) -> int:
    if first < 1 or first > MAX_PAGE:
        raise PublicError("BAD_PAGE_SIZE", f"每页条数须在 1 到 {MAX_PAGE} 之间")
    return first


async def paginate(
    session: AsyncSession,
    stmt: Select,
    keys: list[InstrumentedAttribute],
    *,
    first: int,
    after: str | None,
) -> Page:
    """Rows of ``stmt`` ordered by ``keys`` (which must be unique together) after a cursor."""
    first = check_first(first)
    if after:
        values = decode_cursor(after, len(keys))
        stmt = stmt.where(tuple_(*keys) > tuple_(*values))
    rows = list((await session.scalars(stmt.order_by(*keys).limit(first + 1))).all())
    has_next = len(rows) > first
    rows = rows[:first]
    cursors = [encode_cursor(tuple(getattr(r, k.key) for k in keys)) for r in rows]
    return Page(items=rows, cursors=cursors, has_next=has_next)
