"""Liveness and readiness outside GraphQL."""

import httpx
from sqlalchemy.engine import URL

from liaison.app import create_app
from liaison.db.engine import Database


async def test_healthz(client):
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_when_migrated(client):
    response = await client.get("/readyz")
    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "expected": "0014", "current": "0014"})


async def test_readyz_when_the_database_is_unreachable(settings):
    unreachable = Database(URL.create("postgresql+asyncpg", username="x", host="127.0.0.1",
                                      port=1, database="none"))
    app = create_app(settings, unreachable)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as c:
        response = await c.get("/readyz")
    await unreachable.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
