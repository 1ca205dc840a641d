"""GraphQL types of opinions (意见建议)."""

from datetime import date, datetime

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.pairings.types import Constituent
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.errors import NotFound
from liaison.models.opinions import OpinionState as StateValue
from liaison.models.opinions import OutcomeKind as OutcomeValue
from liaison.models.opinions import Urgency as UrgencyValue
from liaison.opinions import deadlines, rules
from liaison.pairings.service import access_constituent

OpinionState = graphql_enum(StateValue, "OpinionState",
                            "已登记 / 办理中 / 已处理 / 已答复 / 已反馈 / 已办结")
OpinionOutcomeKind = graphql_enum(
    OutcomeValue, "OpinionOutcomeKind",
    "转化为提案 / 社情民意信息 / 大会发言或协商发言 / 转交部门 / 不予采纳")
OpinionUrgency = graphql_enum(UrgencyValue, "OpinionUrgency", "一般 / 紧急")


def _key(row) -> tuple:
    return (row.tenant_id, row.id)


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(description="意见建议类别（本单位可编辑的列表）")
class OpinionCategory:
    id: strawberry.ID
    name: str

    @classmethod
    def from_model(cls, row: models.OpinionCategory) -> "OpinionCategory":
        return cls(id=strawberry.ID(str(row.id)), name=row.name)


@strawberry.type(description="办理结果")
class OpinionOutcome:
    kind: OpinionOutcomeKind
    kind_label: str
    on: date | None
    proposal_number: str | None
    title: str | None
    sent_to: str | None
    department: str | None
    rejection_reason: str | None
    adopted_on: date | None = strawberry.field(description="社情民意信息被采用的日期")
    instruction: str | None = strawberry.field(description="采用后的批示")


@strawberry.type(description="答复")
class OpinionReply:
    reply_from: str
    replied_on: date
    text: str


@strawberry.type(description="向反映人反馈")
class OpinionFeedback:
    how: str
    on: date
    by: str
    satisfied: bool | None
    note: str | None


@strawberry.type(description="反映人：联系对象，或未具名的人数")
class OpinionPerson:
    model: strawberry.Private[models.OpinionPerson]
    constituent_id: strawberry.ID | None
    unnamed_count: int | None

    @strawberry.field(description="联系对象（电话按查看者的权限显示或隐去中间四位）；"
                                  "无权查看其结对委员的结对联系对象时为空")
    async def constituent(self, info: Info) -> Constituent | None:
        if self.model.constituent_id is None:
            return None
        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        try:  # the person is shown to those who may read the pairing, as everywhere else
            row = await access_constituent(info.context.service, self.model.constituent_id,
                                           tenant=tenant)
        except NotFound:
            return None
        return Constituent.from_model(row)


@strawberry.type(description="上级政协的指导意见")
class OpinionNote:
    author_name: str = strawberry.field(description="单位简称与姓名")
    at: datetime
    text: str


@strawberry.type(description="办理过程的一步：谁、何时、从何状态到何状态、说明")
class OpinionEvent:
    seq: int
    actor_name: str | None
    at: datetime
    from_state: OpinionState | None
    to_state: OpinionState
    note: str | None


