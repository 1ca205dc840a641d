"""GraphQL types of guidance items (指导事项): the item a city issued, each county's copy, the
counties × items matrix."""

from datetime import date, datetime

import strawberry

from liaison.api.enums import graphql_enum
from liaison.guidance.attachments import AttachmentInfo
from liaison.guidance.views import ItemView, Matrix, TargetView
from liaison.models.guidance import GuidanceKind as KindValue
from liaison.models.guidance import TargetState as StateValue

GuidanceKind = graphql_enum(KindValue, "GuidanceKind", "通知 / 工作任务 / 督办")
GuidanceState = graphql_enum(StateValue, "GuidanceState", "未阅 / 已阅 / 已答复 / 已办结")


def _id(value) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(description="附件（.docx、.xlsx 或 .pdf，按内容识别类型）")
class GuidanceAttachment:
    id: strawberry.ID
    filename: str
    content_type: str
    size: int = strawberry.field(description="字节数")
    download_path: str = strawberry.field(description="下载地址（带 Bearer 令牌 GET）")

    @classmethod
    def of(cls, info: AttachmentInfo | None, path: str) -> "GuidanceAttachment | None":
        if info is None:
            return None
        return cls(id=_id(info.id), filename=info.filename, content_type=info.content_type,
                   size=info.size, download_path=path)


@strawberry.type(description="下级政协收到的指导事项（每个单位一份，兄弟单位互不可见）")
class GuidanceTarget:
    id: strawberry.ID
    item_id: strawberry.ID
    tenant_code: str = strawberry.field(description="收到的单位")
    tenant_name: str
    issuer_name: str = strawberry.field(description="下发的单位")
    kind: GuidanceKind
    kind_label: str
    title: str
    body: str
    due_on: date | None
    attachment: GuidanceAttachment | None
    state: GuidanceState
    state_label: str
    overdue: bool = strawberry.field(description="已过办理期限仍未办结")
    read_at: datetime | None
    answer: str | None
    answer_attachment: GuidanceAttachment | None
    answered_at: datetime | None
    done_at: datetime | None
    reminded_at: datetime | None = strawberry.field(description="最近一次催办")
    reminders: int = strawberry.field(description="催办次数")
    created_at: datetime

    @classmethod
    def from_view(cls, v: TargetView) -> "GuidanceTarget":
        t = v.target
        kind, state = KindValue(t.kind), StateValue(t.state)
        files = f"/files/guidance/targets/{t.id}"
        return cls(id=_id(t.id), item_id=_id(t.item_id), tenant_code=v.tenant.code,
                   tenant_name=v.tenant.short_name, issuer_name=v.issuer.short_name,
                   kind=GuidanceKind(kind.value), kind_label=kind.label, title=t.title,
                   body=t.body, due_on=t.due_on,
                   attachment=GuidanceAttachment.of(v.attachment, f"{files}/attachment"),
                   state=GuidanceState(state.value), state_label=state.label,
                   overdue=v.overdue, read_at=t.read_at, answer=t.answer,
                   answer_attachment=GuidanceAttachment.of(v.answer_attachment,
                                                           f"{files}/answer-attachment"),
                   answered_at=t.answered_at, done_at=t.done_at, reminded_at=t.reminded_at,
                   reminders=t.reminders, created_at=t.created_at)


@strawberry.type(description="上级政协下发的指导事项（通知、工作任务或督办）")
class GuidanceItem:
    id: strawberry.ID
    kind: GuidanceKind
    kind_label: str
    title: str
    body: str
    due_on: date | None
    attachment: GuidanceAttachment | None
    created_at: datetime
    targets: list[GuidanceTarget] = strawberry.field(description="各单位的办理情况（按单位排序）")
    overdue_count: int = strawberry.field(description="逾期未办结的单位数")
    pending_count: int = strawberry.field(description="未办结的单位数（催办对象）")

    @classmethod
    def from_view(cls, v: ItemView) -> "GuidanceItem":
        i = v.item
        kind = KindValue(i.kind)
        return cls(id=_id(i.id), kind=GuidanceKind(kind.value), kind_label=kind.label,
                   title=i.title, body=i.body, due_on=i.due_on,
                   attachment=GuidanceAttachment.of(
                       v.attachment, f"/files/guidance/items/{i.id}/attachment"),
                   created_at=i.created_at,
                   targets=[GuidanceTarget.from_view(t) for t in v.targets],
                   overdue_count=v.overdue, pending_count=v.laggards)


@strawberry.type(description="矩阵的一行：一个下级单位对各事项的办理情况")
class GuidanceMatrixRow:
    tenant_code: str
    tenant_name: str
    cells: list[GuidanceTarget | None] = strawberry.field(
        description="与 items 一一对应；未下发给该单位时为空")


@strawberry.type(description="下级单位 × 指导事项（最近 12 件，先发的在前）")
class GuidanceMatrix:
    items: list[GuidanceItem]
    rows: list[GuidanceMatrixRow]

    @classmethod
    def from_matrix(cls, m: Matrix) -> "GuidanceMatrix":
        return cls(items=[GuidanceItem.from_view(v) for v in m.items],
                   rows=[GuidanceMatrixRow(
                       tenant_code=c.code, tenant_name=c.short_name,
                       cells=[GuidanceTarget.from_view(t) if t else None
                              for t in m.cells(c)]) for c in m.counties])
