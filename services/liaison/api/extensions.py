"""Schema extensions: the request transaction with its RLS scope, and error masking."""

import logging
import re
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from liaison import boundary
from liaison.db import faults
from liaison.errors import DomainError, PublicError
from liaison.security import ratelimit

log = logging.getLogger("liaison.api")


class RequestTransaction(SchemaExtension):
    """One transaction per operation: authenticate, set the tenant scope, run, then commit —
    or roll back when the operation produced an (unexpected) error.

    Its hook exits last (after ErrorMasking). A failure here — loading the principal, or the
    commit itself — is raised as one masked GraphQLError, which strawberry answers with
    ``data: null``: a response never claims a write the database did not acknowledge."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        service = context.service
        request_id = context.request_id
        try:
            try:
                await boundary.authenticate(service, context.credentials)
            except Exception as exc:
                raise boundary_error(exc, request_id, faults.MESSAGE) from None
            if context.credentials.claims is None and service.principal is None:
                await _limit_anonymous(context)  # an integration key is limited per key
            yield
            result = self.execution_context.result
            failed = bool(getattr(result, "errors", None))
            if failed and _is_mutation(self.execution_context):
                result.data = None  # rolled back whole: no field may claim a change not kept
            try:
                await boundary.finish(service, commit=not (failed or service.refused))
            except Exception as exc:
                mutation = _is_mutation(self.execution_context)
                raise boundary_error(exc, request_id, faults.COMMIT_MESSAGE if mutation
                                     else faults.MESSAGE) from None
        except BaseException:
            await boundary.finish(service, commit=False)
            raise
        finally:
            await boundary.end(service)


def _is_mutation(execution_context) -> bool:
    if execution_context.graphql_document is None:  # it did not even parse
        return False
    try:
        return execution_context.operation_type == OperationType.MUTATION
    except RuntimeError:  # no such operation in the document
        return False


async def _limit_anonymous(context) -> None:
    """Requests without a token (login, mostly) are limited per source address, with the
    count kept in PostgreSQL so that every replica shares it."""
    address = context.service.origin.source_addr or "unknown"
    try:
        await ratelimit.hit_now(context.database.sessions, ratelimit.ANONYMOUS_PER_ADDRESS,
                                address)
    except ratelimit.RateLimited as limited:
        raise GraphQLError(limited.message, extensions={
            "code": limited.code, "retryAfter": limited.retry_after}) from None
    except Exception as exc:
        raise boundary_error(exc, context.request_id, faults.MESSAGE) from None


def boundary_error(error: BaseException, request_id: str, message: str) -> GraphQLError:
    """The one error answered when the request boundary itself fails."""
    if faults.is_unavailable(error):
        log.warning("database unavailable (request %s): %r", request_id, error)
        return GraphQLError(message, extensions={"code": "DB_UNAVAILABLE",
                                                 "requestId": request_id})
    log.error("unexpected error (request %s)", request_id, exc_info=error)
    return GraphQLError(f"服务器内部错误，请联系管理员（请求编号 {request_id}）",
                        extensions={"code": "INTERNAL", "requestId": request_id})


class ErrorMasking(SchemaExtension):
    """Public errors keep their message and get a ``code``; anything unexpected is logged
    with the request id and replaced by a message that carries only that id."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context.context
        processed = [self._process(e, context.request_id) for e in errors]
        if context.settings.production:  # no schema hints for strangers
            processed = [_without_suggestions(e) for e in processed]
        result.errors = processed

    @staticmethod
    def _process(error: GraphQLError, request_id: str) -> GraphQLError:
        original = error.original_error
        if original is None or (error.path is None and error.nodes
                                and not faults.is_unavailable(original)):
            # Syntax, validation and input coercion (a number too long, a date out of range):
            # the client's mistake, shown as it is, typed.
            if (error.extensions or {}).get("code"):
                return error
            return GraphQLError(error.message, nodes=error.nodes, source=error.source,
                                positions=error.positions, path=error.path,
                                extensions={**(error.extensions or {}),
                                            "code": "INVALID_INPUT"})
        if isinstance(original, PublicError | DomainError):
            # Expected failures of query fields (mutations return them as typed results):
            # NOT_FOUND, FORBIDDEN, VALIDATION, BAD_CURSOR … keep their message, get a code.
            error.extensions = {**(error.extensions or {}), "code": original.code}
            return error
        if faults.is_unavailable(original):  # down or restarting: retry later, not a bug
            log.warning("database unavailable (request %s): %r", request_id, original)
            return GraphQLError(
                faults.MESSAGE, nodes=error.nodes, source=error.source,
                positions=error.positions, path=error.path, original_error=None,
                extensions={"code": "DB_UNAVAILABLE", "requestId": request_id},
            )
        if _is_bad_data(original):  # SQLSTATE class 22: a value PostgreSQL cannot take
            log.info("bad input refused by the database (request %s): %s", request_id,
                     original)
            return GraphQLError(
                "输入包含无效字符（如 \\u0000）或超出长度，未做任何修改",
                nodes=error.nodes, source=error.source, positions=error.positions,
                path=error.path, original_error=None,
                extensions={"code": "INVALID_INPUT", "requestId": request_id},
            )
        log.error("unexpected error (request %s)", request_id, exc_info=original)
        return GraphQLError(
            f"服务器内部错误，请联系管理员（请求编号 {request_id}）",
            nodes=error.nodes, source=error.source, positions=error.positions,
            path=error.path, original_error=None,
            extensions={"code": "INTERNAL", "requestId": request_id},
        )


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def _without_suggestions(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(message, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path,
                        extensions=error.extensions)


def _is_bad_data(error: BaseException) -> bool:
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None) or getattr(
        getattr(getattr(error, "orig", None), "__cause__", None), "sqlstate", None)
    return isinstance(error, DBAPIError) and str(sqlstate or "").startswith("22")
