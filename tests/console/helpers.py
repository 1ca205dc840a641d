"""Console test helpers: the CSRF token from a page, logging in through the form."""

import re

import httpx

from tests.builders import PASSWORD

CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def csrf(client: httpx.AsyncClient, path: str = "/login") -> str:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return csrf_from(response.text)


async def login(client: httpx.AsyncClient, tenant_code: str, username: str,
                password: str = PASSWORD) -> httpx.Response:
    """Log in through the console's form; returns the (redirect) response."""
    token = await csrf(client)
    return await client.post("/login", data={"tenant": tenant_code, "username": username,
                                              "password": password, "_csrf_token": token})


async def post(client: httpx.AsyncClient, path: str, data: dict, *,
               form_page: str) -> httpx.Response:
    """A form post with the CSRF token taken from ``form_page``."""
    token = await csrf(client, form_page)
    return await client.post(path, data={**data, "_csrf_token": token})


def sign_in(client: httpx.AsyncClient, token: str) -> None:
    """Hold a session as the login form would leave it (the cookie with a login token)."""
    client.cookies.set("liaison_session", token)


def texts(html: str, testid: str) -> list[str]:
    """The text of every element with this data-testid (tags stripped, spaces squeezed)."""
    found = re.findall(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</\1>', html,
                       re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", body).split()) for _, body in found]


def table(html: str, testid: str) -> list[list[str]]:
    """The body rows of the table with this data-testid, as cell texts."""
    match = re.search(rf'<table[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</table>', html,
                      re.S)
    assert match, f"no table {testid}"
    body = re.search(r"<tbody>(.*?)</tbody>", match.group(1), re.S).group(1)
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
