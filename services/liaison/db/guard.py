"""Refuse to serve as a role that row-level security would not hold."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_ROLE = text("""
    SELECT current_user AS name, r.rolsuper, r.rolbypassrls,
           (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid
              AND c.relnamespace = 'public'::regnamespace) AS owned
    FROM pg_roles r WHERE r.rolname = current_user
""")


class UnsafeDatabaseRole(RuntimeError):
    pass


async def check_restricted_role(engine: AsyncEngine) -> str:
    """The role's name; raises when it is a superuser, bypasses RLS or owns tables."""
    async with engine.connect() as conn:
        row = (await conn.execute(_ROLE)).one()
    if row.rolsuper or row.rolbypassrls or row.owned:
        raise UnsafeDatabaseRole(
            f"refusing to serve as database role {row.name!r}: it is a superuser, bypasses "
            "row-level security or owns tables. Serve as the application role "
            "(APP_DATABASE_URL, or unset it to use liaison_app).")
    return row.name
