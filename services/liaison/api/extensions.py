"""Schema extensions: the request transaction with its RLS scope, and error masking."""

import logging
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from liaison.accounts.auth import load_principal
from liaison.db import faults
from liaison.db.engine import close, discard
from liaison.errors import PublicError

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
        session = service.session
        request_id = context.request_id
        try:
            try:
                if context.claims is not None:
                    service.principal = await load_principal(session, context.claims)
                    if service.principal is None:
                        service.auth_error = PublicError("TOKEN_INVALID", "账号已停用或不存在")
            except Exception as exc:
                raise boundary_error(exc, request_id, faults.MESSAGE) from None
            yield
            result = self.execution_context.result
            if getattr(result, "errors", None):
                await discard(session, request_id)
            else:
                try:
                    await session.commit()
                except Exception as exc:
                    mutation = self.execution_context.operation_type == OperationType.MUTATION
                    raise boundary_error(exc, request_id, faults.COMMIT_MESSAGE if mutation
                                         else faults.MESSAGE) from None
        except BaseException:
            await discard(session, request_id)
            raise
        finally:
            await close(session, request_id)


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
        request_id = self.execution_context.context.request_id
        result.errors = [self._process(e, request_id) for e in errors]

    @staticmethod
    def _process(error: GraphQLError, request_id: str) -> GraphQLError:
        original = error.original_error
        if original is None:  # syntax and validation errors: the client's, shown as they are
            return error
        if isinstance(original, PublicError):
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


def _is_bad_data(error: BaseException) -> bool:
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None) or getattr(
        getattr(getattr(error, "orig", None), "__cause__", None), "sqlstate", None)
    return isinstance(error, DBAPIError) and str(sqlstate or "").startswith("22")
