"""重大决策 in the console: the office adds one (errors next to the fields), the list newest
first, and a decision's page with each leading cadre's contacts about it before and after."""

from datetime import datetime

from liaison.models import MajorDecision
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, make_contact
from tests.console.helpers import csrf, post, sign_in, table, texts
from tests.readback import count


async def test_the_office_adds_decisions_and_sees_the_outreach(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    listing = f"/t/{a}/decisions"
    sign_in(client, w.token(w.county_a, Role.office))
    empty = await client.get(listing)
    assert empty.status_code == 200
    assert texts(empty.text, "no-decisions") == ["还没有登记重大决策。"]
    assert 'name="_csrf_token"' in empty.text
    refused = await post(client, listing, {"title": "", "decided_on": "2025-13-01"},
                         form_page=listing)
    assert refused.status_code == 400
    assert texts(refused.text, "error-decided_on") == ["决策日期格式应为 2025-03-31"]
    refused = await post(client, listing, {"title": " ", "decided_on": "2025-03-01"},
                         form_page=listing)
    assert texts(refused.text, "error-title") == ["标题必填，不超过 200 个字符"]
    assert await count(owner, MajorDecision, w.county_a) == 0
    older = await post(client, listing, {"title": "老旧小区改造", "decided_on": "2025-03-01"},
                       form_page=listing)
    assert older.status_code == 303
    newer = await post(client, listing, {"title": "村道硬化", "decided_on": "2025-06-01"},
                       form_page=listing)
    page = newer.headers["location"]
    twice = await post(client, listing, {"title": "村道硬化", "decided_on": "2025-06-02"},
                       form_page=listing)
    assert texts(twice.text, "error-title") == ["已有重大决策：村道硬化"]
    assert table((await client.get(listing)).text, "decisions") == [
        ["2025年6月1日", "村道硬化"], ["2025年3月1日", "老旧小区改造"]]

    zhang = roster.members["张伟"]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    zhang.is_leading_cadre = True
    await owner.commit()
    decision_id = page.rsplit("/", 1)[1]
    for day in (datetime(2025, 5, 20, 10, tzinfo=BEIJING), datetime(2025, 6, 1, 10,
                                                                     tzinfo=BEIJING)):
        await make_contact(owner, roster.pairings["陈群众"], day, decision_id=decision_id)
    shown = await client.get(page)
    assert texts(shown.text, "decision-title") == ["村道硬化"]
    assert table(shown.text, "outreach") == [["张伟", "1", "1", "前后均已宣传"]]


async def test_decisions_are_read_only_elsewhere_and_hidden_from_other_tenants(client, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    sign_in(client, w.token(w.county_a, Role.office))
    created = await post(client, f"/t/{a}/decisions", {"title": "村道硬化",
                                                       "decided_on": "2025-06-01"},
                         form_page=f"/t/{a}/decisions")
    page = created.headers["location"]
    decision_id = page.rsplit("/", 1)[1]
    sign_in(client, w.token(w.county_a, Role.convenor))
    listing = await client.get(f"/t/{a}/decisions")
    assert 'data-testid="decision-form"' not in listing.text
    token = await csrf(client, f"/t/{a}/decisions")
    forged = await client.post(f"/t/{a}/decisions", data={
        "title": "伪造", "decided_on": "2025-06-01", "_csrf_token": token})
    assert forged.status_code == 403
    assert "只有本级委员联络办可以登记重大决策" in forged.text
    sign_in(client, w.token(w.county_b, Role.office))
    for path in (page, f"/t/{b}/decisions/{decision_id}", f"/t/{a}/decisions",
                 f"/t/{b}/decisions/not-an-id"):
        assert (await client.get(path)).status_code == 404, path
    sign_in(client, w.token(w.city, Role.office))
    county = await client.get(page)
    assert county.status_code == 200
    assert texts(county.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert texts(county.text, "no-cadres") == ["没有在任的党员领导干部委员。"]
    listing = await client.get(f"/t/{a}/decisions")
    assert 'data-testid="decision-form"' not in listing.text
    token = await csrf(client, "/city")
    assert (await client.post(f"/t/{a}/decisions", data={
        "title": "伪造", "decided_on": "2025-06-01", "_csrf_token": token})).status_code == 404
