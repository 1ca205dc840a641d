"""Date and DateTime as strawberry parses them, within years a liaison record can have.

A client may send any ISO date; ``0001-01-01T00:00:00+05:00`` parsed fine and then overflowed
when converted to UTC deep inside a service. Here anything outside 1900–2100 (after the
conversion to UTC) is a coercion error, which the API answers as ``INVALID_INPUT``.
"""

import dataclasses
import datetime as dt

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition

EARLIEST, LATEST = 1900, 2100


def _in_range(value: dt.date | dt.datetime, type_: str) -> None:
    try:
        year = (value.astimezone(dt.UTC).year
                if isinstance(value, dt.datetime) and value.tzinfo else value.year)
    except OverflowError:
        year = 0
    if not EARLIEST <= year <= LATEST:
        raise StrawberryInputCoercionError(
            f"{type_} 须在 {EARLIEST} 年到 {LATEST} 年之间：{value.isoformat()}")


def _bounded(parse, type_: str):
    def inner(value: object):
        parsed = parse(value)
        _in_range(parsed, type_)
        return parsed

    return inner


Date = dataclasses.replace(DateDefinition,
                           parse_value=_bounded(DateDefinition.parse_value, "Date"))
DateTime = dataclasses.replace(DateTimeDefinition,
                               parse_value=_bounded(DateTimeDefinition.parse_value, "DateTime"))
OVERRIDES = {dt.date: Date, dt.datetime: DateTime}
