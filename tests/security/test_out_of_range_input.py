"""Values a user can type that fall outside what the database holds answer a plain refusal,
never a 500: a year past int32 in a console address, dates at the very end of the calendar."""

from liaison.models.account import Role
from tests.builders import gql
from tests.console.helpers import sign_in

SESSIONS = """query($c: String!, $from: Date!, $to: Date!) { tenant(code: $c) {
  receptionSessions(from: $from, to: $to) { id } } }"""


async def test_a_huge_year_in_the_evaluation_address_is_not_found(client, world):
    a = world.county_a
    sign_in(client, world.token(a, Role.office))
    for year in ("99999999999", "1999", "2101"):
        answer = await client.get(f"/t/{a.code}/evaluation/{year}")
        assert answer.status_code == 404, (year, answer.status_code)


async def test_the_last_days_of_the_calendar_are_refused_plainly(client, world):
    """Dates are held to 1900–2100 by the scalar itself, so a range at the calendar's end
    never reaches the day arithmetic of the rota."""
    a = world.county_a
    body = await gql(client, SESSIONS, {"c": a.code, "from": "9999-12-30", "to": "9999-12-31"},
                     token=world.token(a, Role.office))
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_INPUT"] * 2
