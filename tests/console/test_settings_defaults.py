"""The defaults page: the city fixes a setting for its counties and sees what each county
applies; a county sees the city's values, follows them or overrides where it may, and finds a
fixed setting locked; a refused save changes nothing."""

from liaison.models import LiaisonSettings
from liaison.models.account import Role
from tests.console.helpers import post, sign_in, table, texts
from tests.console.test_settings_pages import DEFAULTS, GOOD, shown


async def test_the_city_fixes_a_default_and_sees_its_counties(client, owner, roster):
    w = roster.world
    city, a = w.city, w.county_a
    owner.add(LiaisonSettings(tenant_id=a.id, opinion_reply_days=45))
    await owner.commit()
    page = f"/t/{city.code}/settings"
    sign_in(client, w.token(city, Role.office))
    first = await client.get(page)
    assert "<h1>设置与下级默认值</h1>" in first.text
    assert 'data-testid="inherit-pairing"' not in first.text  # nothing above a city
    assert table(first.text, "below") == [
        ["2–3 人（沿用）", "3 月 31 日（沿用）", "12 月 20 日（沿用）",
         "45 天（自设）"],
        ["2–3 人（沿用）", "3 月 31 日（沿用）", "12 月 20 日（沿用）",
         "30 天（沿用）"]]
    assert texts(first.text, f"below-{a.code}")[0].startswith("测试0县政协 2–3 人（沿用）")
    saved = await post(client, page, {**GOOD, "opinion_reply_days": "20",
                                      "fixed_opinion_reply_days": "1"}, form_page=page)
    assert saved.status_code == 303
    after = await client.get(page)
    assert 'data-testid="fixed-opinion_reply_days" checked' in after.text
    assert table(after.text, "below") == [
        ["1–4 人（沿用）", "4 月 15 日（沿用）", "12 月 10 日（沿用）",
         "20 天（统一规定）"],
        ["1–4 人（沿用）", "4 月 15 日（沿用）", "12 月 10 日（沿用）",
         "20 天（统一规定）"]]
    await owner.refresh(await owner.get(LiaisonSettings, a.id))
    assert (await owner.get(LiaisonSettings, a.id)).opinion_reply_days == 45  # kept


async def test_a_county_follows_overrides_and_meets_a_lock(client, owner, roster):
    w = roster.world
    city, a = w.city, w.county_a
    owner.add(LiaisonSettings(tenant_id=city.id, min_pairings=3, max_pairings=4,
                              opinion_reply_days=15, opinion_reply_days_fixed=True))
    await owner.commit()
    page = f"/t/{a.code}/settings"
    sign_in(client, w.token(a, Role.office))
    first = await client.get(page)
    assert shown(first.text) == {**DEFAULTS, "min_pairings": "3", "max_pairings": "4",
                                 "opinion_reply_days": "15"}
    assert texts(first.text, "above-pairing") == ["上级（测试市政协）的值：3–4 人"]
    assert 'data-testid="inherit-pairing" checked' in first.text
    assert texts(first.text, "locked-opinion_reply_days") == [
        "由测试市政协统一规定：15 天，本级不能修改。"]
    assert 'name="opinion_reply_days" min="1" max="365" value="15" disabled' in first.text
    # Overriding the pairing range (no inherit box) while the locked days are not posted.
    form = {k: v for k, v in GOOD.items() if k != "opinion_reply_days"}
    saved = await post(client, page, form, form_page=page)
    assert saved.status_code == 303
    row = await owner.get(LiaisonSettings, a.id)
    assert (row.min_pairings, row.max_pairings, row.opinion_reply_days) == (1, 4, None)
    after = await client.get(page)
    assert 'data-testid="inherit-pairing" checked' not in after.text
    assert shown(after.text)["min_pairings"] == "1"
    # Numbers changed under a ticked box are the county's own; the box with the numbers as
    # shown goes back to the city's range.
    await post(client, page, {**form, "inherit_pairing": "1", "min_pairings": "2"},
               form_page=page)
    await owner.refresh(row)
    assert (row.min_pairings, row.max_pairings) == (2, 4)
    await post(client, page, {**form, "inherit_pairing": "1", "min_pairings": "2"},
               form_page=page)
    await owner.refresh(row)
    assert (row.min_pairings, row.max_pairings) == (None, None)
    # A locked value forged into the post is refused next to its field.
    refused = await post(client, page, {**GOOD, "opinion_reply_days": "99"}, form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-opinion_reply_days") == [
        "意见建议反馈期限由测试市政协统一规定，本级不能修改"]
    await owner.refresh(row)
    assert (row.min_pairings, row.opinion_reply_days) == (None, None)


async def test_a_city_member_sees_no_county_settings(client, owner, roster):
    """The table of what each county applies is for those who read the counties: a city
    member reads only the city, so the counties' rows (and the table) are not shown."""
    w = roster.world
    owner.add(LiaisonSettings(tenant_id=w.county_a.id, opinion_reply_days=45))
    await owner.commit()
    sign_in(client, w.token(w.city, Role.member))
    shown = await client.get(f"/t/{w.city.code}/settings")
    assert shown.status_code == 200
    assert texts(shown.text, "read-only") == ["只读：只有本级委员联络办可以修改设置。"]
    assert 'data-testid="below"' not in shown.text
    sign_in(client, w.token(w.city, Role.office))
    assert table((await client.get(f"/t/{w.city.code}/settings")).text, "below")[0][3] == \
        "45 天（自设）"
