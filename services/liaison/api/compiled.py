"""Operations answered from a plan compiled once per document, without graphql-core's field
by field execution (issue 14): a ``ResolveInfo`` built, arguments gathered and the value
completed by its type for each of the ~300 fields of a members page cost some 4 ms. A
document whose every field a plan can answer (``api/plans.py``) is compiled the first time it
is seen: one query operation, or one mutation alone in its operation
(``api/compiled_mutations.py``).

At run time a plan may still give up (``Fallback``: a quick field whose data the page does
not hold, arguments that do not coerce, a refusal): the general path then answers, in the
same transaction — before a mutation's service call only: once it has begun, whatever
happens is answered by the plan (``Written``), so nothing is ever written twice.
``tests/perf/test_compiled_page.py`` and ``test_compiled_mutation.py`` compare the two paths'
answers document by document.
"""

import logging
from dataclasses import dataclass

from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    located_error,
)
from graphql.execution.values import get_variable_values
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension

from liaison.api import guards
from liaison.api.plans import Fallback, Plan, Unsupported, Written, compile_selection
from liaison.errors import DomainError, PublicError

log = logging.getLogger("liaison.api")


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
    if (operation is None or operation.directives
            or any(v.directives for v in operation.variable_definitions or ())):
        raise Unsupported
    if operation.operation is OperationType.QUERY:
        root = compile_selection(schema, schema._schema.query_type, operation.selection_set)
        if not all(f.run is not None or f.name == "__typename" for f in root.fields):
            raise Unsupported
    elif operation.operation is OperationType.MUTATION:
        # Alone in its operation: a refusal rolls the whole request back (api/mutation.py).
        root = compile_selection(schema, schema._schema.mutation_type, operation.selection_set)
        if len(root.fields) != 1 or root.fields[0].run is None:
            raise Unsupported
    else:
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
    except Written as written:  # as graphql-core locates a resolver's error
        field = written.field
        return ExecutionResult(data=None, errors=[
            located_error(written.error, [field.node], [field.key])])
    except (Fallback, PublicError, DomainError):
        return None
    except DBAPIError as exc:  # the transaction is lost: masked and logged by ErrorMasking
        return ExecutionResult(data=None, errors=[GraphQLError(str(exc), original_error=exc)])
    except Exception:  # a bug in a plan must not cost the request
        log.exception("a compiled plan failed; the general path answers")
        return None
    return ExecutionResult(data=data)
