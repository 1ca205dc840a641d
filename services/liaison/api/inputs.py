"""A field's arguments converted as strawberry's ``convert_arguments`` does, with the walk
over the argument types done once when the plan is compiled (issue 14).

Strawberry resolves every input field's type, GraphQL name and kind again on every call:
about 9 % of logging a contact (py-spy, docs/benchmarks.md). ``compile_arguments`` makes the
same steps once — for each argument and input field, its GraphQL name, Python name and a
converter — and answers None for what it does not cover (``Maybe``, ``GlobalID``, an input
with its own ``from_input``, a recursive input), which keeps strawberry's own conversion.
The converters follow ``strawberry.types.arguments.convert_argument`` branch by branch;
``tests/perf/test_inputs.py`` compares both on every argument of the schema.
"""

from collections.abc import Callable
from dataclasses import MISSING
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

Convert = Callable[[Any], Any]


class _Unsupported(Exception):
    pass


def compile_arguments(arguments, schema) -> Callable[[dict], dict] | None:
    """``value -> kwargs`` as ``convert_arguments(value, arguments, …)``, or None."""
    registry, config = schema.schema_converter.scalar_registry, schema.config
    try:
        steps = [(config.name_converter.from_argument(a), a.python_name,
                  _converter(a.type, registry, config, frozenset())) for a in arguments]
    except _Unsupported:
        return None

    def convert(value: dict) -> dict:
        return {python: step(value[name]) for name, python, step in steps if name in value}
    return convert


def _leaf(type_, registry) -> bool:
    if type_ is GlobalID:
        return False
    if isinstance(type_, LazyType):
        return _leaf(type_.resolve_type(), registry)
    return is_scalar(type_, registry) or isinstance(type_, StrawberryEnumDefinition)


def _as_is(value):
    return value


def _converter(type_, registry, config, seen: frozenset) -> Convert:
    if isinstance(type_, StrawberryMaybe) or type_ is GlobalID:
        raise _Unsupported
    if isinstance(type_, StrawberryOptional):  # null and UNSET are kept by every converter
        return _converter(type_.of_type, registry, config, seen)
    if isinstance(type_, StrawberryList):
        item = type_.of_type
        if _leaf(item, registry) or (isinstance(item, StrawberryOptional)
                                     and _leaf(item.of_type, registry)):
            # copied: graphql-core shares one default list between requests
            return lambda value: value if value is None or value is UNSET else list(value)
        each = _converter(item, registry, config, seen)
        return lambda value: (value if value is None or value is UNSET
                              else [each(v) for v in value])
    if _leaf(type_, registry) or has_enum_definition(type_):
        return _as_is
    if isinstance(type_, LazyType):
        return _converter(type_.resolve_type(), registry, config, seen)
    if has_object_definition(type_):
        return _input(type_, registry, config, seen)
    raise _Unsupported


def _input(type_, registry, config, seen: frozenset) -> Convert:
    definition = type_.__strawberry_definition__
    if definition.from_input is not None or type_ in seen:
        raise _Unsupported
    seen = seen | {type_}
    unset = {f.python_name: None for f in definition.fields
             if f.default_value is MISSING and f.default_factory is MISSING
             } if definition.is_input else {}
    fields = [(config.name_converter.from_field(f), f.python_name,
               _converter(f.resolve_type(type_definition=definition), registry, config, seen))
              for f in definition.fields]

    def build(value):
        if value is None or value is UNSET:
            return value
        kwargs = dict(unset)
        for name, python, step in fields:
            if name in value:
                kwargs[python] = step(value[name])
        return type_(**kwargs)
    return build
