"""One reception day (接待日) in the console: when and where, its theme, capacity and public
notice, the members on duty with whether they confirmed (a swap asked for, a leave with its
reason), the record (held, how long, notes) and who came — each visitor with the pairings
the visit satisfied, and the forms the viewer may use in the session's state. Venue staff of
another venue, and other tenants, find nothing here; a parent city and the tenant's other
roles read it with visitor counts only (visitors.py decides). The posts are in
venue_moves.py."""

from dataclasses import dataclass, field

from litestar import Request, get
from litestar.response import Template

from liaison.console.session import console_context
from liaison.console.venues import labels, manages, serving_members
from liaison.console.views import Viewer, page, parse_id, readable_tenant, viewer
from liaison.context import ServiceContext
from liaison.models import ReceptionSession, Tenant, Venue
from liaison.models.members import CATEGORY_LABELS
from liaison.models.venues import SessionStatus
from liaison.opinions import service as opinions
from liaison.tenancy import clock
from liaison.venues import calendar, visitors
from liaison.venues.access import access_venue

VISITOR_INPUTS = ("name", "phone", "category", "constituent", "unnamed_count", "raised",
                  "opinion_category")


@dataclass
class Detail:
    venue: Venue
    entry: calendar.Entry
    visitors: visitors.SessionVisitors
    manage: bool = False  # the venue's staff or the tenant's office
    started: bool = False
    members: dict = field(default_factory=dict)  # serving members, for the duty selects
    categories: list = field(default_factory=list)  # opinion categories, for a visitor

    @property
    def session(self) -> ReceptionSession:
        return self.entry.session

    @property
    def planned(self) -> bool:
        return self.session.status == SessionStatus.planned

    @property
    def may_record(self) -> bool:
        """Record it held (or correct the record): started and not cancelled."""
        return self.manage and self.session.status != SessionStatus.cancelled and self.started

    @property
    def may_change(self) -> bool:
        """Move, cancel, set members, decide swaps: still planned."""
        return self.manage and self.planned

    def shows(self, acting: str | None) -> bool:
        """Whether the form ``acting`` is on the page (else its refusal goes on top)."""
        if acting in ("move", "cancel", "members") or (acting or "").startswith("replace-"):
            return self.may_change
        if acting == "record":
            return self.may_record
        if acting == "visitor":
            return self.manage and self.session.status == SessionStatus.held
        return False


async def load_detail(ctx: ServiceContext, tenant: Tenant, session_id) -> Detail:
    _, entry = await calendar.session_entry(ctx, session_id, tenant=tenant)
    row = entry.session
    venue = await access_venue(ctx, row.venue_id, tenant=tenant)
    detail = Detail(venue=venue, entry=entry,
                    visitors=await visitors.visitors(ctx, row.id),
                    manage=manages(ctx, tenant, venue),
                    started=row.starts_at <= clock.now())
    if detail.manage:
        detail.members = await serving_members(ctx, tenant)
        if detail.session.status == SessionStatus.held:
            detail.categories = await opinions.categories(ctx, tenant)
    return detail


def session_path(tenant: Tenant, row: ReceptionSession) -> str:
    return f"/t/{tenant.code}/sessions/{row.id}"


async def detail_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, session_id, *,
                      acting: str | None = None, errors: dict | None = None,
                      form: dict | None = None, lists: dict | None = None,
                      notice: str | None = None, status: int = 200) -> Template:
    detail = await load_detail(ctx, tenant, session_id)
    return page("session.html", status=status, viewer=who, tenant=tenant,
                own=tenant.id == who.tenant.id, d=detail, s=detail.session,
                venue=detail.venue, acting=acting, errors=errors or {}, form=form or {},
                lists=lists or {}, notice=notice, constituent_categories=CATEGORY_LABELS,
                top=(errors or {}) if not detail.shows(acting) else {},
                month=detail.entry.on.strftime("%Y-%m"), **labels())


NOTICES = {"held": "已登记接待情况。", "visitor": "已登记来访群众。",
           "removed": "已删除来访记录。", "approved": "已同意换班。",
           "rejected": "已驳回换班申请。", "replaced": "已另选值班委员。",
           "moved": "已调整接待日时间。", "members": "已更新值班委员。"}


@get("/t/{code:str}/sessions/{session_id:str}")
async def session_detail(request: Request, code: str, session_id: str,
                         done: str | None = None) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        notice = NOTICES.get(done or "")
        return await detail_page(ctx, who, tenant, parse_id(session_id, "接待日"),
                                 notice=notice)
