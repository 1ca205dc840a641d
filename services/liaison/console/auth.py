"""Logging in and out of the console, and the start page that sends each role home.

Login goes through ``accounts.auth.login`` (the same lockout, audit rows and rate limits as
the GraphQL ``login``); logout through ``accounts.service.logout``, which revokes every token
of the account, not only this cookie's.
"""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison import boundary
from liaison.accounts import auth
from liaison.accounts import service as accounts
from liaison.audit.service import Origin
from liaison.console.session import (
    COOKIE,
    REFRESH_STATE,
    LoginRequired,
    clear_cookie,
    console_context,
    session_cookie,
)
from liaison.console.views import page, see_other, to_login, viewer
from liaison.settings import Settings

MAX_FIELD = 200  # longer than any tenant code, user name or password the login accepts


@get("/login")
async def login_form(request: Request, message: str | None = None) -> Template:
    return page("login.html", message=(message or "")[:100], tenant="", username="")


@post("/login")
async def login_submit(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    form = await request.form()
    tenant = str(form.get("tenant") or "")[:MAX_FIELD]
    username = str(form.get("username") or "")[:MAX_FIELD]
    password = str(form.get("password") or "")[:MAX_FIELD]
    if not (tenant.strip() and username.strip() and password):
        return page("login.html", status=400, error="请填写单位代码、用户名和密码",
                    tenant=tenant, username=username)
    origin = Origin(source_addr=request.client.host if request.client else None,
                    request_id=boundary.request_id(request))
    outcome = await auth.login(request.app.state.database.sessions, tenant_code=tenant,
                               username=username, password=password, origin=origin,
                               secret=settings.jwt_secret,
                               ttl_seconds=settings.jwt_ttl_seconds)
    if not isinstance(outcome, auth.LoginSuccess):
        status = 429 if outcome.code == "RATE_LIMITED" else 400
        return page("login.html", status=status, error=outcome.message, tenant=tenant,
                    username=username)
    response = see_other("/")
    response.set_cookie(session_cookie(settings, outcome.token, settings.jwt_ttl_seconds))
    return response


@post("/logout")
async def logout(request: Request) -> Response:
    """Every token of the account stops working; the cookie is cleared."""
    settings: Settings = request.app.state.settings
    try:
        async with console_context(request) as ctx:
            await accounts.logout(ctx)
        request.scope["state"].pop(REFRESH_STATE, None)  # no renewed cookie after a logout
    except LoginRequired:
        pass  # already signed out (or expired): clearing the cookie is all there is to do
    response = to_login("已退出登录")
    response.set_cookie(clear_cookie(settings))
    return response


@get("/")
async def start(request: Request) -> Response:
    """Each role's home: members /me, venue staff /venue, a city's office and leaders /city,
    everyone else their tenant's page."""
    if not request.cookies.get(COOKIE):
        return see_other("/login")
    async with console_context(request) as ctx:
        who = await viewer(ctx)
    return see_other(who.home)

