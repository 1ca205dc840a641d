"""GraphQL types of constituents and pairings. A constituent's phone leaves the server masked
(138****5678) unless the caller is the tenant's office or the member paired with them."""

from datetime import date
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.organisation.fields import tenant_path
from liaison.api.organisation.types import Sector, Term
from liaison.members import phones
from liaison.models.members import CATEGORY_LABELS
from liaison.models.members import ConstituentCategory as CategoryValue

# Member reaches Pairing through Member.pairings: the way back is lazy.
MEMBERS = "liaison.api.members.types"


ConstituentCategory = graphql_enum(CategoryValue, "ConstituentCategory", "联系对象类别")


@strawberry.type(description="界别群众（结对联系对象）")
class Constituent:
    model: strawberry.Private[models.Constituent]
    id: strawberry.ID
    name: str
    party: str | None
    work_unit: str | None
    post: str | None
    category: ConstituentCategory
    page: strawberry.Private[object | None] = None  # the members page (api/members/page.py)

    @classmethod
    def from_model(cls, row: models.Constituent, page=None) -> "Constituent":
        return cls(model=row, page=page, id=strawberry.ID(str(row.id)), name=row.name,
                   party=row.party,
                   work_unit=row.work_unit, post=row.post,
                   category=ConstituentCategory(str(row.category)))

    @strawberry.field(description="类别的中文名称")
    def category_label(self) -> str:
        return CATEGORY_LABELS[CategoryValue(self.category.value)]

    @strawberry.field(description="联系电话；除委员联络办和结对委员外显示为 138****5678")
    async def phone(self, info: Info) -> str | None:
        view = phones.view(info.context.service,
                           await tenant_path(info, self.model.tenant_id))
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
    # The members page fetched the constituent with the pairing (api/members/page.py).
    held: strawberry.Private[object | None] = None
    page: strawberry.Private[object | None] = None

    @classmethod
    def from_model(cls, row: models.Pairing, constituent=None, page=None) -> "Pairing":
        return cls(model=row, held=constituent, page=page, id=strawberry.ID(str(row.id)),
                   started_on=row.started_on, ended_on=row.ended_on, end_reason=row.end_reason)

    @strawberry.field(description="是否仍在结对中")
    def active(self) -> bool:
        return self.model.ended_on is None

    @strawberry.field
    async def constituent(self, info: Info) -> Constituent:
        row = await info.context.loaders.constituent.load((self.model.tenant_id,
                                                           self.model.constituent_id))
        return Constituent.from_model(row)

    @strawberry.field
    async def member(
        self, info: Info
    ) -> Annotated["Member", strawberry.lazy(MEMBERS)] | None:  # noqa: F821
        from liaison.api.members.types import Member

        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row) if row else None

    @strawberry.field
    async def term(self, info: Info) -> Term:
        row = await info.context.loaders.term.load((self.model.tenant_id, self.model.term_id))
        return Term.from_model(row)
