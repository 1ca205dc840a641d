"""Statements made once, run straight on the request's asyncpg connection (issue 14).

SQLAlchemy's execution layer (the greenlet hop, the execution context, result rows) costs
more than a small statement itself. For a few statements made once at import — every value
a bound parameter — ``fetch`` compiles the SQL text once and runs it with asyncpg on the
connection the session already holds, inside the session's transaction: the same
connection, the same row-level security scope, the same snapshot. Rows come back as
asyncpg records (UUIDs as asyncpg's UUID, a ``uuid.UUID`` subclass; enum columns as their
text). When the session's connection has not begun its transaction yet, ``fetch`` begins
it as SQLAlchemy's asyncpg adapter would (so the session's commit or rollback ends it); a
raw statement never runs outside a transaction. A database error is raised as SQLAlchemy's
exception for it, as the session would.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import Executable
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.db import faults

_compiled: dict[int, tuple[Executable, str, tuple[str, ...], tuple]] = {}
# Called with (sql, arguments) before each raw statement: what SQLAlchemy's
# ``before_cursor_execute`` is for the others (statement counts in tests and benchmarks).
observers: list[Callable[[str, tuple], None]] = []


MAX_KEPT = 256  # statements are made once at import: this only bounds a misuse


def _sql(statement: Executable, dialect) -> tuple[str, tuple[str, ...], tuple]:
    """The SQL text, its parameters' names in order and their bind processors (what
    SQLAlchemy applies to a value of that type before the driver sees it). A parameter
    SQLAlchemy would expand (``IN``) is refused, loudly: use ``= ANY(:array)``."""
    kept = _compiled.get(id(statement))
    if kept is None or kept[0] is not statement:
        compiled = statement.compile(dialect=dialect)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError("a statement run raw cannot expand IN lists; use = ANY(:array)")
        if len(_compiled) >= MAX_KEPT:
            _compiled.clear()
        names = tuple(compiled.positiontup or ())
        processors = tuple(compiled._bind_processors.get(n) for n in names)
        kept = (statement, compiled.string, names, processors)
        _compiled[id(statement)] = kept
    return kept[1], kept[2], kept[3]


async def fetch(session: AsyncSession, statement: Executable,
                params: Mapping[str, Any]) -> Sequence:
    """The rows of ``statement`` (made once, module level) with ``params``."""
    connection = await session.connection()
    sql, names, processors = _sql(statement, connection.dialect)
    arguments = tuple(params[n] if p is None else p(params[n])
                      for n, p in zip(names, processors, strict=True))
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    try:
        if not driver.is_in_transaction():
            # The session's connection has not sent BEGIN yet: begun as SQLAlchemy's
            # adapter would on its first statement, so the session's commit or rollback
            # ends it.
            await raw.dbapi_connection._start_transaction()
            if not driver.is_in_transaction():  # never outside a transaction (autocommit)
                return (await session.execute(statement, params)).all()
        for observe in observers:
            observe(sql, arguments)
        return await driver.fetch(sql, *arguments)
    except Exception as error:
        if not isinstance(error, asyncpg.PostgresError) or faults.is_unavailable(error):
            # The connection is lost or in an unknown state: SQLAlchemy would invalidate
            # it, so that the pool never hands it out again.
            await connection.invalidate(error)
        if isinstance(error, asyncpg.PostgresError):  # as the session would raise it
            raise _translated(sql, arguments, error) from error
        raise


def _translated(sql: str, arguments: tuple, error: asyncpg.PostgresError) -> DBAPIError:
    """SQLAlchemy's exception for a database error, so that callers tell a unique violation
    (``api/mutation``) or a value PostgreSQL cannot take (``ErrorMasking``) the same way
    whichever path ran the statement."""
    kind = {"22": DataError, "23": IntegrityError}.get(str(error.sqlstate or "")[:2],
                                                        DBAPIError)
    return kind(sql, arguments, error)
