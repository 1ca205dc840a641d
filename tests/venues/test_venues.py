"""Venues (阵地), the service: the office keeps its stations and studios (audited), bad input
changes nothing, venue staff read their own only, a city's office reads its counties' and
changes none, another tenant's ids are not found."""

import uuid

import pytest
from sqlalchemy import select

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.models import Venue, VenueSector
from liaison.models.account import Role
from liaison.models.venues import VenueKind
from liaison.tenancy.scope import TenantScope, apply_scope
from liaison.venues import service as venues
from liaison.venues.service import VenueInput
from tests.builders import first_sector, sector_named
from tests.readback import audit_entries, count
from tests.venues.rota_rows import act
from tests.venues.venue_rows import give_venue, make_venue

STATION = VenueInput(kind=VenueKind.station, name="城东委员联络站", area="城东街道",
                     address="城东路 1 号", opening_hours="工作日 9:00–17:00",
                     phone="0774 1234567", description="欢迎群众来访")


def problems(raised) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in raised.value.problems]


async def names(database, account, tenant) -> list[tuple[str, str, bool]]:
    rows = await act(database, account, venues.list_venues, tenant)
    return [(r.name, str(r.kind), r.is_active) for r in rows]


async def sectors_of(owner, venue_id) -> set:
    return set(await owner.scalars(select(VenueSector.sector_id).where(
        VenueSector.venue_id == venue_id)))


async def test_the_office_keeps_stations_and_studios(database, owner, world):
    a = world.county_a
    office = world.account(a, Role.office)
    sector = await first_sector(owner, a)
    station = await act(database, office, venues.create_venue, STATION)
    studio = await act(database, office, venues.create_venue, VenueInput(
        kind=VenueKind.studio, name="  中共界别委员工作室 ", host_unit="县委党校",
        sector_ids=[sector, sector]))
    assert (station.phone, studio.name, studio.host_unit) == ("0774-1234567", "中共界别委员工作室",
                                                              "县委党校")
    await apply_scope(owner, TenantScope.only(a.id))
    assert await sectors_of(owner, studio.id) == {sector}
    assert await names(database, office, a) == [("城东委员联络站", "station", True),
                                                ("中共界别委员工作室", "studio", True)]
    created = await audit_entries(owner, a, "venue_created")
    assert [(e.actor_id, e.after["name"], e.after["sector_ids"]) for e in created] == [
        (office.id, "城东委员联络站", []), (office.id, "中共界别委员工作室", [str(sector)])]
    assert await names(database, world.account(world.county_b, Role.office),
                       world.county_b) == []


async def test_updates_close_and_reopen_are_audited(database, owner, world):
    a = world.county_a
    office = world.account(a, Role.office)
    studio = await act(database, office, venues.create_venue, VenueInput(
        kind=VenueKind.studio, name="工作室", host_unit="县总工会",
        sector_ids=[await sector_named(owner, a, "中共")]))
    union = await sector_named(owner, a, "工会")
    changed = await act(database, office, venues.update_venue, studio.id,
                        VenueInput(sector_ids=[union], opening_hours="每周四上午"))
    assert (changed.name, changed.opening_hours) == ("工作室", "每周四上午")
    await apply_scope(owner, TenantScope.only(a.id))
    assert await sectors_of(owner, studio.id) == {union}
    # A studio made a station loses its sectors and host unit.
    station = await act(database, office, venues.update_venue, studio.id,
                        VenueInput(kind=VenueKind.station, name="城西联络站"))
    assert (str(station.kind), station.host_unit) == ("station", None)
    await apply_scope(owner, TenantScope.only(a.id))
    assert await sectors_of(owner, studio.id) == set()
    # Nothing changed: no audit row.
    await act(database, office, venues.update_venue, studio.id, VenueInput(name="城西联络站"))
    updates = await audit_entries(owner, a, "venue_updated")
    assert [(e.before, e.after) for e in updates] == [
        ({"opening_hours": None}, {"opening_hours": "每周四上午", "sector_ids": [str(union)]}),
        ({"kind": "studio", "name": "工作室", "host_unit": "县总工会"},
         {"kind": "station", "name": "城西联络站", "host_unit": None, "sector_ids": []})]
    closed = await act(database, office, venues.set_active, studio.id, False)
    again = await act(database, office, venues.set_active, studio.id, False)
    assert (closed.is_active, again.is_active) == (False, False)
    await act(database, office, venues.set_active, studio.id, True)
    assert [(e.action, e.after) for e in await audit_entries(owner, a)
            if e.action in ("venue_closed", "venue_reopened")] == [
        ("venue_closed", {"is_active": False}), ("venue_reopened", {"is_active": True})]


