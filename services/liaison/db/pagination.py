"""Keyset (cursor) pagination: forward only, ``first`` at most 100.

A cursor is the opaque, URL-safe encoding of the last row's sort key.
"""

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, literal, tuple_
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


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def encode_cursor(values: tuple) -> str:
    raw = json.dumps([_plain(v) for v in values], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


MAX_CURSOR = 512  # our cursors are well under this; anything longer is not one of ours
INT_RANGE = {"SmallInteger": 2**15, "Integer": 2**31, "BigInteger": 2**63}
BAD_CURSOR = "分页游标无效，请从第一页重新开始"


def _load(cursor: str) -> Any:
    """The JSON inside a cursor; anything odd (too long, not base64, too deep) is refused."""
    if len(cursor) > MAX_CURSOR:
        raise ValueError("too long")
    padded = cursor + "=" * (-len(cursor) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode()).decode())


def decode_cursor(cursor: str, keys: list[InstrumentedAttribute]) -> list[Any]:
    """The cursor's values, each converted to its key column's type; bad input is refused."""
    try:
        values = _load(cursor)
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        return [_typed(k, v) for k, v in zip(keys, values, strict=True)]
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError, OverflowError) as exc:
        raise PublicError("BAD_CURSOR", BAD_CURSOR) from exc


def _typed(key: InstrumentedAttribute, value: Any) -> Any:
    python_type = key.type.python_type
    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    if python_type in (datetime, date):
        return python_type.fromisoformat(str(value))
    if not isinstance(value, python_type) or isinstance(value, bool) != (python_type is bool):
        raise TypeError(f"{key.key}: {value!r}")
    bound = INT_RANGE.get(type(key.type).__name__)
    if bound is not None and not -bound <= value < bound:
        raise ValueError(f"{key.key}: out of range")
    return value


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
    descending: bool = False,
    rows: bool = False,
) -> Page:
    """Entities selected by ``stmt``, ordered by ``keys`` (unique together, possibly columns of
    joined tables; all descending with ``descending``) and starting after a cursor. With
    ``rows`` the items are the statement's whole rows, which must hold the keys."""
    first = check_first(first)
    if after:
        values = decode_cursor(after, keys)
        bound = [literal(v, type_=k.type) for k, v in zip(keys, values, strict=True)]
        stmt = stmt.where(tuple_(*keys) < tuple_(*bound) if descending
                          else tuple_(*keys) > tuple_(*bound))
    order = [k.desc() for k in keys] if descending else keys
    if rows:
        found = (await session.execute(stmt.order_by(*order).limit(first + 1))).all()
        page = found[:first]
        return Page(items=page, has_next=len(found) > first,
                    cursors=[encode_cursor(tuple(r._mapping[k] for k in keys)) for r in page])
    stmt = stmt.add_columns(*keys).order_by(*order).limit(first + 1)
    found = (await session.execute(stmt)).all()
    has_next = len(found) > first
    found = found[:first]
    width = len(keys)
    return Page(items=[r[0] for r in found],
                cursors=[encode_cursor(tuple(r[-width:])) for r in found], has_next=has_next)


def encode_offset(offset: int) -> str:
    """A cursor for computed lists that page by position (e.g. compliance)."""
    return encode_cursor(("offset", offset))


def decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        tag, offset = _load(cursor)
        if tag != "offset" or not isinstance(offset, int) or not 0 <= offset < MAX_OFFSET:
            raise ValueError
        return offset
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError, OverflowError) as exc:
        raise PublicError("BAD_CURSOR", BAD_CURSOR) from exc


MAX_OFFSET = 10_000_000  # far beyond any list paged by position; PostgreSQL takes an int8
