"""Plans: a query's selection compiled once into a tree of small functions over the objects
the domain code returns (issue 14), run by ``api/compiled.py``.

What a plan answers (anything else raises ``Unsupported`` and keeps the general path):
- no named fragments, no directives, no repeated response keys (but the same leaf again);
- each field a plain attribute of its strawberry type, a resolver that takes nothing but
  ``self``, a field in ``QUICK`` (answered from what a page fetched ahead) or an
  asynchronous field in ``ASYNC`` (the root ``tenant``, ``Tenant.members``, ``logContact``…);
- a union's members chosen by inline fragments on them or on their interfaces;
- leaves serialized by the schema's own scalar and enum types, so the text is the same.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    VariableNode,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments

from liaison.api import inputs

DEFINITION = "strawberry-definition"  # strawberry's back reference on each GraphQL type
SLOW = object()  # a QUICK field's answer when the page does not hold what it needs


class Fallback(Exception):
    """This request is answered by the general path."""


class Unsupported(Exception):
    """This document is never compiled."""


class Written(Exception):
    """A mutation's service call began: the plan answers, never the general path."""

    def __init__(self, error: Exception, field: "Field") -> None:
        super().__init__(str(error))
        self.error, self.field = error, field


# (type name, field name) -> fn(source, arguments) -> value or SLOW; filled by the features.
QUICK: dict[tuple[str, str], Callable[[Any, dict], Any]] = {}
# (type name, field name) -> async fn(context, source, field, variables) -> JSON value; the
# function answers the field's selection itself (``field.children``).
ASYNC: dict[tuple[str, str], Callable[..., Awaitable[Any]]] = {}


@dataclass(eq=False)
class Field:
    key: str
    name: str
    node: FieldNode
    definition: Any  # the GraphQLField (None for __typename)
    children: "Plan | None"  # the selection below, for object fields
    answer: Callable[..., Any] | None = None  # source -> JSON value (sync fields)
    run: Callable[..., Awaitable[Any]] | None = None  # asynchronous fields
    complete: Callable[[Any], Any] | None = None  # value -> JSON, for asynchronous fields
    inputs: Callable[[dict], dict] | None = None  # variables -> strawberry's arguments

    def arguments(self, variables=None) -> dict:
        """Coerced as graphql-core does, defaults included."""
        if not self.definition.args:
            return {}
        try:
            return get_argument_values(self.definition, self.node, variables)
        except GraphQLError:
            raise Fallback from None

    def below(self, *path: str) -> "list[Field]":
        """The fields selected along ``path`` below this one (``nodes``, ``edges``…)."""
        found = [self]
        for name in path:
            found = [c for f in found if f.children for c in f.children.field(name)]
        return found


