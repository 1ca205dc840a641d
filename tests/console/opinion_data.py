"""Opinions for the console tests: an opinion registered through the office's form."""

import re

from tests.console.helpers import post


def option(html: str, label: str) -> str:
    """The value of the <option> with this label."""
    match = re.search(rf'<option value="([^"]*)"[^>]*>{re.escape(label)}</option>', html)
    assert match, f"no option {label}"
    return match.group(1)


async def register(client, roster, title: str = "修缮村道",
                   raised_on: str = "2025-03-01") -> str:
    """The office registers an opinion of 张伟's raised by 陈群众; returns its page."""
    a = roster.world.county_a.code
    form = f"/t/{a}/opinions/new"
    page = await client.get(form)
    made = await post(client, form, {
        "title": title, "content": f"{title}的具体情况", "category": option(page.text, "社会民生"),
        "raised_on": raised_on, "urgency": "normal", "member": str(roster.members["张伟"].id),
        "constituents": str(roster.pairings["陈群众"].constituent_id)}, form_page=form)
    assert made.status_code == 303, made.text
    return made.headers["location"]
