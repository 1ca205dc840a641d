"""The arguments a plan converts with steps made once (api/inputs.py) equal strawberry's own
conversion (``convert_arguments``), for every field of the schema that takes arguments: with
every input field given, with only the required ones, and with the nullable ones null."""

import uuid

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    coerce_input_value,
)
from strawberry.types.arguments import convert_arguments

from liaison.api import inputs
from liaison.api.plans import DEFINITION
from liaison.api.schema import build_schema

SCHEMA = build_schema()
SCALARS = {"String": "文字", "Int": 3, "Float": 1.5, "Boolean": True, "ID": str(uuid.uuid4()),
           "Date": "2025-03-10", "DateTime": "2025-03-10T10:00:00", "Time": "09:30"}


def sample(type_, mode: str, depth: int = 0):
    """A JSON value of ``type_``: ``full`` gives every input field, ``required`` only the
    non-null ones, ``nulls`` every nullable one as null."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type, mode, depth)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type, mode, depth), sample(type_.of_type, mode, depth)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLScalarType):
        return SCALARS[type_.name]
    assert isinstance(type_, GraphQLInputObjectType)
    value = {}
    for name, field in type_.fields.items():
        required = isinstance(field.type, GraphQLNonNull)
        if required or (mode == "full" and depth < 3):
            value[name] = sample(field.type, mode, depth + 1)
        elif mode == "nulls":
            value[name] = None
    return value


def fields_with_arguments():
    for type_ in SCHEMA._schema.type_map.values():
        if type_.name.startswith("__") or not hasattr(type_, "fields") or isinstance(
                type_, GraphQLInputObjectType):
            continue
        definition = type_.extensions.get(DEFINITION) if type_.extensions else None
        if definition is None:
            continue
        by_name = {SCHEMA.config.name_converter.get_graphql_name(f): f
                   for f in definition.fields}
        for name, field in type_.fields.items():
            if field.args and name in by_name:
                yield f"{type_.name}.{name}", field, by_name[name]


FIELDS = sorted(fields_with_arguments(), key=lambda f: f[0])


def test_every_argument_of_the_schema_is_compiled():
    names = [name for name, *_ in FIELDS]
    assert {"Mutation.logContact", "Tenant.members", "Query.tenant"} <= set(names)
    left = [name for name, _, field in FIELDS
            if inputs.compile_arguments(field.arguments, SCHEMA) is None]
    assert left == []


@pytest.mark.parametrize("mode", ["full", "required", "nulls"])
@pytest.mark.parametrize(("name", "graphql_field", "field"), FIELDS, ids=[f[0] for f in FIELDS])
def test_compiled_arguments_equal_strawberrys(name, graphql_field, field, mode):
    values = {}
    for arg_name, argument in graphql_field.args.items():
        if isinstance(argument.type, GraphQLNonNull) or mode != "required":
            raw = sample(argument.type, mode) if (
                mode != "nulls" or isinstance(argument.type, GraphQLNonNull)) else None
            values[arg_name] = coerce_input_value(raw, argument.type)
    compiled = inputs.compile_arguments(field.arguments, SCHEMA)
    expected = convert_arguments(values, field.arguments,
                                 scalar_registry=SCHEMA.schema_converter.scalar_registry,
                                 config=SCHEMA.config)
    got = compiled(values)
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
