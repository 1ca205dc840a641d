"""At most one published snapshot per tenant, whatever races (migration 0014): a second row
not yet withdrawn is refused by the database itself; a withdrawn one may stay beside it."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from liaison.models import DisclosureSnapshot
from liaison.tenancy.scope import TenantScope, apply_scope


def snapshot(tenant_id, **values) -> DisclosureSnapshot:
    now = datetime(2025, 10, 1, tzinfo=UTC)
    return DisclosureSnapshot(tenant_id=tenant_id, id=uuid.uuid4(), year=2025, quarter=3,
                              data={}, created_by=uuid.uuid4(), published_at=now, **values)


async def test_a_second_published_snapshot_is_refused(owner, world):
    a, b = world.county_a.id, world.county_b.id  # ids: the rollback expires the rows
    await apply_scope(owner, TenantScope.only(a))
    owner.add_all([snapshot(a, unpublished_at=datetime(2025, 10, 2, tzinfo=UTC)),
                   snapshot(a)])
    await owner.commit()
    await apply_scope(owner, TenantScope.only(a))
    owner.add(snapshot(a))
    with pytest.raises(IntegrityError, match="uq_disclosure_snapshot_tenant_id_published"):
        await owner.commit()
    await owner.rollback()
    await apply_scope(owner, TenantScope.only(b))
    owner.add(snapshot(b))  # another tenant's published one is its own
    await owner.commit()