async def test_bad_venue_input_is_refused_and_changes_nothing(database, owner, world):
    a, b = world.county_a, world.county_b
    office = world.account(a, Role.office)
    await make_venue(owner, a, "城东委员联络站")
    other_sector = await first_sector(owner, b)
    cases = [
        (VenueInput(kind=VenueKind.station, name=" "), [("name", "请填写名称")]),
        (VenueInput(kind=VenueKind.station, name="站" * 61), [("name", "名称不超过 60 个字符")]),
        (VenueInput(name="新站"), [("kind", "请选择类型：委员联络站或界别委员工作室")]),
        (VenueInput(kind=VenueKind.station, name="城东委员联络站"),
         [("name", "已有同名的联络站或工作室：城东委员联络站")]),
        (VenueInput(kind=VenueKind.station, name="新站", description="介" * 501,
                    phone="12345"),
         [("description", "简介不超过 500 个字符"),
          ("phone", "联系电话格式不正确（手机号或 0774-5123911）")]),
        (VenueInput(kind=VenueKind.station, name="新站", host_unit="县委党校",
                    sector_ids=[await first_sector(owner, a)]),
         [("sectorIds", "委员联络站不设界别"), ("hostUnit", "只有界别委员工作室填写依托单位")]),
        (VenueInput(kind=VenueKind.studio, name="新工作室"),
         [("sectorIds", "界别委员工作室须指定至少一个界别")]),
        (VenueInput(kind=VenueKind.studio, name="新工作室", sector_ids=[other_sector]),
         [("sectorIds", f"本单位没有该界别：{other_sector}")]),
    ]
    for values, expected in cases:
        with pytest.raises(ValidationFailed) as raised:
            await act(database, office, venues.create_venue, values)
        assert problems(raised) == expected
    assert await count(owner, Venue, a) == 1
    assert await audit_entries(owner, a, "venue_created") == []


async def test_who_reads_and_who_changes_venues(database, owner, world):
    a, b = world.county_a, world.county_b
    east = await make_venue(owner, a, "城东委员联络站")
    west = await make_venue(owner, a, "城西委员联络站")
    theirs = await make_venue(owner, b, "县B联络站")
    await give_venue(owner, world, a, east)
    staff = world.account(a, Role.venue_staff)
    assert await names(database, staff, a) == [("城东委员联络站", "station", True)]
    assert len(await names(database, world.account(a, Role.member), a)) == 2
    assert len(await names(database, world.account(world.city, Role.office), a)) == 2
    # Venue staff without a venue: nothing to read.
    with pytest.raises(Forbidden, match="^没有权限查看联络站和工作室$"):
        await names(database, world.account(b, Role.venue_staff), b)
    with pytest.raises(NotFound):  # a sibling county's venues
        await names(database, world.account(b, Role.office), a)
    for role in (Role.venue_staff, Role.member, Role.leadership):
        with pytest.raises(Forbidden, match="^只有委员联络办可以管理联络站和工作室$"):
            await act(database, world.account(a, role), venues.create_venue, STATION)
    with pytest.raises(Forbidden, match="^只有委员联络办可以管理联络站和工作室$"):
        await act(database, staff, venues.update_venue, east.id, VenueInput(name="改名"))
    with pytest.raises(NotFound, match=f"^找不到联络站或工作室：{west.id}$"):
        await act(database, staff, venues.set_active, west.id, False)
    for account, venue_id in ((world.account(world.city, Role.office), east.id),
                              (world.account(a, Role.office), theirs.id),
                              (world.account(a, Role.office), uuid.uuid4())):
        with pytest.raises(NotFound):
            await act(database, account, venues.update_venue, venue_id, VenueInput(name="x"))
    await apply_scope(owner, TenantScope.only(a.id))
    assert [v.name for v in await owner.scalars(select(Venue).where(Venue.tenant_id == a.id)
                                                .order_by(Venue.name))] == [
        "城东委员联络站", "城西委员联络站"]
    assert await audit_entries(owner, a, "venue_updated") == []
