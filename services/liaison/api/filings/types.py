"""GraphQL types of annual plans and reports (R6, R9)."""

from datetime import datetime
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.contacts.types import ContactMethod
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.models.contacts import FILING_LABELS, FILING_STATUS_LABELS, METHOD_LABELS
from liaison.models.contacts import FilingKind as FilingKindValue
from liaison.models.contacts import FilingStatus as FilingStatusValue
from liaison.models.contacts import Method as MethodValue

# Member reaches Filing through Member.filings: the way back is lazy.
MEMBERS = "liaison.api.members.types"

FilingKind = graphql_enum(FilingKindValue, "FilingKind",
                          "PLAN 年度联系群众计划；REPORT 年度联系情况报告")
FilingStatus = graphql_enum(FilingStatusValue, "FilingStatus", "草稿 / 已提交 / 已退回 / 已采纳")


@strawberry.type
class MethodCount:
    method: ContactMethod
    label: str
    count: int


@strawberry.type(description="报告草稿据以生成的全年数据")
class FilingFigures:
    contacts: int
    constituents_reached: int
    opinions_collected: int
    by_method: list[MethodCount]


@strawberry.type(description="年度联系群众计划 / 年度联系情况报告")
class Filing:
    model: strawberry.Private[models.AnnualFiling]
    id: strawberry.ID
    kind: FilingKind
    year: int
    status: FilingStatus
    main_practices: str | None
    opinions: str | None
    body: str | None
    submitted_at: datetime | None
    late: bool
    returned_reason: str | None
    accepted_at: datetime | None

    @classmethod
    def from_model(cls, row: models.AnnualFiling) -> "Filing":
        return cls(model=row, id=strawberry.ID(str(row.id)), kind=FilingKind(str(row.kind)),
                   year=row.year, status=FilingStatus(str(row.status)),
                   main_practices=row.main_practices, opinions=row.opinions, body=row.body,
                   submitted_at=row.submitted_at, late=row.late,
                   returned_reason=row.returned_reason, accepted_at=row.accepted_at)

    @strawberry.field
    def kind_label(self) -> str:
        return FILING_LABELS[FilingKindValue(self.model.kind)]

    @strawberry.field
    def status_label(self) -> str:
        return FILING_STATUS_LABELS[FilingStatusValue(self.model.status)]

    @strawberry.field
    def figures(self) -> FilingFigures | None:
        f = self.model.figures
        if not f:
            return None
        return FilingFigures(
            contacts=f["contacts"], constituents_reached=f["constituents_reached"],
            opinions_collected=f["opinions_collected"],
            by_method=[MethodCount(method=ContactMethod(m), label=METHOD_LABELS[MethodValue(m)],
                                   count=n) for m, n in f["by_method"].items()])

    @strawberry.field
    async def member(self, info: Info) -> Annotated["Member", strawberry.lazy(MEMBERS)]:  # noqa: F821
        from liaison.api.members.types import Member

        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row)


@strawberry.type(description="某委员的计划或报告情况；filing 为空表示尚未开始")
class FilingOverviewRow:
    member: Annotated["Member", strawberry.lazy(MEMBERS)]  # noqa: F821
    filing: Filing | None
