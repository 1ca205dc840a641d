"""账号与角色 in the console: the office lists accounts with roles and lock state, assigns a
role (field errors beside the fields, nothing written on a refusal), revokes and unlocks;
other roles see less or nothing, another tenant's ids are not found."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from liaison.accounts.auth import throttle_key
from liaison.models import LoginThrottle, RoleAssignment
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import sector_named
from tests.console.helpers import post, sign_in, table, texts
from tests.readback import audit_entries, count

USERS = ["chair", "committee", "convenor", "leadership", "member", "office", "venue_staff"]


async def test_the_office_lists_assigns_revokes_and_unlocks(client, owner, world):
    w = world
    a = w.county_a.code
    page = f"/t/{a}/accounts"
    sign_in(client, w.token(w.county_a, Role.office))
    shown = await client.get(page)
    assert shown.status_code == 200
    rows = table(shown.text, "accounts")
    assert [r[0] for r in rows] == USERS
    assert rows[2][1:4] == ["convenor（测试）", "界别召集人（中共） 撤销", "正常"]
    assert texts(shown.text, "role") == ["主席", "专门委员会", "界别召集人（中共）", "领导小组",
                                         "委员", "委员联络办", "联络站/工作室工作人员"]
    committee = w.account(w.county_a, Role.committee)
    before = await count(owner, RoleAssignment, w.county_a)
    refused = await post(client, f"/t/{a}/accounts/{committee.id}/roles",
                         {"role": "convenor", "sector": ""}, form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-sector") == ["界别召集人须指定所召集的界别"]
    no_role = await post(client, f"/t/{a}/accounts/{committee.id}/roles", {"role": ""},
                         form_page=page)
    assert texts(no_role.text, "error-role") == ["请选择角色"]
    assert await count(owner, RoleAssignment, w.county_a) == before
    union = await sector_named(owner, w.county_a, "工会")
    saved = await post(client, f"/t/{a}/accounts/{committee.id}/roles",
                       {"role": "convenor", "sector": str(union)}, form_page=page)
    assert (saved.status_code, saved.headers["location"]) == (303, page)
    assert table((await client.get(page)).text, "accounts")[1][2] == \
        "专门委员会 撤销 界别召集人（工会） 撤销"
    [granted] = await audit_entries(owner, w.county_a, "role_assigned")
    revoked = await post(client, f"/t/{a}/roles/{granted.target_id}/revoke", {}, form_page=page)
    assert revoked.status_code == 303
    assert table((await client.get(page)).text, "accounts")[1][2] == "专门委员会 撤销"
    assert len(await audit_entries(owner, w.county_a, "role_revoked")) == 1

    # A locked account: shown with its lock, unlocked by the office.
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    owner.add(LoginThrottle(key=throttle_key(a, "member"), failures=5,
                            last_failure_at=datetime.now(UTC),
                            locked_until=datetime.now(UTC) + timedelta(minutes=15)))
    await owner.commit()
    shown = await client.get(page)
    assert table(shown.text, "accounts")[4][3].startswith("锁定至 ")
    assert len(texts(shown.text, "unlock")) == 1
    member = w.account(w.county_a, Role.member)
    unlocked = await post(client, f"/t/{a}/accounts/{member.id}/unlock", {}, form_page=page)
    assert unlocked.status_code == 303
    assert table((await client.get(page)).text, "accounts")[4][3] == "正常"
    assert len(await audit_entries(owner, w.county_a, "account_unlocked")) == 1


async def test_who_may_see_and_change_accounts(client, owner, world):
    w = world
    a = w.county_a.code
    page = f"/t/{a}/accounts"
    committee = w.account(w.county_a, Role.committee)
    sign_in(client, w.token(w.county_a, Role.leadership))  # reads, changes nothing
    shown = await client.get(page)
    assert shown.status_code == 200 and len(table(shown.text, "accounts")) == 7
    assert texts(shown.text, "revoke") == [] and texts(shown.text, "assign") == []
    assert "账号与角色</a>" not in shown.text  # not in its nav either
    before = await count(owner, RoleAssignment, w.county_a)
    forged = await post(client, f"/t/{a}/accounts/{committee.id}/roles", {"role": "office"},
                        form_page=f"/t/{a}")
    assert forged.status_code == 403
    assert await count(owner, RoleAssignment, w.county_a) == before
    sign_in(client, w.token(w.county_a, Role.committee))
    assert (await client.get(page)).status_code == 403
    # Another tenant's accounts and assignments are not found, even for a city's office.
    sign_in(client, w.token(w.city, Role.office))
    assert (await client.get(page)).status_code == 404
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(page)).status_code == 404
    b_page = f"/t/{w.county_b.code}/accounts"
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assignment = await owner.scalar(select(RoleAssignment.id).where(
        RoleAssignment.tenant_id == w.county_a.id, RoleAssignment.account_id == committee.id))
    for path in (f"/t/{w.county_b.code}/roles/{assignment}/revoke",
                 f"/t/{w.county_b.code}/accounts/{committee.id}/unlock",
                 f"/t/{w.county_b.code}/accounts/{committee.id}/roles",
                 f"/t/{w.county_b.code}/roles/nonsense/revoke"):
        response = await post(client, path, {"role": "office"}, form_page=b_page)
        assert response.status_code == 404, path
    assert await count(owner, RoleAssignment, w.county_a) == before
