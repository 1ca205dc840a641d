"""The server refuses to run as the owner or a superuser."""

import pytest

from liaison.db.guard import UnsafeDatabaseRole, check_restricted_role
from liaison.settings import APP_ROLE


async def test_the_application_role_passes(database):
    assert await check_restricted_role(database.engine) == APP_ROLE


async def test_the_owner_is_refused(owner_engine):
    with pytest.raises(UnsafeDatabaseRole, match="refusing to serve as database role"):
        await check_restricted_role(owner_engine)
