"""What a client may send to /graphql, checked before anything runs.

- One ``login`` per request: several aliased logins in one request were a way around the
  lockout (each attempt is also committed on its own, accounts/auth.py).
- String literals of at most ``MAX_STRING_LITERAL`` characters (the body itself is limited to
  64 KB by the app).
- No C0 control characters in any string argument, literal or variable; newline, tab and CR
  only in fields that hold several lines. The operation is refused whole with
  ``INVALID_INPUT``, so nothing changes.
- A parse and validation cache bounded in bytes: only documents up to ``MAX_CACHED_QUERY``
  characters are cached, so a flood of large documents cannot grow it.
"""

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValidationRule,
    VariableNode,
    parse,
    visit,
)
from graphql.language import ArgumentNode, Visitor
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_STRING_LITERAL = 10_000
MAX_CACHED_QUERY = 8 * 1024
CACHE_BYTES = 8 * 1024 * 1024
MULTILINE_FIELDS = frozenset({"content", "opinions", "remarks", "body", "mainPractices",
                              "main_practices", "reason", "note", "text", "instruction",
                              "rejectionReason", "rejection_reason", "notes", "raised",
                              "summary", "notice", "description", "conclusion", "comment"})
_LINE_BREAKS = frozenset("\t\n\r")


class OneLoginPerRequest(ValidationRule):
    def __init__(self, context) -> None:
        super().__init__(context)
        self.logins = 0

    def enter_field(self, node, *_args) -> None:
        parent = self.context.get_parent_type()
        if node.name.value == "login" and parent is not None and parent.name == "Mutation":
            self.logins += 1
            if self.logins == 2:
                self.report_error(GraphQLError("每个请求最多只能登录一次（login 只能出现一次）",
                                               node))


class StringLiteralLimit(ValidationRule):
    def enter_string_value(self, node: StringValueNode, *_args) -> None:
        if len(node.value) > MAX_STRING_LITERAL:
            self.report_error(GraphQLError(
                f"字符串过长：最多 {MAX_STRING_LITERAL} 个字符", node))


RULES = (OneLoginPerRequest, StringLiteralLimit)


def control_problem(field: str, value: str) -> str | None:
    """Why a string may not be stored in ``field`` (None: it may)."""
    for char in value:
        if ord(char) < 0x20 or char == "\x7f":
            if char in _LINE_BREAKS and field in MULTILINE_FIELDS:
                continue
            kind = "换行或制表符" if char in _LINE_BREAKS else "控制字符"
            return f"{field} 含有不允许的{kind}（U+{ord(char):04X}），未做任何修改"
    return None


class _Arguments(Visitor):
    """The string arguments of a document, in order: a literal's text, or the variable whose
    value will be checked (with the argument or input field it lands in)."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[tuple[str, bool, Any]] = []  # (field, is a variable, text or name)

    def enter_argument(self, node: ArgumentNode, *_args) -> None:
        self._node(node.name.value, node.value)

    def _node(self, field: str, node) -> None:
        if isinstance(node, StringValueNode):
            self.steps.append((field, False, node.value))
        elif isinstance(node, VariableNode):
            self.steps.append((field, True, node.name.value))
        elif isinstance(node, ListValueNode):
            for item in node.values:
                self._node(field, item)
        elif isinstance(node, ObjectValueNode):
            for item in node.fields:
                self._node(item.name.value, item.value)


def known_steps(query: str, operation_name: str | None):
    """Where a cached document's string arguments sit, or None when not cached."""
    return _arguments.get((query, operation_name))


def problems(steps, variables: dict[str, Any]) -> list[str]:
    """What is wrong with the strings the ``steps`` point at (empty: nothing)."""
    refused: list[str] = []

    def value(field: str, found: Any) -> None:
        if isinstance(found, str):
            problem = control_problem(field, found)
            if problem and problem not in refused:
                refused.append(problem)
        elif isinstance(found, list):
            for item in found:
                value(field, item)
        elif isinstance(found, dict):
            for key, item in found.items():
                value(str(key), item)

    for field, is_variable, text in steps:
        value(field, variables.get(text) if is_variable else text)
    return refused


def _steps_of(document, operation_name: str | None):
    visitor = _Arguments()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
                operation_name is None
                or (definition.name and definition.name.value == operation_name)):
            visit(definition, visitor)
    # Fragments used by the operation carry arguments too.
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            visit(definition, visitor)
    return tuple(visitor.steps)


class InputGuard(SchemaExtension):
    """Refuses an operation whose string arguments carry control characters. Where the
    arguments sit is found once per (small) document; the values are checked every time."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            query = context.query
            cached = query is not None and len(query) <= MAX_CACHED_QUERY
            key = (query, context.operation_name)
            steps = _arguments.get(key) if cached else None
            if steps is None:
                steps = _steps_of(document, context.operation_name)
                if cached:
                    _arguments.put(key, len(query), steps)
            found = problems(steps, context.variables or {})
            if found:
                context.result = ExecutionResult(data=None, errors=[
                    GraphQLError(p, extensions={"code": "INVALID_INPUT"}) for p in found])
        yield


class Lru:
    """A cache bounded by the sizes its entries are put with, least recently used out first."""

    def __init__(self, budget: int) -> None:
        self.items: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
        self.budget, self.used = budget, 0

    def get(self, key: Any) -> Any:
        found = self.items.get(key)
        if found is None:
            return None
        self.items.move_to_end(key)
        return found[1]

    def put(self, key: Any, size: int, value: Any) -> None:
        if key in self.items:
            return
        self.items[key] = (size, value)
        self.used += size
        while self.used > self.budget and self.items:
            _, (old, _) = self.items.popitem(last=False)
            self.used -= old


# A parsed document is some ten times its text; the caches together (with compiled plans,
# api/compiled.py) stay near CACHE_BYTES.
_parsed = Lru(CACHE_BYTES // 2)
_validated = Lru(CACHE_BYTES // 4)
_arguments = Lru(CACHE_BYTES // 8)


class DocumentCache(SchemaExtension):
    """Parse and validation caches for small documents only; large ones are not kept."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and len(query) <= MAX_CACHED_QUERY:
            document = _parsed.get(query)
            if document is None:
                try:
                    document = parse(query, **context.parse_options)
                except GraphQLError:
                    document = None  # strawberry parses it again and reports the error
                else:
                    _parsed.put(query, len(query) * 10, document)
            context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if (query is not None and len(query) <= MAX_CACHED_QUERY
                and context.graphql_document is _parsed.get(query)):
            key = (query, tuple(context.validation_rules))
            errors = _validated.get(key)
            if errors is None:
                errors = validate_document(context.schema._schema, context.graphql_document,
                                           tuple(context.validation_rules))
                _validated.put(key, len(query) * 2, errors)
            context.pre_execution_errors = list(errors)
        yield
