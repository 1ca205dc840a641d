"""GraphQL types of terms, members, constituents and pairings. Phones leave the server
masked (138****5678) unless the caller is the tenant's office, the member themself, or the
member a constituent is paired with."""

import enum
from datetime import date
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.tenants.types import ActivityGroup, Committee, Sector
from liaison.authz import policies
from liaison.errors import PublicError
from liaison.members import phones
from liaison.models.members import CATEGORY_LABELS, GENDER_LABELS, STATUS_LABELS
from liaison.models.members import ConstituentCategory as CategoryValue
from liaison.models.members import Gender as GenderValue
from liaison.models.members import MemberStatus as StatusValue
from liaison.organisation.service import settings_from_row

CONTACTS = "liaison.api.contacts.types"


@strawberry.enum(description="性别")
class Gender(enum.Enum):
    MALE = "male"
    FEMALE = "female"


@strawberry.enum(description="委员状态：在任 / 已离任")
class MemberStatus(enum.Enum):
    SERVING = "serving"
    LEFT = "left"


@strawberry.enum(description="联系对象类别")
class ConstituentCategory(enum.Enum):
    UNITED_FRONT = "united_front"
    SPECIAL_GROUP = "special_group"
    GRASSROOTS = "grassroots"
    OTHER = "other"


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


@strawberry.type(description="结对设置：每名委员结对联系对象的最少和最多人数；计划、报告截止日")
class LiaisonSettings:
    min_pairings: int
    max_pairings: int
    report_due: MonthDay = strawberry.field(description="年度联系情况报告截止日（当年）")
    plan_due: MonthDay = strawberry.field(description="年度联系群众计划截止日（当年）")

    @classmethod
    def of(cls, s) -> "LiaisonSettings":
        return cls(min_pairings=s.min_pairings, max_pairings=s.max_pairings,
                   report_due=MonthDay(month=s.report_due[0], day=s.report_due[1]),
                   plan_due=MonthDay(month=s.plan_due[0], day=s.plan_due[1]))


async def _settings(info: Info, tenant_id) -> LiaisonSettings:
    row = await info.context.loaders.settings_of_tenant.load(tenant_id)
    return LiaisonSettings.of(settings_from_row(row))


async def _tenant_path(info: Info, tenant_id) -> str:
    return (await info.context.loaders.tenant.load(tenant_id)).path


@strawberry.type(description="界别群众（结对联系对象）")
class Constituent:
    model: strawberry.Private[models.Constituent]
    id: strawberry.ID
    name: str
    party: str | None
    work_unit: str | None
    post: str | None
    category: ConstituentCategory

    @classmethod
    def from_model(cls, row: models.Constituent) -> "Constituent":
        return cls(model=row, id=strawberry.ID(str(row.id)), name=row.name, party=row.party,
                   work_unit=row.work_unit, post=row.post,
                   category=ConstituentCategory(str(row.category)))

    @strawberry.field(description="类别的中文名称")
    def category_label(self) -> str:
        return CATEGORY_LABELS[CategoryValue(self.category.value)]

    @strawberry.field(description="联系电话；除委员联络办和结对委员外显示为 138****5678")
    async def phone(self, info: Info) -> str | None:
        view = phones.view(info.context.service,
                           await _tenant_path(info, self.model.tenant_id))
        paired = []
        if phones.needs_pairings(view):  # only a member could be the paired one
            paired = await info.context.loaders.active_members_of_constituent.load(
                (self.model.tenant_id, self.model.id))
        return view.constituent(self.model.phone, paired)

    @strawberry.field
    async def sector(self, info: Info) -> Sector | None:
        if self.model.sector_id is None:
            return None
        row = await info.context.loaders.sector.load((self.model.tenant_id,
                                                      self.model.sector_id))
        return Sector.from_model(row) if row else None


@strawberry.type(description="结对联系：委员与界别群众，届内相对固定，调整保留历史")
class Pairing:
    model: strawberry.Private[models.Pairing]
    id: strawberry.ID
    started_on: date
    ended_on: date | None
    end_reason: str | None

    @classmethod
    def from_model(cls, row: models.Pairing) -> "Pairing":
        return cls(model=row, id=strawberry.ID(str(row.id)), started_on=row.started_on,
                   ended_on=row.ended_on, end_reason=row.end_reason)

    @strawberry.field(description="是否仍在结对中")
    def active(self) -> bool:
        return self.model.ended_on is None

    @strawberry.field
    async def constituent(self, info: Info) -> Constituent:
        row = await info.context.loaders.constituent.load((self.model.tenant_id,
                                                           self.model.constituent_id))
        return Constituent.from_model(row)

    @strawberry.field
    async def member(self, info: Info) -> "Member | None":
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row) if row else None

    @strawberry.field
    async def term(self, info: Info) -> Term:
        row = await info.context.loaders.term.load((self.model.tenant_id, self.model.term_id))
        return Term.from_model(row)


