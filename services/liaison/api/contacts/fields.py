"""Contact fields of Member, resolved here and declared there."""

from liaison import models
from liaison.api.contacts.types import Contact
from liaison.api.context import Info
from liaison.authz.objects import Obj
from liaison.members import service as members


async def member_contacts(info: Info, member: models.Member, year: int) -> list[Contact]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    members.check_readable(info.context.service, tenant, member, Obj.contact)
    rows = await info.context.loaders.contacts_of_member_year.load(
        (member.tenant_id, member.id, year))
    return [Contact.from_model(r) for r in rows]
