"""Console sessions: login through the form (cookie HttpOnly, SameSite=Strict, 30 minutes),
CSRF on every form post, logout revoking the token, expiry back to /login."""

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from liaison.models.account import Role
from tests.builders import gql, token_for
from tests.console.helpers import csrf, login, sign_in

ME = "{ me { account { username } } }"


async def test_login_sets_an_httponly_strict_cookie_and_sends_each_role_home(client, world):
    response = await login(client, world.county_a.code, "office")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("liaison_session=ey")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Max-Age=1800" in cookie
    assert "Secure" not in cookie  # not production
    home = await client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, f"/t/{world.county_a.code}")
    for tenant, role, where in ((world.city, Role.office, "/city"),
                                (world.city, Role.committee, f"/t/{world.city.code}"),
                                (world.county_b, Role.venue_staff, "/venue"),
                                (world.county_b, Role.member, f"/t/{world.county_b.code}")):
        sign_in(client, world.token(tenant, role))
        assert (await client.get("/")).headers["location"] == where, role
    venue = await client.get("/venue")
    assert "还没有指定负责的联络站或委员工作室" in venue.text


async def test_a_wrong_password_shows_the_message_and_sets_no_session(client, world):
    response = await login(client, world.county_a.code, "office", "wrong-password")
    assert response.status_code == 400
    assert "单位、用户名或密码错误" in response.text
    assert 'value="office"' in response.text
    assert "liaison_session" not in response.headers.get("set-cookie", "")
    assert (await client.get("/")).headers["location"] == "/login"


async def test_a_post_without_the_csrf_token_is_refused(client, world):
    refused = await client.post("/login", data={"tenant": world.county_a.code,
                                                "username": "office", "password": "x"})
    assert refused.status_code == 403
    assert "请刷新页面后重试" in refused.text
    token = await csrf(client)
    forged = await client.post("/login", data={"tenant": world.county_a.code,
                                               "username": "office", "password": "x",
                                               "_csrf_token": token[:-4] + "0000"})
    assert forged.status_code == 403
    accepted = await client.post("/login", data={"tenant": world.county_a.code,
                                                 "username": "office", "password": "x",
                                                 "_csrf_token": token})
    assert accepted.status_code == 400  # checked: the wrong password answers
    # The bearer-token APIs are not behind the CSRF check.
    assert (await gql(client, ME))["errors"][0]["message"]


async def test_logout_revokes_every_token_and_clears_the_cookie(client, world):
    await login(client, world.county_a.code, "office")
    session_token = client.cookies["liaison_session"]
    other = world.token(world.county_a, Role.office)  # another session of the same account
    assert (await gql(client, ME, token=other))["data"]["me"]["account"]["username"] == "office"
    token = await csrf(client, f"/t/{world.county_a.code}/members")
    response = await client.post("/logout", data={"_csrf_token": token})
    assert response.status_code == 303
    assert unquote(response.headers["location"]) == "/login?message=已退出登录"
    assert 'liaison_session=""' in response.headers["set-cookie"]
    assert "Max-Age=0" in response.headers["set-cookie"]
    for bearer in (session_token, other):
        assert (await gql(client, ME, token=bearer))["errors"][0]["extensions"]["code"] \
            == "TOKEN_INVALID"
    sign_in(client, session_token)  # the old cookie, replayed
    page = await client.get(f"/t/{world.county_a.code}")
    assert page.status_code == 303
    assert unquote(page.headers["location"]).startswith("/login?message=登录已失效")


async def test_an_expired_session_goes_back_to_login_with_a_message(client, world):
    account = world.account(world.county_a, Role.office)
    sign_in(client, token_for(account, now=datetime.now(UTC) - timedelta(minutes=31)))
    page = await client.get(f"/t/{world.county_a.code}")
    assert page.status_code == 303
    assert unquote(page.headers["location"]) == "/login?message=登录已过期，请重新登录"
    login_page = await client.get(page.headers["location"])
    assert "登录已过期，请重新登录" in login_page.text
    client.cookies.clear()
    assert unquote((await client.get("/me")).headers["location"]) == "/login?message=请先登录"


async def test_the_session_slides_after_half_its_lifetime(client, world):
    account = world.account(world.county_a, Role.office)
    fresh = token_for(account)
    sign_in(client, fresh)
    page = await client.get(f"/t/{world.county_a.code}/members")
    assert page.status_code == 200
    assert "set-cookie" not in page.headers or "liaison_session" not in page.headers[
        "set-cookie"]
    old = token_for(account, now=datetime.now(UTC) - timedelta(minutes=16))
    sign_in(client, old)
    page = await client.get(f"/t/{world.county_a.code}/members")
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert "Max-Age=1800" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    renewed = cookie.split(";")[0].split("=", 1)[1]
    assert renewed != old
    assert (await gql(client, ME, token=renewed))["data"]["me"]["account"]["username"] \
        == "office"
