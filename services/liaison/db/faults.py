"""Is this error the database being unreachable (down, restarting, out of connections)?

Such errors are not bugs: the request boundaries answer them with ``DB_UNAVAILABLE`` (GraphQL)
or HTTP 503 instead of an internal error, and the caller may simply retry. Everything else —
constraint violations, bad SQL, our own bugs — is not "unavailable".
"""

import traceback
from collections.abc import Iterator

import asyncpg
from sqlalchemy import exc as sa

MESSAGE = "数据库暂时不可用，请稍后重试（未做任何修改）"
# When the commit itself failed, PostgreSQL may or may not have committed before the connection
# dropped: the honest answer is that we do not know.
COMMIT_MESSAGE = "数据库暂时不可用，无法确认本次修改是否已保存，请稍后刷新核对"

# SQLSTATEs meaning "no usable connection": class 08 (connection exception), the server
# shutting down / crashed / starting up (57P01–57P03), too many connections (53300).
_SQLSTATES = ("57P01", "57P02", "57P03", "53300")
_CLOSED = ("connection is closed", "connection was closed", "underlying connection is closed",
           "connection has been released", "invalid transaction")


def is_unavailable(error: BaseException) -> bool:
    """True when ``error`` (or anything it wraps) says the database cannot be reached."""
    return any(_one(e) for e in _chain(error))


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, its ``__cause__``/``__context__`` and SQLAlchemy's ``.orig``, each once."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        todo += [e for e in (current.__cause__, current.__context__, orig)
                 if isinstance(e, BaseException)]


def _one(error: BaseException) -> bool:
    if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa.TimeoutError | sa.DisconnectionError):  # pool checkout, pre-ping
        return True
    if isinstance(error, sa.PendingRollbackError):  # the transaction's connection was lost
        return "invalid transaction" in str(error)
    if isinstance(error, asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError
                  | asyncpg.AdminShutdownError | asyncpg.CrashShutdownError
                  | asyncpg.TooManyConnectionsError):
        return True
    sqlstate = str(getattr(error, "sqlstate", None) or "")
    if sqlstate.startswith("08") or sqlstate in _SQLSTATES:
        return True
    if isinstance(error, asyncpg.InterfaceError | sa.InterfaceError):
        return any(text in str(error).lower() for text in _CLOSED)
    if isinstance(error, OSError | TimeoutError):
        # Refused, socket gone, connect timed out — but only from the database driver: a
        # missing template file or an SMTP timeout is not the database being down.
        return _raised_in_driver(error)
    return False


def _raised_in_driver(error: BaseException) -> bool:
    for frame, _ in traceback.walk_tb(error.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith(("asyncpg", "sqlalchemy")):
            return True
    return False
