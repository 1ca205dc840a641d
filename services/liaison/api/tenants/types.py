"""GraphQL types of the tenant directory and a tenant's organisation."""

import enum
from typing import Annotated

import strawberry

from liaison import models
from liaison.accounts import service as accounts
from liaison.api.context import Info
from liaison.api.pagination import Connection, connection
from liaison.authz import policies
from liaison.db.pagination import DEFAULT_PAGE
from liaison.errors import PublicError

LEVEL_LABELS = {"city": "市级", "county": "县级", "district": "区级"}


@strawberry.enum(description="政协组织层级")
class TenantLevel(enum.Enum):
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"


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


MEMBERS = "liaison.api.members.types"
CONTACTS = "liaison.api.contacts.types"
MEMBER_QUERIES = "liaison.api.members.queries"


def _visible(info: Info, tenant: models.Tenant | None) -> bool:
    principal = info.context.service.principal
    return tenant is not None and principal is not None and policies.can_see_tenant(
        principal, tenant)


@strawberry.type(description="政协组织（一个租户）：市政协或县（区）政协")
class Tenant:
    model: strawberry.Private[models.Tenant]
    id: strawberry.ID
    code: str
    name: str
    short_name: str
    level: TenantLevel
    path: str
    timezone: str

    @classmethod
    def from_model(cls, row: models.Tenant) -> "Tenant":
        return cls(model=row, id=strawberry.ID(str(row.id)), code=row.code, name=row.name,
                   short_name=row.short_name, level=TenantLevel(str(row.level)), path=row.path,
                   timezone=row.timezone)

    @strawberry.field(description="层级的中文名称：市级、县级、区级")
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level.value]

    @strawberry.field(description="上级政协；无权查看时为空")
    async def parent(self, info: Info) -> "Tenant | None":
        if self.model.parent_id is None:
            return None
        parent = await info.context.loaders.tenant.load(self.model.parent_id)
        return Tenant.from_model(parent) if _visible(info, parent) else None

    @strawberry.field(description="下级县（区）政协中你有权查看的")
    async def children(self, info: Info) -> list["Tenant"]:
        principal = info.context.service.require_principal()
        readable = [t for t in principal.scope.readable if t != self.model.id]
        rows = await info.context.loaders.tenant.load_many(readable)
        return sorted((Tenant.from_model(t) for t in rows
                       if t and t.parent_id == self.model.id and _visible(info, t)),
                      key=lambda t: t.path)

    async def _organisation(self, info: Info, loader, cls) -> list:
        self._require(info, "organisation")
        return [cls.from_model(r) for r in await loader.load(self.model.id)]

    @strawberry.field(description="界别")
    async def sectors(self, info: Info) -> list[Sector] | None:
        return await self._organisation(info, info.context.loaders.sectors_of_tenant, Sector)

    @strawberry.field(description="专门委员会")
    async def committees(self, info: Info) -> list[Committee] | None:
        return await self._organisation(info, info.context.loaders.committees_of_tenant,
                                        Committee)

    @strawberry.field(description="委员活动组")
    async def activity_groups(self, info: Info) -> list[ActivityGroup] | None:
        return await self._organisation(info, info.context.loaders.groups_of_tenant,
                                        ActivityGroup)

    @strawberry.field(description="本单位账号（按用户名排序）；无权查看时为空并附 FORBIDDEN 错误")
    async def accounts(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Annotated["Account", strawberry.lazy("liaison.api.accounts.types")]] | None:  # noqa: F821, E501
        from liaison.api.accounts.types import Account

        page = await accounts.list_accounts(info.context.service, self.model, first=first,
                                            after=after)
        return connection(page, Account.from_model)

    @strawberry.field(description="本单位的角色分配")
    async def role_assignments(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[
        Annotated["RoleAssignment", strawberry.lazy("liaison.api.accounts.types")]  # noqa: F821
    ] | None:
        from liaison.api.accounts.types import RoleAssignment

        page = await accounts.list_role_assignments(info.context.service, self.model,
                                                    first=first, after=after)
        return connection(page, RoleAssignment.from_model)

    @strawberry.field(description="委员（按姓名或界别排序，支持筛选）")
    async def members(
        self, info: Info,
        filter: Annotated["MemberFilter", strawberry.lazy(MEMBER_QUERIES)] | None = None,  # noqa: F821
        sort: Annotated["MemberSort", strawberry.lazy(MEMBER_QUERIES)] | None = None,  # noqa: F821
        first: int = DEFAULT_PAGE, after: str | None = None,
    ) -> Connection[Annotated["Member", strawberry.lazy(MEMBERS)]] | None:  # noqa: F821
        from liaison.api.members.queries import to_filter
        from liaison.api.members.types import Member
        from liaison.members import service as members

        ctx = info.context.service
        flt = to_filter(filter)
        order = members.MemberSort(sort.value) if sort else members.MemberSort.name
        page = await members.list_members(ctx, self.model, flt, order, first=first, after=after)
        return connection(page, Member.from_model,
                          lambda: members.count_members(ctx, self.model, flt))

    @strawberry.field(description="届次（新的在前）")
    async def terms(self, info: Info) -> list[Annotated["Term", strawberry.lazy(MEMBERS)]]:  # noqa: F821
        from liaison.api.members.types import Term
        from liaison.organisation import service as organisation

        self._require(info, "organisation")
        rows = await organisation.list_terms(info.context.service, self.model.id)
        return [Term.from_model(t) for t in rows]

    @strawberry.field(description="结对设置（每名委员最少、最多结对人数）")
    async def liaison_settings(
        self, info: Info
    ) -> Annotated["LiaisonSettings", strawberry.lazy(MEMBERS)]:  # noqa: F821
        from liaison.api.members.types import tenant_settings

        self._require(info, "organisation")
        return await tenant_settings(info, self.model.id)

    @strawberry.field(description="季度联系情况（默认本季度）；委员看自己的，召集人看本界别")
    async def compliance(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> Annotated["Compliance", strawberry.lazy(CONTACTS)] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.compliance(info, self.model, year, quarter)

    @strawberry.field(description="本单位与下级县（区）并列的季度联系情况（市政协只读查看）")
    async def compliance_by_tenant(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> Annotated["CityCompliance", strawberry.lazy(CONTACTS)] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.city_compliance(info, self.model, year, quarter)

    @strawberry.field(description="重大决策部署（新的在前）")
    async def major_decisions(
        self, info: Info
    ) -> list[Annotated["MajorDecision", strawberry.lazy(CONTACTS)]] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.major_decisions(info, self.model)

    @strawberry.field(description="各委员某年计划或报告的提交情况（谁未提交、谁逾期）")
    async def filing_overview(
        self, info: Info,
        kind: Annotated["FilingKind", strawberry.lazy(CONTACTS)],  # noqa: F821
        year: int,
    ) -> list[Annotated["FilingOverviewRow", strawberry.lazy(CONTACTS)]] | None:  # noqa: F821
        from liaison.api.contacts import fields

        return await fields.filing_overview(info, self.model, kind, year)

    def _require(self, info: Info, obj: str) -> None:
        principal = info.context.service.require_principal()
        if not policies.has_permission(principal, self.model.path, obj, "read"):
            raise PublicError("FORBIDDEN", "没有权限查看该单位的组织设置")
