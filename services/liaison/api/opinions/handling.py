"""Mutations beyond the plain moves: from contacts, merging, handing back, adoption of a
社情民意信息, and the city's guidance notes."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import (
    ForbiddenError,
    IllegalTransitionError,
    NotFoundError,
    ValidationErrors,
)
from liaison.api.mutation import mutate, parse_id
from liaison.api.opinions.mutations import KIND, move
from liaison.api.opinions.types import Opinion, OpinionNote, OpinionUrgency
from liaison.api.permissions import IsAuthenticated
from liaison.models.opinions import Urgency
from liaison.opinions import intake, merge, notes
from liaison.opinions import service as opinions
from liaison.opinions.rules import Move


@strawberry.type(description="从联系记录登记的意见建议")
class OpinionsRegistered:
    opinions: list[Opinion]


@strawberry.type(description="联系记录中的意见建议批量转为意见建议记录")
class ContactOpinionsConverted:
    count: int


@strawberry.input(description="联系记录中的一条意见建议")
class ContactOpinionInput:
    title: str
    content: str
    category_id: strawberry.ID
    urgency: OpinionUrgency = strawberry.field(default=OpinionUrgency("normal"))


RegisterContactOpinionsResult = Annotated[
    OpinionsRegistered | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("RegisterContactOpinionsResult")]
ConvertContactOpinionsResult = Annotated[
    ContactOpinionsConverted | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ConvertContactOpinionsResult")]
OpinionResult = Opinion | ValidationErrors | NotFoundError | ForbiddenError \
    | IllegalTransitionError
MergeOpinionsResult = Annotated[OpinionResult, strawberry.union("MergeOpinionsResult")]
HandBackOpinionResult = Annotated[OpinionResult, strawberry.union("HandBackOpinionResult")]
RecordOpinionAdoptionResult = Annotated[OpinionResult,
                                        strawberry.union("RecordOpinionAdoptionResult")]
AddOpinionNoteResult = Annotated[OpinionNote | ValidationErrors | NotFoundError
                                 | ForbiddenError, strawberry.union("AddOpinionNoteResult")]


@strawberry.type
class OpinionHandlingMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="把一次联系中群众提出的意见建议登记为记录（委员联络办或委员本人）")
    async def register_contact_opinions(self, info: Info, contact_id: strawberry.ID,
                                        items: list[ContactOpinionInput]
                                        ) -> RegisterContactOpinionsResult:
        ctx = info.context.service

        async def call():
            return await intake.register_from_contact(
                ctx, parse_id(contact_id, "联系记录"),
                [intake.ContactOpinion(title=i.title, content=i.content,
                                       category_id=parse_id(i.category_id, "类别"),
                                       urgency=Urgency(i.urgency.value)) for i in items])

        return await mutate(info, call, lambda rows: OpinionsRegistered(
            opinions=[Opinion.from_model(r) for r in rows]))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="把所有联系记录中尚未登记的意见建议一次转为记录（委员联络办）")
    async def convert_contact_opinions(self, info: Info, category_id: strawberry.ID
                                       ) -> ConvertContactOpinionsResult:
        ctx = info.context.service

        async def call():
            return await intake.convert_contacts(ctx, parse_id(category_id, "类别"))

        return await mutate(info, call, lambda n: ContactOpinionsConverted(count=n))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="合并：把同一事项的意见建议并入主件，统一办理（委员联络办）")
    async def merge_opinions(self, info: Info, lead_id: strawberry.ID,
                             other_ids: list[strawberry.ID],
                             note: str | None = None) -> MergeOpinionsResult:
        ctx = info.context.service

        async def call():
            return await merge.merge(ctx, parse_id(lead_id, KIND),
                                     [parse_id(i, KIND) for i in other_ids], note)

        return await mutate(info, call, Opinion.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="退回委员联络办（承办的专门委员会，需填写原因）")
    async def hand_back_opinion(self, info: Info, id: strawberry.ID,
                                note: str) -> HandBackOpinionResult:
        return await move(info, id, Move.hand_back, {"note": note})

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="记录社情民意信息的采用情况和批示")
    async def record_opinion_adoption(self, info: Info, id: strawberry.ID, adopted_on: date,
                                      instruction: str | None = None
                                      ) -> RecordOpinionAdoptionResult:
        ctx = info.context.service

        async def call():
            return await opinions.record_adoption(ctx, parse_id(id, KIND), adopted_on,
                                                  instruction)

        return await mutate(info, call, Opinion.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="上级政协对县（区）意见建议的指导意见（县区可见）")
    async def add_opinion_note(self, info: Info, id: strawberry.ID,
                               text: str) -> AddOpinionNoteResult:
        ctx = info.context.service

        async def call():
            return await notes.add_note(ctx, parse_id(id, KIND), text)

        return await mutate(info, call, lambda r: OpinionNote(author_name=r.author_name,
                                                              at=r.at, text=r.text))
