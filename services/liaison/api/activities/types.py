"""GraphQL types of sector activities (界别活动, liaison.activities). The paired people who took
part, and the pairings each counted, are shown to the office and the studio's staff only
(null for other readers, who see ``peopleCount``)."""

from datetime import date

import strawberry

from liaison import models
from liaison.activities.details import ActivityDetail
from liaison.activities.service import ActivityRecorded
from liaison.api.enums import graphql_enum
from liaison.api.organisation.types import Sector
from liaison.models.venues import ACTIVITY_KIND_LABELS
from liaison.models.venues import ActivityKind as KindValue
from liaison.venues.records import PairingMet

SectorActivityKind = graphql_enum(KindValue, "SectorActivityKind",
                                  "界别活动类别：调研视察考察 / 界别协商 / 界别座谈会 / 工作室活动")


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(description="参加界别活动的委员或结对联系对象")
class ActivityParticipant:
    id: strawberry.ID
    name: str


@strawberry.type(description="界别活动满足的一个结对：为参加活动的委员登记的联系服务")
class ActivityPairing:
    member_id: strawberry.ID
    member_name: str
    constituent_id: strawberry.ID
    constituent_name: str
    contact_id: strawberry.ID

    @classmethod
    def from_met(cls, met: PairingMet) -> "ActivityPairing":
        return cls(member_id=_id(met.member_id), member_name=met.member_name,
                   constituent_id=_id(met.constituent_id),
                   constituent_name=met.constituent_name, contact_id=_id(met.contact_id))


def _people(rows) -> list[ActivityParticipant]:
    return [ActivityParticipant(id=_id(i), name=n) for i, n in rows]


@strawberry.type(description="界别活动：调研视察考察、界别协商、界别座谈会、工作室活动")
class SectorActivity:
    id: strawberry.ID
    kind: SectorActivityKind
    title: str
    held_on: date
    place: str | None
    venue_id: strawberry.ID | None = strawberry.field(description="界别委员工作室（工作室活动）")
    venue_name: str | None
    sectors: list[Sector]
    members: list[ActivityParticipant] = strawberry.field(description="参加的委员")
    people_count: int = strawberry.field(description="参加的结对联系对象人数")
    people: list[ActivityParticipant] | None = strawberry.field(
        description="参加的结对联系对象；只对委员联络办和本工作室工作人员可见")
    pairings: list[ActivityPairing] | None = strawberry.field(
        description="计入结对联系的联系服务；可见范围同 people")
    people_reached: int = strawberry.field(description="覆盖群众人数")
    summary: str | None = strawberry.field(description="活动情况")

    @classmethod
    def from_model(cls, row: models.SectorActivity, detail: ActivityDetail) -> "SectorActivity":
        return cls(id=_id(row.id), kind=SectorActivityKind(str(row.kind)), title=row.title,
                   held_on=row.held_on, place=row.place, venue_id=_id(row.venue_id),
                   venue_name=detail.venue_name,
                   sectors=[Sector.from_model(s) for s in detail.sectors],
                   members=_people(detail.members), people_count=detail.people_count,
                   people=None if detail.people is None else _people(detail.people),
                   pairings=None if detail.satisfied is None
                   else [ActivityPairing.from_met(m) for m in detail.satisfied],
                   people_reached=row.people_reached, summary=row.summary)

    @strawberry.field(description="类别的中文名称")
    def kind_label(self) -> str:
        return ACTIVITY_KIND_LABELS[KindValue(self.kind.value)]


@strawberry.type(description="已登记界别活动；pairings 为计入季度联系情况的结对")
class SectorActivityRecorded:
    activity: SectorActivity
    pairings: list[ActivityPairing]
    unpaired_people: list[str] = strawberry.field(
        description="参加了活动、但其结对委员没有参加的联系对象（未登记联系服务）")
    summary: str

    @classmethod
    def from_result(cls, result: ActivityRecorded,
                    detail: ActivityDetail) -> "SectorActivityRecorded":
        return cls(activity=SectorActivity.from_model(result.activity, detail),
                   pairings=[ActivityPairing.from_met(m) for m in result.satisfied],
                   unpaired_people=result.unpaired, summary=result.summary)
