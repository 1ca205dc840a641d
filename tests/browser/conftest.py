"""Fixtures for the console in a real browser: Debian's chromium, headless, driven through
Playwright's async API on pytest-asyncio's session loop (the loop the data builders use).

``server`` is the real server as a subprocess on this session's test database
(tests/liveserver.py); the data comes from the usual builders (``world``, ``roster``);
``page`` (1280×800) and ``phone`` (375×812, touch) are fresh browser contexts per test, each
saving a screenshot to tests/browser/screenshots/<test name>.png when the test ends. A page
that throws an uncaught JavaScript error fails its test.
"""

import os

import pytest
from playwright.async_api import Browser, async_playwright
from sqlalchemy import text

from tests import liveserver as server_process
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, screenshot_path

SERVER_LOG = pytest.StashKey[server_process.Server]()


@pytest.fixture(scope="session")
def server(settings, app_url, tmp_path_factory, pytestconfig):
    log_path = tmp_path_factory.mktemp("browser-server") / "server.log"
    try:
        running = server_process.start(settings, app_url, log_path)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    pytestconfig.stash[SERVER_LOG] = running
    yield running
    server_process.stop(running.process)


@pytest.fixture(scope="session")
async def browser() -> Browser:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail("the browser tests need Debian's chromium: apt-get install chromium "
                    "(make test installs it where it can)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, chromium_sandbox=False,
            args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture(autouse=True)
async def fresh_limits(owner):
    """Every browser request comes from 127.0.0.1, and rate limits are per address: each test
    starts with that address's buckets empty (its own tests may still exhaust them)."""
    await owner.execute(text("DELETE FROM rate_limit WHERE key LIKE :mine"),
                        {"mine": "%:127.0.0.1"})
    await owner.commit()


async def _open(browser, server, **options):
    context = await browser.new_context(base_url=server.base, locale="zh-CN",
                                        timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(10_000)
    errors: list[str] = []
    page = await context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Destructive actions ask first (<form data-confirm>, 退出登录): a person says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page, errors


async def _close(context, page, request, suffix: str, errors: list[str]) -> None:
    try:
        if not page.is_closed():
            await page.screenshot(path=screenshot_path(request.node.name, suffix),
                                  full_page=True)
    finally:
        await context.close()
    assert not errors, f"uncaught JavaScript errors on {page.url}: {errors}"


@pytest.fixture
async def page(browser, server, request):
    """A fresh context at 1280×800."""
    context, opened, errors = await _open(browser, server,
                                          viewport={"width": 1280, "height": 800})
    yield opened
    await _close(context, opened, request, "", errors)


@pytest.fixture
async def phone(browser, server, request):
    """A fresh context as a phone: 375×812, twice the pixels, touch."""
    suffix = "-phone" if "page" in request.fixturenames else ""
    context, opened, errors = await _open(
        browser, server, viewport={"width": 375, "height": 812},
        device_scale_factor=2, is_mobile=True, has_touch=True)
    yield opened
    await _close(context, opened, request, suffix, errors)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the end of the server's log beside its traceback."""
    report = yield
    running = item.config.stash.get(SERVER_LOG, None)
    if report.failed and running is not None and "tests/browser" in item.nodeid:
        report.sections.append(("server log (last lines)", running.log_tail()))
    return report
