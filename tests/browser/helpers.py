"""What the browser tests do again and again: log in through the console's form, check a page
with axe-core, read a figure the page shows, and hand the browser a cookie of our making."""

import re
from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Locator, Page

from liaison.console.session import COOKIE
from tests.builders import PASSWORD, token_for

CHROMIUM = "/usr/bin/chromium"
# Headless on a closed network: no sandbox (root), no GPU, and nothing that phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run",
                 "--disable-sync", "--lang=zh-CN"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WRONG_LOGIN = "单位、用户名或密码错误"
BLOCKING = ("serious", "critical")

_axe = Axe()


async def login(page: Page, tenant_code: str, username: str, password: str = PASSWORD) -> None:
    """Fills the console's login form and submits it; waits for the page that answers."""
    await page.goto("/login")
    form = page.locator("form", has=page.locator('[name="username"]'))
    await form.locator('[name="tenant"]').fill(tenant_code)
    await form.locator('[name="username"]').fill(username)
    await form.locator('[name="password"]').fill(password)
    async with page.expect_navigation():
        await form.locator('button[type="submit"], input[type="submit"]').first.click()


async def set_session(page: Page, base: str, token: str) -> None:
    """Puts ``token`` in the browser as the console's session cookie (replacing any)."""
    await page.context.clear_cookies(name=COOKIE)
    await page.context.add_cookies([{"name": COOKIE, "value": token, "url": base}])


async def sign_in(page: Page, base: str, account) -> None:
    """A session for ``account`` without the login form (the pages, not logging in, are under
    test): a token as login issues it, in the session cookie."""
    await set_session(page, base, token_for(account))


async def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is: no violation of impact serious or critical."""
    results = await _axe.run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    lines = []
    for v in blocking:
        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list)
                            else str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {targets}")
    assert not blocking, f"axe on {page.url}:\n" + "\n".join(lines)


async def csrf_token(page: Page) -> str:
    """The CSRF token of the page's forms (every signed-in page has one: 退出登录)."""
    token = await page.locator('input[name="_csrf_token"]').first.get_attribute("value")
    assert token, f"no CSRF token on {page.url}"
    return token


def number(text: str) -> float:
    """The first number in a figure's text: '3', '60%', '60.0 %', '共 3 人' …"""
    found = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
    assert found, f"no number in {text!r}"
    return float(found.group())


async def figure(page: Page, testid: str) -> float:
    return number(await page.get_by_test_id(testid).first.inner_text())


async def texts(locator: Locator) -> list[str]:
    return [t.strip() for t in await locator.all_inner_texts()]


async def table(page: Page, testid: str) -> list[list[str]]:
    """The body rows of the table ``data-testid=testid``, as the cells' texts."""
    rows = page.get_by_test_id(testid).locator("tbody tr")
    return [[cell.strip() for cell in await row.locator("td").all_inner_texts()]
            for row in await rows.all()]


def screenshot_path(test_name: str, suffix: str = "") -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
    return SCREENSHOTS / f"{safe}{suffix}.png"


async def logout(page: Page) -> None:
    """Clicks 退出登录 (the page fixtures accept the browser's confirmation)."""
    toggle = page.get_by_test_id("menu")
    if await toggle.is_visible():  # a phone: the nav is folded away
        await toggle.click()
    async with page.expect_navigation():
        await page.get_by_test_id("logout").first.click()
