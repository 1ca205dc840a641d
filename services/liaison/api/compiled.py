"""Operations answered from a plan compiled once per document, without graphql-core's field
by field execution (issue 14): a ``ResolveInfo`` built, arguments gathered and the value
completed by its type for each of the ~300 fields of a members page cost some 4 ms. A
document whose every field we can answer directly is compiled, the first time it is seen,
into a tree of small functions (``Plan``) run over the objects the domain code returns.

What a plan answers (anything else keeps the general path, untouched):
- one query operation, no fragments, no directives, no repeated response keys;
- each field a plain attribute of its strawberry type, a resolver that takes nothing but
  ``self``, a field in ``QUICK`` (answered from what a page fetched ahead) or an
  asynchronous field in ``ASYNC`` (the root ``tenant``, ``Tenant.members``…);
- leaves serialized by the schema's own scalar and enum types, so the text is the same.

At run time a plan may still give up (``Fallback``: a quick field whose data the page does
not hold, arguments that do not coerce, a refusal): the general path then answers, in the
same transaction. Reads only: nothing is written twice. ``tests/perf/test_compiled_page.py``
compares the two paths' answers document by document.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_operation_ast,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension

from liaison.api import guards
from liaison.errors import DomainError, PublicError

log = logging.getLogger("liaison.api")
DEFINITION = "strawberry-definition"  # strawberry's back reference on each GraphQL type
SLOW = object()  # a QUICK field's answer when the page does not hold what it needs


class Fallback(Exception):
    """This request is answered by the general path."""


class Unsupported(Exception):
    """This document is never compiled."""


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
    fields, keys = [], set()
    definition = type_.extensions.get(DEFINITION)
    by_name = {f.graphql_name or schema.config.name_converter.get_graphql_name(f): f
               for f in definition.fields} if definition else {}
    for node in selection.selections:
        if not isinstance(node, FieldNode) or node.directives:
            raise Unsupported
        key = node.alias.value if node.alias else node.name.value
        if key in keys:
            raise Unsupported
        keys.add(key)
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
        elif not is_leaf_type(named):  # unions and interfaces: graphql-core's
            raise Unsupported
        if (type_.name, name) in ASYNC:
            field.run = ASYNC[type_.name, name]
        else:
            if field.children is not None and field.children.awaits:
                raise Unsupported  # an awaiting field below one answered synchronously
            field.answer = _answer(type_.name, name, field, by_name.get(name))
        fields.append(field)
    awaits = any(f.run is not None or (f.children is not None and f.children.awaits)
                 for f in fields)
    return Plan(type_.name, fields, awaits)


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


@dataclass(eq=False)
class Operation:
    operation: OperationDefinitionNode
    root: Plan


# Plans of small documents only, within the document caches' byte budget (api/guards.py);
# a document that cannot be compiled is kept as NEVER, so it is not tried again.
_plans = guards.Lru(guards.CACHE_BYTES // 8)
NEVER = object()


def operation_for(schema, execution_context) -> Operation | None:
    query = execution_context.query
    if query is None or len(query) > guards.MAX_CACHED_QUERY:
        return None
    key = (schema, query, execution_context.operation_name)
    found = _plans.get(key)
    if found is None:
        try:
            found = _compile(schema, execution_context)
        except Unsupported:
            found = NEVER
        except Exception:  # a bug here must not cost the request: the general path answers
            log.exception("compiling a query failed; it runs on the general path")
            found = NEVER
        _plans.put(key, len(query) * 4, found)
    return None if found is NEVER else found


def _compile(schema, execution_context) -> Operation:
    document = execution_context.graphql_document
    if any(not isinstance(d, OperationDefinitionNode) for d in document.definitions):
        raise Unsupported
    operation = get_operation_ast(document, execution_context.operation_name)
    if (operation is None or operation.operation is not OperationType.QUERY
            or operation.directives
            or any(v.directives for v in operation.variable_definitions or ())):
        raise Unsupported
    root = compile_selection(schema, schema._schema.query_type, operation.selection_set)
    if not all(f.run is not None or f.name == "__typename" for f in root.fields):
        raise Unsupported
    return Operation(operation, root)


def known(schema, query: str, operation_name: str | None) -> Operation | None:
    """The plan of a document already compiled (and so already validated), or None."""
    found = _plans.get((schema, query, operation_name))
    return None if found is NEVER else found


class CompiledQueries(SchemaExtension):
    """Answers a compiled document in ``on_execute``; strawberry then skips its own
    execution (it runs only when no extension has set a result)."""

    async def on_execute(self):
        context = self.execution_context
        if context.result is None and context.graphql_document is not None:
            plan = operation_for(context.schema, context)
            if plan is not None:
                context.result = await answer(plan, context.schema, context.context,
                                              context.variables or {})
        yield


async def answer(plan: Operation, schema, context, variables: dict) -> ExecutionResult | None:
    """The plan's result; None when the general path must answer."""
    coerced = get_variable_values(schema._schema, plan.operation.variable_definitions or (),
                                  variables)
    if isinstance(coerced, list):
        return None  # the general path reports them
    try:
        data = await plan.root.run(context, None, coerced)
    except (Fallback, PublicError, DomainError):
        return None
    except DBAPIError as exc:  # the transaction is lost: masked and logged by ErrorMasking
        return ExecutionResult(data=None, errors=[GraphQLError(str(exc), original_error=exc)])
    except Exception:  # a bug in a plan must not cost the request
        log.exception("a compiled plan failed; the general path answers")
        return None
    return ExecutionResult(data=data)
