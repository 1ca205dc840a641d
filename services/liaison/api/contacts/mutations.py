"""Mutations: log and edit contacts."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison.api import compiled_mutations, plans
from liaison.api.contacts.types import Contact, ContactMethod, ServiceKind
from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.contacts import service
from liaison.models.contacts import Method
from liaison.models.contacts import ServiceKind as ServiceValue


@strawberry.input(description="联系服务登记（附件2）")
class ContactInput:
    member_id: strawberry.ID
    constituent_ids: list[strawberry.ID] = strawberry.field(
        description="本次联系的结对联系对象（至少一名，须在该日期与委员结对）")
    occurred_at: datetime = strawberry.field(
        description="联系时间；不带时区时按本单位时区（默认北京时间）理解")
    method: ContactMethod
    service_kinds: list[ServiceKind] = strawberry.field(default_factory=list)
    place: str | None = None
    content: str | None = strawberry.field(default=None,
                                           description="联系服务内容和推动解决的问题")
    opinions: str | None = strawberry.field(default=None, description="意见建议")
    remarks: str | None = None
    decision_id: strawberry.ID | None = strawberry.field(
        default=None, description="宣传解读的重大决策（可选）")

    def to_service(self) -> service.ContactInput:
        return service.ContactInput(
            member_id=parse_id(self.member_id, "委员"),
            constituent_ids=[parse_id(c, "联系对象") for c in self.constituent_ids],
            occurred_at=self.occurred_at, method=Method(self.method.value),
            service_kinds=[ServiceValue(k.value) for k in self.service_kinds],
            place=self.place, content=self.content, opinions=self.opinions,
            remarks=self.remarks,
            decision_id=parse_id(self.decision_id, "重大决策") if self.decision_id else None)


async def log_contact(ctx, input: ContactInput):
    """``logContact``'s service call, for the resolver and its compiled plan alike."""
    return await service.log_contact(ctx, input.to_service())


def register() -> None:
    plans.ASYNC["Mutation", "logContact"] = compiled_mutations.alone(log_contact,
                                                                        Contact.from_model)


ContactResult = Annotated[Contact | ValidationErrors | NotFoundError | ForbiddenError,
                          strawberry.union("ContactResult")]


@strawberry.type
class ContactMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记一次联系服务（委员本人，或委员联络办代为登记）")
    async def log_contact(self, info: Info, input: ContactInput) -> ContactResult:
        ctx = info.context.service
        return await mutate(info, lambda: log_contact(ctx, input), Contact.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改联系服务记录（留痕）")
    async def update_contact(self, info: Info, id: strawberry.ID,
                             input: ContactInput) -> ContactResult:
        ctx = info.context.service

        async def call():
            return await service.update_contact(ctx, parse_id(id, "联系服务记录"),
                                                input.to_service())

        return await mutate(info, call, Contact.from_model)