@dataclass(eq=False)
class Plan:
    """The selection on one object type."""
    type_name: str
    fields: list[Field]
    awaits: bool  # some field below is asynchronous

    def field(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    def sync(self, source) -> dict:
        return {f.key: f.answer(source) for f in self.fields}

    async def run(self, context, source, variables) -> dict:
        out = {}
        for f in self.fields:
            if f.run is not None:
                out[f.key] = await f.run(context, source, f, variables)
            else:
                out[f.key] = f.answer(source)
        return out


def compile_selection(schema, type_: GraphQLObjectType, selection: SelectionSetNode) -> Plan:
    fields, keys = [], {}
    definition = type_.extensions.get(DEFINITION)
    by_name = {f.graphql_name or schema.config.name_converter.get_graphql_name(f): f
               for f in definition.fields} if definition else {}
    for node in selection.selections:
        if not isinstance(node, FieldNode) or node.directives:
            raise Unsupported
        key = node.alias.value if node.alias else node.name.value
        if key in keys:  # the same leaf again (from a fragment) merges; anything else: no
            if (keys[key].name.value != node.name.value or node.arguments
                    or keys[key].arguments or node.selection_set or keys[key].selection_set):
                raise Unsupported
            continue
        keys[key] = node
        name = node.name.value
        if name == "__typename":
            fields.append(Field(key, name, node, None, None, answer=lambda _s, n=type_.name: n))
            continue
        gql_field = type_.fields.get(name)
        if gql_field is None:  # __schema, __type: introspection stays with graphql-core
            raise Unsupported
        field = Field(key, name, node, gql_field, None)
        named = _named(gql_field.type)
        if isinstance(named, GraphQLObjectType) and node.selection_set is not None:
            field.children = compile_selection(schema, named, node.selection_set)
        elif isinstance(named, GraphQLUnionType) and node.selection_set is not None:
            field.children = compile_union(schema, named, node.selection_set)
        elif not is_leaf_type(named):  # interfaces: graphql-core's
            raise Unsupported
        if (type_.name, name) in ASYNC:
            field.run = ASYNC[type_.name, name]
            field.complete = _completer(gql_field.type, field.children)
            field.inputs = _inputs(schema, field, by_name.get(name))
        else:
            if field.children is not None and field.children.awaits:
                raise Unsupported  # an awaiting field below one answered synchronously
            field.answer = _answer(type_.name, name, field, by_name.get(name))
        fields.append(field)
    awaits = any(f.run is not None or (f.children is not None and f.children.awaits)
                 for f in fields)
    return Plan(type_.name, fields, awaits)


@dataclass(eq=False)
class Choice:
    """The selection on a union: a plan for each member type, chosen by the value's class."""
    plans: dict[type, Plan]
    awaits = False

    def field(self, name: str) -> list[Field]:
        return [f for plan in self.plans.values() for f in plan.field(name)]

    def sync(self, value) -> dict:
        plan = self.plans.get(type(value))
        if plan is None:
            raise Fallback
        return plan.sync(value)


def compile_union(schema, union: GraphQLUnionType, selection: SelectionSetNode) -> Choice:
    """Each member's fields in document order: ``__typename`` at the union, and the inline
    fragments on that member or on an interface (or union) it belongs to."""
    plans, core = {}, schema._schema
    for member in union.types:
        nodes = []
        for node in selection.selections:
            if isinstance(node, FieldNode):
                nodes.append(node)  # validation allows only __typename here
                continue
            if (not isinstance(node, InlineFragmentNode) or node.directives
                    or node.type_condition is None):
                raise Unsupported
            condition = core.get_type(node.type_condition.name.value)
            if condition is member or (
                    not isinstance(condition, GraphQLObjectType)
                    and core.is_sub_type(condition, member)):
                nodes.extend(node.selection_set.selections)
        plan = compile_selection(schema, member, SelectionSetNode(selections=tuple(nodes)))
        if plan.awaits:
            raise Unsupported
        plans[member.extensions[DEFINITION].origin] = plan
    return Choice(plans)


def _inputs(schema, field: Field, strawberry_field):
    """The field's arguments as its resolver takes them (strawberry's input classes),
    converted by steps made once (``api/inputs.py``) or else by strawberry itself."""
    arguments = strawberry_field.arguments if strawberry_field is not None else []
    compiled = inputs.compile_arguments(arguments, schema)

    def convert(variables: dict) -> dict:
        try:
            values = field.arguments(variables)
            if compiled is not None:
                return compiled(values)
            return convert_arguments(values, arguments,
                                     scalar_registry=schema.schema_converter.scalar_registry,
                                     config=schema.config)
        except Fallback:
            raise
        except Exception:
            raise Fallback from None  # the general path reports it
    return convert


def _named(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _answer(type_name, name, field: Field, strawberry_field):
    """source -> JSON value for a field answered without awaiting."""
    if (type_name, name) in QUICK:
        if any(_has_variable(a.value) for a in field.node.arguments or ()):
            raise Unsupported  # quick fields take their arguments as literals only
        get = _quick(QUICK[type_name, name], field.arguments())
    elif strawberry_field is None or strawberry_field.permission_classes or (
            strawberry_field.extensions):
        raise Unsupported
    elif strawberry_field.base_resolver is None:
        attribute = strawberry_field.python_name
        get = lambda source: getattr(source, attribute)  # noqa: E731
    else:
        resolver = strawberry_field.base_resolver
        if (resolver.is_async or resolver.arguments or resolver.info_parameter is not None
                or resolver.self_parameter is None):
            raise Unsupported
        get = resolver.wrapped_func
    complete = _completer(field.definition.type, field.children)
    return lambda source: complete(get(source))


def _has_variable(node) -> bool:
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ListValueNode):
        return any(_has_variable(v) for v in node.values)
    if isinstance(node, ObjectValueNode):
        return any(_has_variable(f.value) for f in node.fields)
    return False


def _quick(quick, arguments: dict):
    def get(source):
        value = quick(source, arguments)
        if value is SLOW:
            raise Fallback
        return value
    return get


def _completer(type_, children):
    if isinstance(type_, GraphQLNonNull):
        inner = _completer(type_.of_type, children)

        def non_null(value):
            if value is None:
                raise Fallback  # the general path reports the error as it should
            return inner(value)
        return non_null
    if isinstance(type_, GraphQLList):
        item = _completer(type_.of_type, children)
        return lambda value: None if value is None else [item(v) for v in value]
    if is_leaf_type(type_):
        serialize = type_.serialize
        return lambda value: None if value is None else serialize(value)
    return lambda value: None if value is None else children.sync(value)
