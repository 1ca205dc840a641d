"""Logging in: tokens, failures, the five-strikes lockout, expiry, and the audit trail."""

from datetime import UTC, datetime, timedelta

from liaison.models import Account
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import PASSWORD, gql, token_for
from tests.readback import audit_entries

LOGIN = """
mutation($t: String!, $u: String!, $p: String!) {
  login(input: {tenantCode: $t, username: $u, password: $p}) {
    __typename
    ... on LoginSuccess { token expiresAt account { username tenant { code } } }
    ... on Error { code message }
    ... on AccountLockedError { lockedUntil }
  }
}"""


async def login(client, tenant_code, username, password):
    body = await gql(client, LOGIN, {"t": tenant_code, "u": username, "p": password})
    return body["data"]["login"]


async def trail(owner, tenant):
    """(action, source address) of every audit row of ``tenant``, logins included."""
    return [(e.action, e.source_addr) for e in await audit_entries(owner, tenant, logins=True)]


async def test_login_returns_a_30_minute_token_that_me_accepts(client, world, owner,
                                                            source_addr):
    result = await login(client, world.county_a.code, "office", PASSWORD)
    assert result["__typename"] == "LoginSuccess"
    assert result["account"] == {"username": "office", "tenant": {"code": world.county_a.code}}
    expires = datetime.fromisoformat(result["expiresAt"])
    assert timedelta(minutes=29) < expires - datetime.now(UTC) <= timedelta(minutes=30)
    me = await gql(client, "{ me { account { username roles { role } } } }",
                   token=result["token"])
    assert me == {"data": {"me": {"account": {"username": "office",
                                              "roles": [{"role": "OFFICE"}]}}}}
    assert await trail(owner, world.county_a) == [("login_succeeded", source_addr)]


async def test_same_username_in_another_tenant_does_not_log_in_here(client, world):
    # "office" exists in county B too, with the same password; the tenant code decides.
    result = await login(client, world.county_b.code, "office", PASSWORD)
    assert result["account"]["tenant"]["code"] == world.county_b.code


async def test_wrong_password_unknown_user_and_unknown_tenant_look_the_same(client, world,
                                                                           owner, source_addr):
    bad_password = await login(client, world.county_a.code, "office", "Wrong@2026pw")
    unknown_user = await login(client, world.county_a.code, "nobody", PASSWORD)
    unknown_tenant = await login(client, "no-such-tenant", "office", PASSWORD)
    expected = {"__typename": "InvalidCredentialsError", "code": "INVALID_CREDENTIALS",
                "message": "单位、用户名或密码错误"}
    assert bad_password == unknown_user == unknown_tenant == expected
    assert await trail(owner, world.county_a) == [
        ("login_failed", source_addr), ("login_failed", source_addr)]


async def test_five_failures_lock_the_account_for_15_minutes(client, world, owner):
    for _ in range(4):
        assert (await login(client, world.county_a.code, "member", "Bad@pass1"))[
            "__typename"] == "InvalidCredentialsError"
    fifth = await login(client, world.county_a.code, "member", "Bad@pass1")
    assert fifth["__typename"] == "AccountLockedError"
    locked_until = datetime.fromisoformat(fifth["lockedUntil"])
    assert timedelta(minutes=14) < locked_until - datetime.now(UTC) <= timedelta(minutes=15)
    # Even the right password is refused while locked.
    right = await login(client, world.county_a.code, "member", PASSWORD)
    assert right["__typename"] == "AccountLockedError"
    # Another account of the same tenant is unaffected.
    other = await login(client, world.county_a.code, "office", PASSWORD)
    assert other["__typename"] == "LoginSuccess"
    actions = [a for a, _ in await trail(owner, world.county_a)]
    assert actions == ["login_failed"] * 4 + ["account_locked", "login_refused_locked",
                                               "login_succeeded"]


async def test_the_lock_lifts_after_15_minutes(client, world, owner):
    member = world.account(world.county_a, Role.member)
    await apply_scope(owner, TenantScope.only(world.county_a.id))
    account = await owner.get(Account, (world.county_a.id, member.id))
    account.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    await owner.commit()
    result = await login(client, world.county_a.code, "member", PASSWORD)
    assert result["__typename"] == "LoginSuccess"


async def test_an_expired_token_is_refused_with_its_reason(client, world):
    office = world.account(world.county_a, Role.office)
    old = token_for(office, now=datetime.now(UTC) - timedelta(minutes=31))
    body = await gql(client, "{ me { account { username } } }", token=old)
    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("登录已过期，请重新登录", "TOKEN_EXPIRED")]


async def test_a_tampered_or_missing_token_is_refused(client, world):
    token = world.token(world.county_a, Role.office)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    body = await gql(client, "{ me { account { username } } }", token=tampered)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"
    anonymous = await gql(client, "{ me { account { username } } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous["errors"][0]["message"] == "请先登录"


async def test_a_deactivated_account_token_stops_working(client, world, owner):
    office = world.account(world.county_a, Role.office)
    token = token_for(office)
    await apply_scope(owner, TenantScope.only(world.county_a.id))
    account = await owner.get(Account, (world.county_a.id, office.id))
    account.is_active = False
    await owner.commit()
    body = await gql(client, "{ me { account { username } } }", token=token)
    assert body["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"


CHANGE = """
mutation($c: String!, $n: String!) {
  changePassword(input: {currentPassword: $c, newPassword: $n}) {
    __typename
    ... on ValidationErrors { errors { field message } }
    ... on Error { code }
  }
}"""


async def test_password_policy_on_change(client, world, owner):
    token = world.token(world.county_a, Role.member)
    weak = await gql(client, CHANGE, {"c": PASSWORD, "n": "abc"}, token=token)
    assert weak["data"]["changePassword"] == {
        "__typename": "ValidationErrors", "code": "VALIDATION", "errors": [
            {"field": "newPassword", "message": "密码至少需要 8 个字符"},
            {"field": "newPassword",
             "message": "密码需包含大写字母、小写字母、数字、符号中的至少三种"}]}
    two_kinds = await gql(client, CHANGE, {"c": PASSWORD, "n": "abcdefgh12"}, token=token)
    assert two_kinds["data"]["changePassword"]["__typename"] == "ValidationErrors"
    wrong_current = await gql(client, CHANGE, {"c": "Nope@2026x", "n": "Good#Pass99"},
                              token=token)
    assert wrong_current["data"]["changePassword"]["__typename"] == "InvalidCredentialsError"
    # Nothing changed: the old password still works.
    assert (await login(client, world.county_a.code, "member", PASSWORD))[
        "__typename"] == "LoginSuccess"
    ok = await gql(client, CHANGE, {"c": PASSWORD, "n": "Good#Pass99"}, token=token)
    assert ok["data"]["changePassword"] == {"__typename": "PasswordChanged"}
    assert (await login(client, world.county_a.code, "member", "Good#Pass99"))[
        "__typename"] == "LoginSuccess"
    actions = [a for a, _ in await trail(owner, world.county_a)]
    assert actions == ["password_change_failed", "login_succeeded", "password_changed",
                       "login_succeeded"]
