"""The reference write transaction: the inserts logContact makes (contact, its constituent,
its audit row) straight through asyncpg, with fresh ids each time."""

import json
import uuid
from datetime import UTC, datetime, timedelta


def reference_transaction(job: dict, i: int) -> list[tuple[str, tuple]]:
    tenant_id, account_id = job["tenant_id"], job["account_id"]
    member_id, constituent_id = job["pairs"][i % len(job["pairs"])]
    contact_id = uuid.uuid4()
    occurred = datetime.now(UTC) - timedelta(days=1)
    after = json.dumps({"member_id": str(member_id), "method": "visit",
                        "constituent_ids": [str(constituent_id)]})
    return [
        ("SELECT set_config('app.tenant_id', $1, true),"
         " set_config('app.readable_tenants', $2, true)", (str(tenant_id), str(tenant_id))),
        ("INSERT INTO contact (tenant_id, id, member_id, occurred_at, occurred_on, method,"
         " service_kinds, content, entered_by, entered_by_office)"
         " VALUES ($1, $2, $3, $4, $5, 'visit', '{}', '走访了解情况', $6, true)",
         (tenant_id, contact_id, member_id, occurred, occurred.date(), account_id)),
        ("INSERT INTO contact_constituent (tenant_id, contact_id, constituent_id, member_id,"
         " occurred_on) VALUES ($1, $2, $3, $4, $5)",
         (tenant_id, contact_id, constituent_id, member_id, occurred.date())),
        ("INSERT INTO audit_log (tenant_id, actor_id, action, target_type, target_id, after)"
         " VALUES ($1, $2, 'contact_logged', 'contact', $3, $4::jsonb)",
         (tenant_id, account_id, str(contact_id), after)),
    ]
