"""The city's matrix: its counties (rows) × its newest items (columns, oldest of them first),
each cell the county's copy with its state, overdue once past the due day and not done; a
county not sent an item has an empty cell; another city's items never appear."""

from datetime import date

from liaison.guidance import answers, views
from liaison.models.account import Role
from liaison.models.guidance import GuidanceKind, TargetState
from tests.builders import build_world
from tests.guidance.guidance_rows import NOW, act, copy_of, issue, new_item

S = TargetState


def shown(matrix) -> list:
    return [(c.code, [(t.target.state, t.overdue) if t else None for t in matrix.cells(c)])
            for c in matrix.counties]


async def test_counties_by_items_with_states_and_overdue(database, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    other = await build_world(owner)
    await issue(database, other, new_item("别的市的事项"))
    first = await issue(database, world, new_item("第一件", due_on=date(2025, 6, 10)))
    second = await issue(database, world, new_item("第二件", kind=GuidanceKind.notice,
                                                   codes=[b.code]), now=NOW.replace(hour=2))
    office_a, office_b = world.account(a, Role.office), world.account(b, Role.office)
    await act(database, office_a, answers.answer, (await copy_of(owner, a, first.id)).id, "好")
    await act(database, office_b, answers.finish, (await copy_of(owner, b, second.id)).id)
    office = world.account(city, Role.office)
    early = await act(database, office, views.matrix, city)
    assert [v.item.title for v in early.items] == ["第一件", "第二件"]
    assert shown(early) == [(a.code, [(S.answered, False), None]),
                            (b.code, [(S.sent, False), (S.done, False)])]
    late = await act(database, office, views.matrix, city, now=NOW.replace(day=11))
    assert shown(late) == [(a.code, [(S.answered, True), None]),
                           (b.code, [(S.sent, True), (S.done, False)])]
    assert [(v.overdue, v.laggards) for v in late.items] == [(2, 2), (0, 0)]
    for role in (Role.leadership, Role.chair):
        assert shown(await act(database, world.account(city, role), views.matrix, city,
                               now=NOW.replace(day=11))) == shown(late)
    assert shown(await act(database, office_a, views.matrix, a)) == []
