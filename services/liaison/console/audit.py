"""操作日志: who did what in one's own tenant, newest first, 20 a page, filtered by person,
action and days (in the tenant's zone). The service decides who may read it."""

import uuid
from datetime import date

from litestar import Request, get
from litestar.response import Template

from liaison.audit import service as audit
from liaison.console.session import console_context
from liaison.console.views import page, readable_tenant, viewer
from liaison.errors import NotFound
from liaison.models import AuditEntry
from liaison.models.account import ROLE_LABELS, Role

PAGE = 20
ACTION_LABELS = {
    "login_succeeded": "登录成功", "login_failed": "登录失败",
    "login_refused_locked": "账号锁定期间尝试登录", "logged_out": "退出登录",
    "password_changed": "修改密码", "password_change_failed": "修改密码失败",
    "role_assigned": "分配角色", "role_revoked": "撤销角色", "account_unlocked": "解除账号锁定",
    "account_member_linked": "关联账号与委员", "member_created": "新增委员",
    "member_updated": "修改委员信息", "member_left": "委员离任",
    "constituent_created": "新增联系对象", "constituent_updated": "修改联系对象",
    "pairing_started": "新增结对", "pairing_ended": "结束结对",
    "contact_logged": "登记联系服务", "contact_updated": "修改联系服务记录",
    "members_imported": "导入委员", "pairings_imported": "导入结对联系对象",
    "contacts_imported": "导入联系服务记录", "filing_edited": "编辑计划或报告",
    "filing_submitted": "提交计划或报告", "filing_returned": "退回计划或报告",
    "filing_accepted": "采纳计划或报告", "decision_created": "新增重大决策",
    "settings_saved": "保存联络设置", "term_saved": "保存届次", "sector_saved": "保存界别",
    "committee_saved": "保存专门委员会", "activity_group_saved": "保存活动组",
}
TARGET_LABELS = {
    "account": "账号", "role_assignment": "角色分配", "member": "委员",
    "constituent": "联系对象", "pairing": "结对", "contact": "联系服务记录",
    "annual_filing": "计划或报告", "major_decision": "重大决策", "liaison_settings": "联络设置",
    "term": "届次", "sector": "界别", "committee": "专门委员会", "activity_group": "活动组",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def target_label(entry: AuditEntry) -> str:
    if entry.target_type is None:
        return ""
    label = TARGET_LABELS.get(entry.target_type, entry.target_type)
    role = (entry.after or entry.before or {}).get("role")
    if entry.target_type == "role_assignment" and role in set(Role):
        return f"{label}：{ROLE_LABELS[Role(role)]}"
    if entry.target_id in (None, "import"):
        return label
    return f"{label} {entry.target_id[:8]}"


def day(value: str | None, name: str, label: str, errors: dict) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = [f"{label}格式应为 2025-03-31"]
        return None


def actor(value: str | None, errors: dict) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        errors["person"] = ["请从列表中选择人员"]
        return None


@get("/t/{code:str}/audit")
async def audit_log(request: Request, code: str, person: str | None = None,
                    action: str | None = None, since: str | None = None,
                    until: str | None = None, after: str | None = None) -> Template:
    errors: dict[str, list[str]] = {}
    actor_id = actor(person, errors)
    start = day(since, "since", "开始日期", errors)
    end = day(until, "until", "结束日期", errors)
    if start and end and end < start:
        errors["until"] = ["结束日期不能早于开始日期"]
    action = (action or "").strip()[:60] or None
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)  # the log is read in one's own tenant only
        names = await audit.actors(ctx, tenant)
        found = None
        if not errors:
            found = await audit.list_entries(ctx, tenant, actor_id=actor_id, action=action,
                                             since=start, until=end, first=PAGE,
                                             after=after or None)
    query = {k: v for k, v in (("person", person), ("action", action), ("since", since),
                               ("until", until)) if v}
    rows = [(e, names.get(e.actor_id, "系统" if e.actor_id is None else "未知账号"),
             action_label(e.action), target_label(e)) for e in (found.items if found else [])]
    return page("audit.html", status=400 if errors else 200, viewer=who, tenant=tenant,
                rows=rows, names=names, actions=ACTION_LABELS, query=query, errors=errors,
                next_cursor=found.cursors[-1] if found and found.has_next else None)
