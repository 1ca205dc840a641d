"""Test fixtures: one real PostgreSQL database per session, built by the real migrations.

Every test makes its own tenants (unique codes), so tests never see each other's rows and
need no cleanup; the database is dropped and rebuilt at the start of each session.
"""

import asyncio
import itertools
import os

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from liaison.app import create_app
from liaison.db import embedded, migrate, urls
from liaison.db.engine import Database
from liaison.settings import load_settings
from tests.builders import Roster, World, add_contacts_2025, build_roster, build_world, free_port

TEST_DB = os.environ.get("LIAISON_TEST_DB", "liaison_test")
JWT_SECRET = "test-secret-0123456789-0123456789-abcdef"


@pytest.fixture(scope="session")
def settings():
    env = {k: v for k, v in os.environ.items()}
    env.update({"LIAISON_ENV": "test", "LIAISON_JWT_SECRET": JWT_SECRET,
                "LIAISON_DB_NAME": TEST_DB})
    return load_settings(env)


@pytest.fixture(scope="session")
def owner_url(settings):
    """The test database, rebuilt by the migrations. An embedded server this session had to
    start is stopped again at the end, so the machine is left as it was found."""
    started_here = settings.embedded and not embedded.is_running(settings.data_dir)
    url = urls.owner_url(settings, TEST_DB)
    asyncio.run(urls.ensure_database(url, recreate=True))
    migrate.upgrade(url, settings.app_db_password)
    yield url
    if started_here:
        embedded.stop(settings.data_dir)


@pytest.fixture(scope="session")
def app_url(settings, owner_url):
    return urls.app_url(settings, owner_url)


@pytest.fixture(scope="session")
async def database(app_url):
    db = Database(app_url, pool_size=8)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def owner_engine(owner_url):
    engine = create_async_engine(owner_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def owner(owner_engine):
    """A session as the owner, for building test data (commits as it goes)."""
    async with AsyncSession(owner_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
async def world(owner) -> World:
    """A city with two counties, and an account per role in each (see tests/builders.py)."""
    return await build_world(owner)


@pytest.fixture
async def roster(owner, world) -> Roster:
    """Members, terms and pairings in counties A and B (see tests/builders.py: Roster)."""
    return await build_roster(owner, world)


@pytest.fixture
async def contacts_2025(owner, roster) -> None:
    """Adds 张伟's four contacts to the roster (three in 2025, one in 2024); a module asks for
    it with ``pytestmark = pytest.mark.usefixtures("contacts_2025")``."""
    await add_contacts_2025(owner, roster)


@pytest.fixture
async def app(settings, database):
    return create_app(settings, database)


_addresses = itertools.count(1)


@pytest.fixture
def source_addr() -> str:
    """Each test its own client address: rate limits are per address and live in the
    database, so tests must not share one (10.0.0.0/8, counted up)."""
    n = next(_addresses) + (os.getpid() % 200) * 50_000
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


@pytest.fixture
async def client(app, source_addr):
    transport = httpx.ASGITransport(app=app, client=(source_addr, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


class Inbox:
    """An SMTP server's mailbox: ``messages`` as (recipients, raw bytes); ``port`` it listens on."""

    def __init__(self, port: int):
        self.port = port
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_inbox():
    """A local SMTP server on a free port for the test's duration."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()
