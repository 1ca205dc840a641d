"""GraphQL types of major decisions and the outreach of leading cadres (R8)."""

from datetime import date
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.decisions import service as decisions

# Member reaches MajorDecision through Member.contacts → Contact.decision: the way back
# (DecisionOutreach.member) is lazy.
MEMBERS = "liaison.api.members.types"


@strawberry.type(description="重大决策部署（委员向联系对象宣传解读）")
class MajorDecision:
    model: strawberry.Private[models.MajorDecision]
    id: strawberry.ID
    title: str
    decided_on: date

    @classmethod
    def from_model(cls, row: models.MajorDecision) -> "MajorDecision":
        return cls(model=row, id=strawberry.ID(str(row.id)), title=row.title,
                   decided_on=row.decided_on)

    @strawberry.field(description="党员领导干部委员在决策前后联系群众宣传的次数")
    async def outreach(self, info: Info) -> list["DecisionOutreach"]:
        from liaison.api.members.types import Member

        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        rows = await decisions.outreach(info.context.service, tenant, self.model)
        return [DecisionOutreach(member=Member.from_model(r.member), contacts_before=r.before,
                                 contacts_after=r.after) for r in rows]


@strawberry.type
class DecisionOutreach:
    member: Annotated["Member", strawberry.lazy(MEMBERS)]  # noqa: F821
    contacts_before: int
    contacts_after: int
