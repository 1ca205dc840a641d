"""Liveness and readiness, outside GraphQL."""

from litestar import Request, get
from litestar.response import Response
from sqlalchemy import text

from liaison.db.engine import Database
from liaison.db.migrate import head_revision


@get("/healthz", sync_to_thread=False)
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@get("/readyz")
async def readyz(request: Request) -> Response[dict[str, str | None]]:
    """The database answers (as the application role) and migrations are at head."""
    database: Database = request.app.state.database
    expected = head_revision()
    try:
        async with database.engine.connect() as conn:
            current = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception as exc:  # any database failure means "not ready"
        return Response({"status": "unavailable", "error": type(exc).__name__,
                         "expected": expected, "current": None}, status_code=503)
    ready = current == expected
    return Response(
        {"status": "ok" if ready else "migrations pending", "expected": expected,
         "current": current},
        status_code=200 if ready else 503,
    )
