"""Mutations: log and edit contacts, register major decisions, file plans and reports,
mark notifications read."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from liaison.api.contacts.types import (
    Contact,
    ContactMethod,
    Filing,
    FilingKind,
    MajorDecision,
    Notification,
    ServiceKind,
)
from liaison.api.context import Info
from liaison.api.errors import Error, ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import parse_id, run
from liaison.api.permissions import IsAuthenticated
from liaison.contacts import service
from liaison.decisions import service as decisions
from liaison.filings import service as filings
from liaison.models.contacts import FilingKind as FilingKindValue
from liaison.models.contacts import Method
from liaison.models.contacts import ServiceKind as ServiceValue
from liaison.notifications import service as notifications


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


ContactResult = Annotated[Contact | ValidationErrors | NotFoundError | ForbiddenError,
                          strawberry.union("ContactResult")]


@strawberry.input
class MajorDecisionInput:
    title: str
    decided_on: date


DecisionResult = Annotated[MajorDecision | ValidationErrors | ForbiddenError,
                           strawberry.union("DecisionResult")]


@strawberry.input
class StartFilingInput:
    member_id: strawberry.ID
    kind: FilingKind
    year: int


@strawberry.input
class EditFilingInput:
    id: strawberry.ID
    main_practices: str | None = strawberry.field(default=None, description="主要做法")
    opinions: str | None = strawberry.field(default=None, description="收集到的社情民意")
    body: str | None = strawberry.field(default=None, description="正文（计划必填）")


FilingResult = Annotated[Filing | ValidationErrors | NotFoundError | ForbiddenError,
                         strawberry.union("FilingResult")]
NotificationResult = Annotated[Notification | NotFoundError,
                               strawberry.union("NotificationResult")]


async def _run(info: Info, call, convert):
    result = await run(info.context.service, call)
    return result if isinstance(result, Error) else convert(result)


@strawberry.type
class ContactMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记一次联系服务（委员本人，或委员联络办代为登记）")
    async def log_contact(self, info: Info, input: ContactInput) -> ContactResult:
        ctx = info.context.service
        return await _run(info, lambda: service.log_contact(ctx, input.to_service()),
                          Contact.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改联系服务记录（留痕）")
    async def update_contact(self, info: Info, id: strawberry.ID,
                             input: ContactInput) -> ContactResult:
        ctx = info.context.service

        async def call():
            return await service.update_contact(ctx, parse_id(id, "联系服务记录"),
                                                input.to_service())

        return await _run(info, call, Contact.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记重大决策部署（委员联络办）")
    async def create_major_decision(self, info: Info,
                                    input: MajorDecisionInput) -> DecisionResult:
        ctx = info.context.service
        return await _run(info, lambda: decisions.create_decision(ctx, input.title,
                                                                  input.decided_on),
                          MajorDecision.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="开始填写某年的计划或报告（报告草稿按全年联系记录生成）")
    async def start_filing(self, info: Info, input: StartFilingInput) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.start(ctx, parse_id(input.member_id, "委员"),
                                       FilingKindValue(input.kind.value), input.year)

        return await _run(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="修改草稿或被退回的")
    async def edit_filing(self, info: Info, input: EditFilingInput) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.edit(ctx, parse_id(input.id, "计划或报告"),
                                      main_practices=input.main_practices,
                                      opinions=input.opinions, body=input.body)

        return await _run(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="提交（截止日期后提交标记为逾期）")
    async def submit_filing(self, info: Info, id: strawberry.ID) -> FilingResult:
        ctx = info.context.service
        return await _run(info, lambda: filings.submit(ctx, parse_id(id, "计划或报告")),
                          Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="退回（需填写原因；委员联络办）")
    async def return_filing(self, info: Info, id: strawberry.ID, reason: str) -> FilingResult:
        ctx = info.context.service

        async def call():
            return await filings.review(ctx, parse_id(id, "计划或报告"), False, reason)

        return await _run(info, call, Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="采纳（委员联络办）")
    async def accept_filing(self, info: Info, id: strawberry.ID) -> FilingResult:
        ctx = info.context.service
        return await _run(info, lambda: filings.review(ctx, parse_id(id, "计划或报告"), True),
                          Filing.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="标记提醒为已读")
    async def mark_notification_read(self, info: Info,
                                     id: strawberry.ID) -> NotificationResult:
        ctx = info.context.service
        return await _run(info, lambda: notifications.mark_read(ctx, parse_id(id, "通知")),
                          Notification.from_model)
