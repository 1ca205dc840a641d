"""Fixtures of the console tests."""

import pytest

from tests.opinions.opinion_rows import give_committee


@pytest.fixture
async def committee_a(owner, roster) -> str:
    """County A's committee account works for its 综合委员会 (the committee's id)."""
    return str(await give_committee(owner, roster.world, roster.world.county_a))
