"""A compiled plan answered without strawberry's HTTP view (issue 14).

Once a document has been compiled (``api/compiled.py``: only after it parsed and passed every
validation rule on the general path), a later request with the same text, operation name
and a login token skips strawberry's request handling — its extension objects, hooks and
execution context, some 15 % of a members page — and runs the same steps itself:

1. the body as strawberry reads it (``parse_json``), a JSON object with a string query;
2. the string arguments checked for control characters (``guards``, cached per document);
3. the request boundary: the principal loaded (``boundary.authenticate``);
4. the plan; 5. commit (roll back a refused mutation), or the same masked error
   ``ErrorMasking`` would give, with nothing kept.

``api/fast_lane.py`` calls it ahead of Litestar's routing. Anything else — no plan yet, a
batch, an integration key, no principal, a plan that falls back — goes to strawberry as ever,
in the same context (``authenticate`` does not load a principal twice).
``tests/perf/test_compiled_page.py`` sends each document through both.
"""

import json
from typing import Any

import msgspec
from cross_web import HTTPException
from graphql import OperationType

from liaison import boundary
from liaison.api import compiled, guards
from liaison.api.extensions import ErrorMasking, boundary_error
from liaison.db import faults


def parse_json(data: str | bytes) -> Any:
    """A body that is not a JSON object is the client's mistake: 400, never 500 (``5``, a
    4,301-digit number, nesting deeper than the parser goes). Strawberry's view parses with
    it too (``app.py``)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise HTTPException(400, "请求体不是有效的 JSON") from None
    if not isinstance(value, dict | list):
        raise HTTPException(400, "请求体须为 JSON 对象：{\"query\": …}")
    if isinstance(value, list) and not all(isinstance(v, dict) for v in value):
        raise HTTPException(400, "请求体须为 JSON 对象：{\"query\": …}")
    return value


def _request_data(body: bytes) -> tuple[str, dict, str | None] | None:
    try:
        data = parse_json(body)
    except HTTPException:  # strawberry answers the same body with its 400
        return None
    if not isinstance(data, dict):
        return None
    query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
    if (not isinstance(query, str) or not isinstance(variables, dict | None)
            or not isinstance(name, str | None)
            or not isinstance(data.get("extensions"), dict | None)):
        return None
    return query, variables or {}, name


async def answer(schema, body: bytes, context) -> bytes | None:
    """The response body for a compiled document, or None: strawberry answers, in the same
    context (``api/fast_lane.py`` hands it over)."""
    if context.credentials.claims is None or context.credentials.api_key is not None:
        return None
    found = _request_data(body)
    if found is None:
        return None
    query, variables, name = found
    plan = compiled.known(schema, query, name)
    steps = guards.known_steps(query, name)
    if plan is None or steps is None or guards.problems(steps, variables):
        return None
    service = context.service
    try:
        await boundary.authenticate(service, context.credentials)
    except Exception:  # noqa: BLE001 - strawberry's path meets it again and reports it
        return None
    if service.principal is None:
        return None
    try:
        result = await compiled.answer(plan, schema, context, variables)
    except BaseException:  # cancelled: nothing kept, the connection given back
        await boundary.abandon(service)
        raise
    if result is None:
        return None
    if result.errors:
        await boundary.abandon(service)
        return msgspec.json.encode({"data": None, "errors": [
            ErrorMasking._process(e, context.request_id).formatted for e in result.errors]})
    try:  # a refused mutation changes nothing (api/mutation._alone)
        await boundary.finish(service, commit=not service.refused)
    except Exception as exc:  # noqa: BLE001 - as RequestTransaction answers it
        # A mutation's commit that failed may or may not have been kept: we cannot say.
        mutation = plan.operation.operation is OperationType.MUTATION
        message = faults.COMMIT_MESSAGE if mutation else faults.MESSAGE
        return msgspec.json.encode({"data": None, "errors": [
            boundary_error(exc, context.request_id, message).formatted]})
    finally:
        await boundary.end(service)
    return msgspec.json.encode({"data": result.data})
