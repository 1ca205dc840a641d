"""Mutations recording a reception day (the venue's staff, the tenant's office): held with
its length and notes, visitors added (a paired visitor makes contacts for the members on duty
paired with them; what they raised may become an opinion record) and removed."""

from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.api.venues.record_types import SessionRecord, SessionVisitorAdded
from liaison.venues import records
from liaison.venues.access import SESSION

RecordSessionHeldResult = Annotated[
    SessionRecord | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("RecordSessionHeldResult")]
AddSessionVisitorResult = Annotated[
    SessionVisitorAdded | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("AddSessionVisitorResult")]
RemoveSessionVisitorResult = Annotated[
    SessionRecord | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("RemoveSessionVisitorResult")]


@strawberry.input(description="一位具名来访（name），或未留姓名的人数（unnamedCount）")
class SessionVisitorInput:
    name: str | None = None
    phone: str | None = None
    category: str | None = strawberry.field(
        default=None, description="联系对象类别（值或中文名称），或自填，不超过 20 个字符")
    constituent_id: strawberry.ID | None = strawberry.field(
        default=None, description="来访人是结对联系对象时：为与其结对的值班委员登记联系服务")
    unnamed_count: int | None = strawberry.field(default=None, description="未留姓名的人数")
    raised: str | None = strawberry.field(default=None, description="反映的问题")
    opinion_category_id: strawberry.ID | None = strawberry.field(
        default=None, description="给出类别时，反映的问题登记为意见建议")

    def to_domain(self) -> records.VisitorInput:
        return records.VisitorInput(
            name=self.name, phone=self.phone, category=self.category,
            constituent_id=parse_id(self.constituent_id, "联系对象")
            if self.constituent_id is not None else None,
            unnamed_count=self.unnamed_count, raised=self.raised,
            opinion_category_id=parse_id(self.opinion_category_id, "意见建议类别")
            if self.opinion_category_id is not None else None)


@strawberry.type
class SessionRecordMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记接待日已举行（已开始的接待日；再次登记即更新记录）")
    async def record_session_held(self, info: Info, session_id: strawberry.ID,
                                  minutes: int | None = None,
                                  notes: str | None = None) -> RecordSessionHeldResult:
        ctx = info.context.service

        async def call():
            return await records.record_held(ctx, parse_id(session_id, SESSION), minutes,
                                             notes)

        return await mutate(info, call, SessionRecord.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记一位来访群众（或未留姓名的人数）；结对联系对象来访时为"
                                     "与其结对的值班委员登记联系服务，计入季度联系情况")
    async def add_session_visitor(self, info: Info, session_id: strawberry.ID,
                                  input: SessionVisitorInput) -> AddSessionVisitorResult:
        ctx = info.context.service

        async def call():
            return await records.add_visitor(ctx, parse_id(session_id, SESSION),
                                             input.to_domain())

        return await mutate(info, call, SessionVisitorAdded.from_result)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="删除误登记的来访；已据此登记联系服务或意见建议的不能删除")
    async def remove_session_visitor(self, info: Info,
                                     id: strawberry.ID) -> RemoveSessionVisitorResult:
        ctx = info.context.service

        async def call():
            return await records.remove_visitor(ctx, parse_id(id, records.VISITOR))

        return await mutate(info, call, SessionRecord.from_model)
