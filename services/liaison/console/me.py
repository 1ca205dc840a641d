"""A member's own pages, phone first: my pairings (tap to call), my contact history, my
notifications. Logging a contact is in console/contacts.py."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.compliance import service as compliance
from liaison.console.contacts import active_people, my_member
from liaison.console.members import optional_id
from liaison.console.session import console_context
from liaison.console.views import page, parse_id, see_other, viewer
from liaison.contacts import service as contacts
from liaison.models.contacts import METHOD_LABELS
from liaison.notifications import service as notifications

PAGE = 20


@get("/me")
async def my_pairings(request: Request) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        people = await active_people(ctx, tenant, member)
        quarter = compliance.quarter_for(tenant, None, None)
        total, _ = await compliance.tenant_compliance(ctx, tenant, quarter)
    return page("me.html", viewer=who, tenant=tenant, member=member, people=people,
                quarter=quarter, total=total, member_page=True)


@get("/me/contacts")
async def my_contacts(request: Request, after: str | None = None,
                      saved: str | None = None, offer: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        found = await contacts.member_contacts(ctx, tenant, member, first=PAGE,
                                               after=after or None)
        reached = await contacts.constituent_names(ctx, found.items)
    return page("my_contacts.html", viewer=who, member=member, contacts=found.items,
                reached=reached, methods=METHOD_LABELS, saved=bool(saved),
                offer=optional_id(offer),
                next_cursor=found.cursors[-1] if found.has_next else None, member_page=True)


@get("/me/notifications")
async def my_notifications(request: Request, after: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        await my_member(ctx)
        found = await notifications.list_mine(ctx, unread_only=False, first=PAGE,
                                              after=after or None)
    return page("notifications.html", viewer=who, items=found.items,
                next_cursor=found.cursors[-1] if found.has_next else None, member_page=True)


@post("/me/notifications/{notification_id:str}/read")
async def mark_read(request: Request, notification_id: str) -> Response:
    async with console_context(request) as ctx:
        await notifications.mark_read(ctx, parse_id(notification_id, "通知"))
    return see_other("/me/notifications")
