"""Contact fields of Member, resolved here and declared there."""

from liaison import models
from liaison.api.contacts.types import Contact
from liaison.api.context import Info
from liaison.authz import policies
from liaison.errors import PublicError


def require_member_scope(info: Info, tenant, member, obj: str) -> None:
    principal = info.context.service.require_principal()
    if not policies.member_scope(principal, tenant, obj, "read").allows(member.id,
                                                                        member.sector_id):
        raise PublicError("FORBIDDEN", "没有权限查看该委员的联系服务记录、计划和报告")


async def member_contacts(info: Info, member: models.Member, year: int) -> list[Contact]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    require_member_scope(info, tenant, member, "contact")
    rows = await info.context.loaders.contacts_of_member_year.load(
        (member.tenant_id, member.id, year))
    return [Contact.from_model(r) for r in rows]
