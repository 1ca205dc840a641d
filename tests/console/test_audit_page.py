"""操作日志 in the console: newest first in the tenant's zone, filtered by person, action and
days, 20 a page; read by the roles the policy allows, in their own tenant only."""

import re
from datetime import UTC, datetime, timedelta

from liaison.models import AuditEntry
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.console.helpers import post, sign_in, table, texts

NOON = datetime(2025, 3, 10, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


async def add_entries(owner, tenant, actor, n: int, action: str = "member_updated") -> None:
    await apply_scope(owner, TenantScope.only(tenant.id))
    for i in range(n):
        owner.add(AuditEntry(tenant_id=tenant.id, actor_id=actor.id, action=action,
                             target_type="member", target_id="0123456789abcdef",
                             at=NOON + timedelta(days=i), source_addr="10.9.9.9"))
    await owner.commit()


async def test_the_log_newest_first_with_filters_and_pages(client, owner, world, source_addr):
    w = world
    a = w.county_a.code
    office = w.account(w.county_a, Role.office)
    committee = w.account(w.county_a, Role.committee)
    await add_entries(owner, w.county_a, committee, 25)
    sign_in(client, w.token(w.county_a, Role.office))
    granted = await post(client, f"/t/{a}/accounts/{committee.id}/roles",
                         {"role": "convenor", "sector": ""}, form_page=f"/t/{a}/accounts")
    assert granted.status_code == 400  # refused: nothing logged
    await post(client, f"/t/{a}/accounts/{committee.id}/unlock", {},
               form_page=f"/t/{a}/accounts")
    shown = await client.get(f"/t/{a}/audit")
    assert shown.status_code == 200
    rows = table(shown.text, "audit")
    assert len(rows) == 20
    assert rows[0][1:] == ["office（测试）", "解除账号锁定", f"账号 {str(committee.id)[:8]}",
                           source_addr]
    assert rows[1] == ["2025-04-03 12:00", "committee（测试）", "修改委员信息", "委员 01234567",
                       "10.9.9.9"]
    second = await client.get(f"/t/{a}/audit?after=" + texts_next(shown.text))
    assert [r[0] for r in table(second.text, "audit")][-1] == "2025-03-10 12:00"
    assert len(table(second.text, "audit")) == 6 and "data-testid=\"next\"" not in second.text

    by_person = await client.get(f"/t/{a}/audit?person={office.id}")
    assert [r[2] for r in table(by_person.text, "audit")] == ["解除账号锁定"]
    by_action = await client.get(f"/t/{a}/audit?action=member_updated&since=2025-03-11"
                                 "&until=2025-03-12")
    assert [r[0] for r in table(by_action.text, "audit")] == ["2025-03-12 12:00",
                                                              "2025-03-11 12:00"]
    none = await client.get(f"/t/{a}/audit?action=role_revoked")
    assert texts(none.text, "empty") == ["没有符合条件的操作记录。"]
    bad = await client.get(f"/t/{a}/audit?since=2025-03-12&until=2025-03-01&person=x")
    assert bad.status_code == 400
    assert texts(bad.text, "error-until") == ["结束日期不能早于开始日期"]
    assert texts(bad.text, "error-person") == ["请从列表中选择人员"]
    wrong = await client.get(f"/t/{a}/audit?since=3月1日")
    assert texts(wrong.text, "error-since") == ["开始日期格式应为 2025-03-31"]


def texts_next(html: str) -> str:
    return re.search(r'after=([^"&]+)" data-testid="next"', html).group(1)


async def test_who_may_read_the_log(client, owner, world):
    w = world
    a = w.county_a.code
    await add_entries(owner, w.county_a, w.account(w.county_a, Role.office), 1)
    await add_entries(owner, w.county_b, w.account(w.county_b, Role.office), 1, "member_left")
    for role, status in ((Role.leadership, 200), (Role.chair, 200), (Role.committee, 403),
                         (Role.convenor, 403)):
        sign_in(client, w.token(w.county_a, role))
        response = await client.get(f"/t/{a}/audit")
        assert response.status_code == status, role
        assert ("操作日志</a>" in response.text) == (status == 200), role
    sign_in(client, w.token(w.county_a, Role.leadership))
    assert [r[2] for r in table((await client.get(f"/t/{a}/audit")).text, "audit")] == [
        "修改委员信息"]
    # The city's office reads its counties' members, never their log.
    sign_in(client, w.token(w.city, Role.office))
    assert (await client.get(f"/t/{a}/audit")).status_code == 404
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(f"/t/{a}/audit")).status_code == 404

