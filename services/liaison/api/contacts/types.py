"""GraphQL types of the contact log (登记表，附件2)."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.decisions.types import MajorDecision
from liaison.api.enums import graphql_enum
from liaison.api.pairings.types import Constituent
from liaison.models.contacts import METHOD_LABELS, SERVICE_LABELS
from liaison.models.contacts import Method as MethodValue
from liaison.models.contacts import ServiceKind as ServiceValue

# Member reaches Contact through Member.contacts: the way back is lazy.
MEMBERS = "liaison.api.members.types"

ContactMethod = graphql_enum(
    MethodValue, "ContactMethod",
    "联系服务方式：电话、微信、短信；走访、座谈会、宣讲会、委员接待日、调查研究"
    "；界别调研视察考察、界别协商、界别座谈会、界别委员工作室活动；其他")
ServiceKind = graphql_enum(ServiceValue, "ServiceKind", "服务类型")


@strawberry.type(description="一次联系服务（登记表，附件2）")
class Contact:
    model: strawberry.Private[models.Contact]
    id: strawberry.ID
    occurred_at: datetime
    occurred_on: date = strawberry.field(description="本单位时区的日期")
    place: str | None
    method: ContactMethod
    service_kinds: list[ServiceKind]
    content: str | None = strawberry.field(description="联系服务内容和推动解决的问题")
    opinions: str | None = strawberry.field(description="意见建议")
    remarks: str | None
    entered_by_office: bool = strawberry.field(description="是否由委员联络办代为登记")

    @classmethod
    def from_model(cls, row: models.Contact) -> "Contact":
        return cls(model=row, id=strawberry.ID(str(row.id)), occurred_at=row.occurred_at,
                   occurred_on=row.occurred_on, place=row.place,
                   method=ContactMethod(str(row.method)),
                   service_kinds=[ServiceKind(k) for k in row.service_kinds],
                   content=row.content, opinions=row.opinions, remarks=row.remarks,
                   entered_by_office=row.entered_by_office)

    @strawberry.field
    def method_label(self) -> str:
        return METHOD_LABELS[MethodValue(self.model.method)]

    @strawberry.field
    def service_kind_labels(self) -> list[str]:
        return [SERVICE_LABELS[ServiceValue(k)] for k in self.model.service_kinds]

    @strawberry.field
    async def member(self, info: Info) -> Annotated["Member", strawberry.lazy(MEMBERS)]:  # noqa: F821
        from liaison.api.members.types import Member

        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row)

    @strawberry.field
    async def constituents(self, info: Info) -> list[Constituent]:
        ids = await info.context.loaders.constituents_of_contact.load(
            (self.model.tenant_id, self.model.id))
        rows = await info.context.loaders.constituent.load_many(
            [(self.model.tenant_id, i) for i in ids])
        return [Constituent.from_model(r) for r in rows if r is not None]

    @strawberry.field(description="宣传解读的重大决策")
    async def decision(self, info: Info) -> MajorDecision | None:
        if self.model.decision_id is None:
            return None
        row = await info.context.loaders.decision.load((self.model.tenant_id,
                                                        self.model.decision_id))
        return MajorDecision.from_model(row) if row else None
