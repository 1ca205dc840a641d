"""GraphQL types of a tenant's organisation: sectors, committees, activity groups, terms and
its liaison settings."""

from datetime import date

import strawberry

from liaison import models


@strawberry.type(description="专门委员会")
class Committee:
    id: strawberry.ID
    name: str
    sort_order: int

    @classmethod
    def from_model(cls, row):
        return cls(id=strawberry.ID(str(row.id)), name=row.name, sort_order=row.sort_order)


@strawberry.type(description="委员活动组")
class ActivityGroup(Committee):
    pass


@strawberry.type(description="界别")
class Sector(Committee):
    invited: bool = strawberry.field(description="特邀界别：其委员可联系本界别以外的基层群众")

    @classmethod
    def from_model(cls, row: models.Sector) -> "Sector":
        return cls(id=strawberry.ID(str(row.id)), name=row.name, sort_order=row.sort_order,
                   invited=row.invited)


@strawberry.type(description="届次，例如 第五届")
class Term:
    id: strawberry.ID
    name: str
    starts_on: date
    ends_on: date
    is_current: bool

    @classmethod
    def from_model(cls, row: models.Term) -> "Term":
        return cls(id=strawberry.ID(str(row.id)), name=row.name, starts_on=row.starts_on,
                   ends_on=row.ends_on, is_current=row.is_current)


@strawberry.type(description="月、日")
class MonthDay:
    month: int
    day: int


@strawberry.type(description="结对设置：每名委员结对联系对象的最少和最多人数；计划、报告截止日；"
                              "意见建议反馈群众的期限")
class LiaisonSettings:
    min_pairings: int
    max_pairings: int
    report_due: MonthDay = strawberry.field(description="年度联系情况报告截止日（当年）")
    plan_due: MonthDay = strawberry.field(description="年度联系群众计划截止日（当年）")
    opinion_reply_days: int = strawberry.field(
        description="意见建议自提出之日起向反映群众反馈的天数（默认 30）")

    @classmethod
    def of(cls, s) -> "LiaisonSettings":
        return cls(min_pairings=s.min_pairings, max_pairings=s.max_pairings,
                   report_due=MonthDay(month=s.report_due[0], day=s.report_due[1]),
                   plan_due=MonthDay(month=s.plan_due[0], day=s.plan_due[1]),
                   opinion_reply_days=s.opinion_reply_days)
