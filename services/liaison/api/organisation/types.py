"""GraphQL types of a tenant's organisation: sectors, committees, activity groups, terms and
its liaison settings."""

from datetime import date

import strawberry

from liaison import models
from liaison.api.enums import graphql_enum
from liaison.organisation import defaults


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

    rules: list["SettingRule"] = strawberry.field(
        description="每项设置的来源：本级自设、沿用上级，或上级统一规定（下级不得修改）")

    @classmethod
    def of(cls, found: defaults.Resolved) -> "LiaisonSettings":
        s = found.settings
        return cls(min_pairings=s.min_pairings, max_pairings=s.max_pairings,
                   report_due=MonthDay(month=s.report_due[0], day=s.report_due[1]),
                   plan_due=MonthDay(month=s.plan_due[0], day=s.plan_due[1]),
                   opinion_reply_days=s.opinion_reply_days,
                   rules=[SettingRule.of(r) for r in found.rules.values()])


SettingKey = graphql_enum(defaults.SettingKey, "SettingKey",
                          "联络设置项：结对人数、计划截止日、报告截止日、反馈期限")


@strawberry.type(description="一项设置在本单位如何确定")
class SettingRule:
    key: SettingKey
    label: str
    value: str = strawberry.field(description="本单位执行的值，如“2–3 人”“3 月 31 日”“30 天”")
    source: str = strawberry.field(description="执行值由谁设定：单位简称，或“通知默认”")
    own_value: str | None = strawberry.field(description="本级自设的值；空：沿用上级")
    above_value: str = strawberry.field(description="不自设时执行的值（上级的值或通知默认）")
    above_source: str
    locked_by: str | None = strawberry.field(
        description="统一规定此项的上级单位；非空时本级自设的值保留但不执行")
    fixed_for_lower: bool = strawberry.field(description="本级已规定下级不得修改此项")

    @classmethod
    def of(cls, rule: defaults.Rule) -> "SettingRule":
        k = rule.key
        return cls(key=SettingKey[k.name.upper()], label=defaults.KEY_LABELS[k],
                   value=defaults.describe(k, rule.value), source=rule.source.name,
                   own_value=None if rule.own is None else defaults.describe(k, rule.own),
                   above_value=defaults.describe(k, rule.above),
                   above_source=rule.above_source.name,
                   locked_by=rule.locked_by.name if rule.locked_by else None,
                   fixed_for_lower=rule.fixed)