@strawberry.type(description="意见建议")
class Opinion:
    model: strawberry.Private[models.Opinion]
    id: strawberry.ID
    title: str
    content: str
    category_id: strawberry.ID
    member_id: strawberry.ID | None
    contact_id: strawberry.ID | None
    sector_id: strawberry.ID | None
    committee_id: strawberry.ID | None = strawberry.field(
        description="承办的专门委员会；为空表示由委员联络办办理")
    urgency: OpinionUrgency
    raised_on: date
    state: OpinionState
    state_label: str
    due_on: date | None

    @classmethod
    def from_model(cls, row: models.Opinion) -> "Opinion":
        state = StateValue(row.state)
        return cls(model=row, id=strawberry.ID(str(row.id)), title=row.title,
                   content=row.content, category_id=strawberry.ID(str(row.category_id)),
                   member_id=_id(row.member_id), contact_id=_id(row.contact_id),
                   sector_id=_id(row.sector_id), committee_id=_id(row.committee_id),
                   urgency=OpinionUrgency(str(row.urgency)), raised_on=row.raised_on,
                   state=OpinionState(state.value), state_label=state.label, due_on=row.due_on)

    @strawberry.field
    def outcome(self) -> OpinionOutcome | None:
        m = self.model
        if m.outcome_kind is None:
            return None
        kind = OutcomeValue(m.outcome_kind)
        return OpinionOutcome(kind=OpinionOutcomeKind(kind.value), kind_label=kind.label,
                              on=m.outcome_on, proposal_number=m.proposal_number,
                              title=m.outcome_title, sent_to=m.sent_to,
                              department=m.department, rejection_reason=m.rejection_reason,
                              adopted_on=m.adopted_on, instruction=m.instruction)

    @strawberry.field
    def reply(self) -> OpinionReply | None:
        m = self.model
        if m.replied_on is None:
            return None
        return OpinionReply(reply_from=m.reply_from, replied_on=m.replied_on, text=m.reply_text)

    @strawberry.field
    def feedback(self) -> OpinionFeedback | None:
        m = self.model
        if m.feedback_on is None:
            return None
        return OpinionFeedback(how=m.feedback_how, on=m.feedback_on, by=m.feedback_by,
                               satisfied=m.satisfied, note=m.feedback_note)

    @strawberry.field(description="应向反映群众反馈的日期：提出日期加本单位设置的反馈天数")
    async def reply_due_on(self, info: Info) -> date:
        found = await info.context.loaders.settings_of_tenant.load(self.model.tenant_id)
        return deadlines.reply_due_on(self.model, found.settings.opinion_reply_days)

    @strawberry.field(description="下一步要做的事；已办结为空")
    def next_action(self) -> str | None:
        m = self.model
        return rules.next_action(StateValue(m.state),
                                 OutcomeValue(m.outcome_kind) if m.outcome_kind else None)

    @strawberry.field(description="并入的主件；为空表示未并入其他意见建议")
    def merged_into_id(self) -> strawberry.ID | None:
        return _id(self.model.merged_into_id)

    @strawberry.field(description="并入本件的意见建议（各自保留反映人和反馈）")
    async def merged(self, info: Info) -> list["Opinion"]:
        rows = await info.context.loaders.merged_into_opinion.load(_key(self.model))
        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        scope = policies.opinion_scope(info.context.service.require_principal(), tenant,
                                       Act.read)  # only those the caller may read on their own
        return [Opinion.from_model(r) for r in rows if scope.allows(r)]

    @strawberry.field(description="反映人")
    async def people(self, info: Info) -> list[OpinionPerson]:
        rows = await info.context.loaders.people_of_opinion.load(_key(self.model))
        return [OpinionPerson(model=r, constituent_id=_id(r.constituent_id),
                              unnamed_count=r.unnamed_count) for r in rows]

    @strawberry.field(description="办理过程（先后顺序）")
    async def history(self, info: Info) -> list[OpinionEvent]:
        rows = await info.context.loaders.events_of_opinion.load(_key(self.model))
        return [OpinionEvent(seq=r.seq, actor_name=r.actor_name, at=r.at,
                             from_state=OpinionState(r.from_state) if r.from_state else None,
                             to_state=OpinionState(r.to_state), note=r.note) for r in rows]

    @strawberry.field(description="上级政协的指导意见（先后顺序）")
    async def notes(self, info: Info) -> list[OpinionNote]:
        rows = await info.context.loaders.notes_of_opinion.load(_key(self.model))
        return [OpinionNote(author_name=r.author_name, at=r.at, text=r.text) for r in rows]
