"""Steering generated inputs towards the data that exists.

Random ids would almost never name a real row, so only the not-found paths would run. Two
layers mix real values in, each next to the generated one (hypothesis shrinks towards the
first alternative, so a failure's reproduction uses a real value where one was enough):

* scalar strategies: every ``ID`` may be any seeded id, every ``String`` a tenant code, a
  user name, a phone or a boundary-length text, every ``Int`` a boundary or a plausible year;
* a ``flatmap_body`` hook (``specialise``) that, by argument and input-field name, offers ids of
  the right kind: ``termId`` a term (of either county or the city), ``revokeRole(id:)`` a role
  assignment, ``tenant(code:)`` a tenant code, ``after`` a cursor of the server's shape with
  odd values inside, and so on.
"""

import base64
import json

import graphql
import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# Filled by the ``fuzz_world`` fixture before the first case is generated: kind -> values.
POOLS: dict[str, list[str]] = {}


def _cursor(values: list) -> str:
    raw = json.dumps(values, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# ``after``: cursors shaped like the server's own (base64url of a JSON list of sort keys)
# but holding odd values — naive and far-off datetimes, NUL, huge numbers, wrong types.
CURSORS = st.lists(st.one_of(
    st.uuids().map(str),
    st.sampled_from(["2025-01-01T00:00:00", "2025-01-01T00:00:00+08:00", "0001-01-01T00:00:00",
                     "9999-12-31T23:59:59.999999-12:00", "2025-01-01", "0001-01-01",
                     "9999-12-31", "", "\x00", "zz/a\x00b", "长" * 100, "NaN"]),
    st.integers(min_value=-(2**64), max_value=2**64), st.floats(allow_nan=False),
    st.booleans(), st.none(), st.text(max_size=20), st.lists(st.integers(), max_size=2),
), max_size=4).map(_cursor)
STRATEGIES = {"cursor": CURSORS}

FIELD_KINDS = {
    "accountId": "account", "memberId": "member", "constituentId": "constituent",
    "constituentIds": "constituent", "pairingId": "pairing", "decisionId": "decision",
    "sectorId": "sector", "committeeId": "committee", "activityGroupId": "group",
    "termId": "term", "code": "code", "tenantCode": "code", "username": "username",
    "password": "password", "currentPassword": "password", "newPassword": "password",
    "after": "cursor",
}
# What a plain ``id`` argument (or ``input.id``) names, by the root field.
ROOT_ID_KINDS = {
    "member": "member", "constituent": "constituent", "revokeRole": "role",
    "unlockAccount": "account", "updateMember": "member", "updateConstituent": "constituent",
    "updateContact": "contact", "submitFiling": "filing", "returnFiling": "filing",
    "acceptFiling": "filing", "editFiling": "filing", "markNotificationRead": "notification",
    "saveTerm": "term", "saveOrganisationUnit": "unit",
}


def register_scalars(ids: list[str], strings: list[str]) -> None:
    schemathesis.graphql.scalar("ID", st.one_of(
        st.sampled_from(ids), st.uuids().map(str), st.text(max_size=40)).map(nodes.String))
    schemathesis.graphql.scalar("String", st.one_of(
        st.text(), st.sampled_from(strings)).map(nodes.String))
    schemathesis.graphql.scalar("Int", st.one_of(
        st.integers(min_value=-(2**31), max_value=2**31 - 1),
        st.sampled_from([0, 1, 2, 3, 4, 5, 12, 13, 20, 21, 28, 29, 30, 31, 32, 100, 101, 1899,
                         1900, 1999, 2000, 2024, 2025, 2026, 2100, 2101, 9999, -1, 2**31 - 1,
                         -(2**31)])).map(nodes.Int))


class _Sites(graphql.Visitor):
    """Walks a document; at each replaceable value under a known name, records the kind or
    (second pass) puts the chosen value in."""

    def __init__(self, root_field: str, choices: list[str | None] | None = None) -> None:
        super().__init__()
        self.root_field = root_field
        self.names: list[str] = []
        self.kinds: list[tuple[str, graphql.ValueNode]] = []
        self.choices = choices

    def _kind(self) -> str | None:
        if not self.names:
            return None
        name = self.names[-1]
        if name == "id":
            return ROOT_ID_KINDS.get(self.root_field, "any")
        return FIELD_KINDS.get(name)

    def enter_argument(self, node, *_):
        self.names.append(node.name.value)

    def leave_argument(self, node, *_):
        self.names.pop()

    def enter_object_field(self, node, *_):
        self.names.append(node.name.value)

    def leave_object_field(self, node, *_):
        self.names.pop()

    def _value(self, node):
        kind = self._kind()
        if kind is None or not (POOLS.get(kind) or kind in STRATEGIES):
            return None
        if self.choices is None:
            self.kinds.append((kind, node))
            return None
        chosen = self.choices.pop(0)
        return None if chosen is None else graphql.StringValueNode(value=chosen)

    def enter_string_value(self, node, *_):
        return self._value(node)

    def enter_int_value(self, node, *_):
        return self._value(node)

    def enter_null_value(self, node, *_):
        return self._value(node)


def specialise(document: graphql.DocumentNode, root_field: str):
    """A strategy of ``document`` with each named id-like value either kept or replaced."""
    sites = _Sites(root_field)
    graphql.visit(document, sites)
    if not sites.kinds:
        return st.just(document)
    # None keeps the generated value; real values first.
    options = [st.one_of(STRATEGIES[kind] if kind in STRATEGIES else st.sampled_from(POOLS[kind]),
                         st.just(None))
               for kind, _ in sites.kinds]

    def rebuild(choices: tuple) -> graphql.DocumentNode:
        return graphql.visit(document, _Sites(root_field, list(choices)))

    return st.tuples(*options).map(rebuild)


def with_variables(document: str, field: graphql.GraphQLField) -> tuple[str, dict] | None:
    """The same operation with its root field's arguments sent as variables, the way clients
    send them (a different path: variable coercion and the scalars' ``parse_value``)."""
    try:
        operation = graphql.parse(document).definitions[0]
    except graphql.GraphQLError:
        return None
    root = operation.selection_set.selections[0]
    if not isinstance(root, graphql.FieldNode) or not root.arguments:
        return None
    definitions, variables, arguments = [], {}, []
    for n, argument in enumerate(root.arguments):
        declared = field.args.get(argument.name.value)
        if declared is None:  # an argument the schema does not have: left inline
            arguments.append(argument)
            continue
        variable = graphql.VariableNode(name=graphql.NameNode(value=f"v{n}"))
        definitions.append(graphql.VariableDefinitionNode(
            variable=variable, type=graphql.parse_type(str(declared.type)), directives=()))
        variables[f"v{n}"] = graphql.value_from_ast_untyped(argument.value)
        arguments.append(graphql.ArgumentNode(name=argument.name, value=variable))
    if not definitions:
        return None
    root = graphql.FieldNode(alias=root.alias, name=root.name, arguments=tuple(arguments),
                             directives=root.directives, selection_set=root.selection_set)
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation, name=operation.name,
        variable_definitions=tuple(definitions), directives=operation.directives,
        selection_set=graphql.SelectionSetNode(selections=(root,)))
    return graphql.print_ast(graphql.DocumentNode(definitions=(operation,))), variables
