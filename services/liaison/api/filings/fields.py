"""Filing fields of Tenant and Member, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.filings.types import Filing, FilingKind, FilingOverviewRow
from liaison.authz.objects import Obj
from liaison.filings import service as filings
from liaison.members import service as members
from liaison.models.contacts import FilingKind as FilingKindValue


async def filing_overview(info: Info, tenant: models.Tenant, kind: FilingKind,
                          year: int) -> list[FilingOverviewRow]:
    from liaison.api.members.types import Member  # members.types imports this module

    rows = await filings.overview(info.context.service, tenant, FilingKindValue(kind.value),
                                  year)
    return [FilingOverviewRow(member=Member.from_model(m),
                              filing=Filing.from_model(f) if f else None) for m, f in rows]


async def member_filings(info: Info, member: models.Member) -> list[Filing]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    members.check_readable(info.context.service, tenant, member, Obj.filing)
    rows = await info.context.loaders.filings_of_member.load((member.tenant_id, member.id))
    return [Filing.from_model(r) for r in rows]