@strawberry.type(description="政协委员")
class Member:
    model: strawberry.Private[models.Member]
    id: strawberry.ID
    name: str
    gender: Gender | None
    ethnicity: str | None
    party: str | None
    work_unit: str | None
    post: str | None
    is_leading_cadre: bool = strawberry.field(description="是否党员领导干部")
    status: MemberStatus
    left_on: date | None
    left_reason: str | None

    @classmethod
    def from_model(cls, row: models.Member) -> "Member":
        return cls(model=row, id=strawberry.ID(str(row.id)), name=row.name,
                   gender=Gender(str(row.gender)) if row.gender else None,
                   ethnicity=row.ethnicity, party=row.party, work_unit=row.work_unit,
                   post=row.post, is_leading_cadre=row.is_leading_cadre,
                   status=MemberStatus(str(row.status)), left_on=row.left_on,
                   left_reason=row.left_reason)

    @strawberry.field
    def gender_label(self) -> str | None:
        return GENDER_LABELS[GenderValue(self.gender.value)] if self.gender else None

    @strawberry.field
    def status_label(self) -> str:
        return STATUS_LABELS[StatusValue(self.status.value)]

    @strawberry.field(description="联系电话；除委员联络办和本人外显示为 138****5678")
    async def phone(self, info: Info) -> str | None:
        view = phones.view(info.context.service,
                           await _tenant_path(info, self.model.tenant_id))
        return view.member(self.model.id, self.model.phone)

    @strawberry.field
    async def sector(self, info: Info) -> Sector:
        row = await info.context.loaders.sector.load((self.model.tenant_id,
                                                      self.model.sector_id))
        return Sector.from_model(row)

    @strawberry.field
    async def committee(self, info: Info) -> Committee | None:
        if self.model.committee_id is None:
            return None
        row = await info.context.loaders.committee.load((self.model.tenant_id,
                                                         self.model.committee_id))
        return Committee.from_model(row)

    @strawberry.field
    async def activity_group(self, info: Info) -> ActivityGroup | None:
        if self.model.activity_group_id is None:
            return None
        row = await info.context.loaders.activity_group.load((self.model.tenant_id,
                                                              self.model.activity_group_id))
        return ActivityGroup.from_model(row)

    @strawberry.field
    async def term(self, info: Info) -> Term:
        row = await info.context.loaders.term.load((self.model.tenant_id, self.model.term_id))
        return Term.from_model(row)

    async def _pairings(self, info: Info) -> list[models.Pairing]:
        principal = info.context.service.require_principal()
        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        scope = policies.member_scope(principal, tenant, "pairing", "read")
        if not scope.allows(self.model.id, self.model.sector_id):
            raise PublicError("FORBIDDEN", "没有权限查看该委员的结对联系对象")
        return await info.context.loaders.pairings_of_member.load((self.model.tenant_id,
                                                                   self.model.id))

    @strawberry.field(description="结对联系（默认只含进行中的；includeEnded 含历史）")
    async def pairings(self, info: Info, include_ended: bool = False) -> list[Pairing] | None:
        rows = await self._pairings(info)
        return [Pairing.from_model(p) for p in rows if include_ended or p.ended_on is None]

    @strawberry.field(description="进行中的结对人数")
    async def active_pairing_count(self, info: Info) -> int | None:
        return sum(1 for p in await self._pairings(info) if p.ended_on is None)

    @strawberry.field(description="结对人数是否达到本单位的最少人数（在任委员）")
    async def pairing_complete(self, info: Info) -> bool | None:
        active = sum(1 for p in await self._pairings(info) if p.ended_on is None)
        settings = await _settings(info, self.model.tenant_id)
        return active >= settings.min_pairings


    @strawberry.field(description="某年的联系服务记录")
    async def contacts(
        self, info: Info, year: int
    ) -> list[Annotated["Contact", strawberry.lazy(CONTACTS)]] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.member_contacts(info, self.model, year)

    @strawberry.field(description="年度计划和报告")
    async def filings(
        self, info: Info
    ) -> list[Annotated["Filing", strawberry.lazy(CONTACTS)]] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.member_filings(info, self.model)


async def tenant_settings(info: Info, tenant_id) -> LiaisonSettings:
    return await _settings(info, tenant_id)
