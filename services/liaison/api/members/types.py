"""GraphQL type of a member. The phone leaves the server masked (138****5678) unless the
caller is the tenant's office or the member themself. Fields reaching into other features
(pairings, contacts, filings) are resolved in that feature's fields.py."""

from datetime import date

import strawberry

from liaison import models
from liaison.api.assessment import fields as assessment_fields
from liaison.api.assessment.types import AssessmentRow
from liaison.api.contacts import fields as contact_fields
from liaison.api.contacts.types import Contact
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.filings import fields as filing_fields
from liaison.api.filings.types import Filing
from liaison.api.organisation.fields import tenant_path
from liaison.api.organisation.types import ActivityGroup, Committee, Sector, Term
from liaison.api.pairings import fields as pairing_fields
from liaison.api.pairings.types import Pairing
from liaison.api.venues import duty_types
from liaison.api.venues.duty_types import Duty
from liaison.members import phones
from liaison.models.members import GENDER_LABELS, STATUS_LABELS
from liaison.models.members import Gender as GenderValue
from liaison.models.members import MemberStatus as StatusValue

Gender = graphql_enum(models.members.Gender, "Gender", "性别")


MemberStatus = graphql_enum(models.members.MemberStatus, "MemberStatus", "委员状态：在任 / 已离任")


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
    # Set by Tenant.members: what the page fetched ahead (api/members/page.py).
    page: strawberry.Private[object | None] = None

    @classmethod
    def from_model(cls, row: models.Member, page=None) -> "Member":
        """From the model, or a row with its attribute names (members/rows.py)."""
        return cls(model=row, page=page, id=strawberry.ID(str(row.id)), name=row.name,
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

    # When the members page fetched these ahead, api/members/page.py answers them before
    # strawberry's resolver is reached (``answer_ahead``); these are the way otherwise.
    @strawberry.field(description="联系电话；除委员联络办和本人外显示为 138****5678")
    async def phone(self, info: Info) -> str | None:
        view = phones.view(info.context.service,
                           await tenant_path(info, self.model.tenant_id))
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

    @strawberry.field(description="结对联系（默认只含进行中的；includeEnded 含历史）")
    async def pairings(self, info: Info, include_ended: bool = False) -> list[Pairing] | None:
        return await pairing_fields.pairings(info, self.model, include_ended)

    @strawberry.field(description="进行中的结对人数")
    async def active_pairing_count(self, info: Info) -> int | None:
        return await pairing_fields.active_pairing_count(info, self.model)

    @strawberry.field(description="结对人数是否达到本单位的最少人数（在任委员）")
    async def pairing_complete(self, info: Info) -> bool | None:
        return await pairing_fields.pairing_complete(info, self.model)

    @strawberry.field(description="某年的联系服务记录")
    async def contacts(self, info: Info, year: int) -> list[Contact] | None:
        return await contact_fields.member_contacts(info, self.model, year)

    @strawberry.field(description="年度计划和报告")
    async def filings(self, info: Info) -> list[Filing] | None:
        return await filing_fields.member_filings(info, self.model)

    @strawberry.field(description="尚未结束的接待日值班，按开始时间排列（委员本人看全部；"
                                  "联络站、工作室的工作人员看本站的）")
    async def duties(self, info: Info) -> list[Duty] | None:
        return await duty_types.member_duties(info, self.model)

    @strawberry.field(description="某年度的履职考核及各项得分（本人、委员联络办、领导、本界别召集人）")
    async def assessment(self, info: Info, year: int) -> AssessmentRow | None:
        return await assessment_fields.member_assessment(info, self.model, year)
