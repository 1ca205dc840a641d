"""Terms, organisation units and liaison settings: only the office changes them."""

from datetime import date

from sqlalchemy import select

from liaison.models import Committee, Sector, Term
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import gql, sector_named
from tests.readback import audit_entries

SAVE_TERM = """mutation($input: SaveTermInput!) { saveTerm(input: $input) { __typename
  ... on Term { name isCurrent } ... on ValidationErrors { errors { field message } }
  ... on Error { code } } }"""
SAVE_UNIT = """mutation($input: SaveUnitInput!) { saveOrganisationUnit(input: $input) {
  __typename ... on Sector { name invited } ... on Committee { name }
  ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
NOT_FOUND = {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_settings_terms_and_units_are_the_offices(client, owner, roster):
    w = roster.world
    settings = """mutation($min: Int!, $max: Int!) { updateLiaisonSettings(input: {
      minPairings: $min, maxPairings: $max}) { __typename
      ... on LiaisonSettings { minPairings maxPairings }
      ... on ValidationErrors { errors { field message } } ... on Error { code } } }"""
    office = w.token(w.county_a, Role.office)
    bad = await gql(client, settings, {"min": 3, "max": 2}, token=office)
    assert bad["data"]["updateLiaisonSettings"]["errors"] == [
        {"field": "maxPairings", "message": "最多结对人数不能少于最少结对人数"}]
    for role in (Role.chair, Role.convenor, Role.member):
        body = await gql(client, settings, {"min": 1, "max": 2}, token=w.token(w.county_a, role))
        assert body["data"]["updateLiaisonSettings"]["__typename"] == "ForbiddenError"
    ok = await gql(client, settings, {"min": 1, "max": 2}, token=office)
    assert ok["data"]["updateLiaisonSettings"] == {"__typename": "LiaisonSettings",
                                                   "minPairings": 1, "maxPairings": 2}
    incomplete = await gql(client, """query($c: String!) { tenant(code: $c) {
        liaisonSettings { minPairings maxPairings }
        members(first: 10, filter: {pairingStatus: INCOMPLETE}) { nodes { name } } } }""",
                           {"c": w.county_a.code}, token=office)
    assert incomplete["data"]["tenant"] == {
        "liaisonSettings": {"minPairings": 1, "maxPairings": 2},
        "members": {"nodes": [{"name": "王芳"}]}}
    # County B keeps the defaults.
    other = await gql(client, "query($c: String!) { tenant(code: $c) { liaisonSettings {"
                      " minPairings maxPairings } } }", {"c": w.county_b.code},
                      token=w.token(w.county_b, Role.office))
    assert other["data"]["tenant"]["liaisonSettings"] == {"minPairings": 2, "maxPairings": 3}

    term = """mutation($input: SaveTermInput!) { saveTerm(input: $input) { __typename
      ... on Term { name isCurrent } ... on ValidationErrors { errors { field message } } } }"""
    body = await gql(client, term, {"input": {"name": "第六届", "startsOn": "2027-01-01",
                                              "endsOn": "2032-01-01", "isCurrent": True}},
                     token=office)
    assert body["data"]["saveTerm"] == {"__typename": "Term", "name": "第六届", "isCurrent": True}
    terms = await gql(client, "query($c: String!) { tenant(code: $c) { terms { name isCurrent }"
                      " } }", {"c": w.county_a.code}, token=office)
    assert terms["data"]["tenant"]["terms"] == [{"name": "第六届", "isCurrent": True},
                                                {"name": "第五届", "isCurrent": False}]
    dup = await gql(client, term, {"input": {"name": "第六届", "startsOn": "2027-01-01",
                                             "endsOn": "2026-01-01"}}, token=office)
    assert dup["data"]["saveTerm"]["errors"] == [
        {"field": "endsOn", "message": "结束日期须晚于开始日期"},
        {"field": "name", "message": "已有届次：第六届"}]

    unit = """mutation($input: SaveUnitInput!) { saveOrganisationUnit(input: $input) {
      __typename ... on Sector { name invited } ... on ValidationErrors { errors { message } }
      ... on Error { code } } }"""
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "特邀人士"}}, token=office)
    assert body["data"]["saveOrganisationUnit"] == {"__typename": "Sector", "name": "特邀人士",
                                                     "invited": True}
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "工会"}}, token=office)
    assert body["data"]["saveOrganisationUnit"]["errors"] == [{"message": "已有界别：工会"}]
    body = await gql(client, unit, {"input": {"kind": "SECTOR", "name": "新界别"}},
                     token=w.token(w.city, Role.office))
    assert body["data"]["saveOrganisationUnit"]["__typename"] == "Sector"  # in the city itself
    body = await gql(client, unit, {"input": {"kind": "COMMITTEE", "name": "某委员会"}},
                     token=w.token(w.county_a, Role.convenor))
    assert body["data"]["saveOrganisationUnit"] == {"__typename": "ForbiddenError",
                                                     "code": "FORBIDDEN"}


async def test_another_tenants_term_is_not_found_and_unchanged(client, owner, roster):
    w = roster.world
    term_a, term_b = roster.terms[w.county_a.code], roster.terms[w.county_b.code]
    for token in (w.token(w.county_a, Role.office), w.token(w.city, Role.office)):
        body = await gql(client, SAVE_TERM, {"input": {
            "id": str(term_b.id), "name": "第九届", "endsOn": "2030-01-01", "isCurrent": True}},
            token=token)
        assert body["data"]["saveTerm"] == NOT_FOUND
    stored = []
    for tenant, term in ((w.county_a, term_a), (w.county_b, term_b)):
        await apply_scope(owner, TenantScope.only(tenant.id))
        row = await owner.get(Term, (tenant.id, term.id), populate_existing=True)
        stored.append((row.name, row.starts_on, row.ends_on, row.is_current))
    assert stored == [("第五届", date(2022, 1, 1), date(2027, 1, 1), True)] * 2
    for tenant in (w.city, w.county_a, w.county_b):
        assert await audit_entries(owner, tenant) == []


async def test_another_tenants_units_are_not_found_and_unchanged(client, owner, roster):
    w = roster.world
    b = w.county_b
    gonghui = await sector_named(owner, b, "工会")
    await apply_scope(owner, TenantScope.only(b.id))
    committee = await owner.scalar(select(Committee.id).where(Committee.tenant_id == b.id))
    for token in (w.token(w.county_a, Role.office), w.token(w.city, Role.office)):
        for kind, unit_id in (("SECTOR", gonghui), ("COMMITTEE", committee)):
            body = await gql(client, SAVE_UNIT, {"input": {
                "kind": kind, "id": str(unit_id), "name": "改名", "sortOrder": 9}}, token=token)
            assert body["data"]["saveOrganisationUnit"] == NOT_FOUND
    await apply_scope(owner, TenantScope.only(b.id))
    sectors = (await owner.execute(select(Sector.name, Sector.sort_order, Sector.invited)
                                   .where(Sector.tenant_id == b.id)
                                   .order_by(Sector.sort_order))).all()
    committees = (await owner.execute(select(Committee.name, Committee.sort_order)
                                      .where(Committee.tenant_id == b.id))).all()
    assert (sectors, committees) == ([("中共", 1, False), ("工会", 2, False)],
                                     [("综合委员会", 1)])
    for tenant in (w.city, w.county_a, b):
        assert await audit_entries(owner, tenant) == []


async def test_the_days_to_answer_the_people_are_set_within_1_to_365(client, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    mutation = """mutation($days: Int) { updateLiaisonSettings(input: {minPairings: 2,
      maxPairings: 3, opinionReplyDays: $days}) { __typename
      ... on LiaisonSettings { opinionReplyDays } ... on ValidationErrors { errors { field
      message } } } }"""
    read = "query($c: String!) { tenant(code: $c) { liaisonSettings { opinionReplyDays } } }"
    office = w.token(a, Role.office)
    for days in (0, 366, -1, 2**31 - 1):
        bad = await gql(client, mutation, {"days": days}, token=office)
        assert bad["data"]["updateLiaisonSettings"] == {"__typename": "ValidationErrors",
                                                        "errors": [{
            "field": "opinionReplyDays", "message": "反馈群众的期限须在 1 到 365 天之间"}]}
    text = await gql(client, mutation, {"days": "三十"}, token=office)
    assert text["data"] is None
    assert "Int cannot represent non-integer value" in text["errors"][0]["message"]
    assert (await gql(client, read, {"c": a.code}, token=office))["data"]["tenant"] == {
        "liaisonSettings": {"opinionReplyDays": 30}}
    assert await audit_entries(owner, a) == []
    ok = await gql(client, mutation, {"days": 45}, token=office)
    assert ok["data"]["updateLiaisonSettings"] == {"__typename": "LiaisonSettings",
                                                   "opinionReplyDays": 45}
    kept = await gql(client, mutation, {"days": None}, token=office)  # null: unchanged
    assert kept["data"]["updateLiaisonSettings"]["opinionReplyDays"] == 45
    [first, second] = await audit_entries(owner, a, "settings_saved")
    assert [(e.before["opinion_reply_days"], e.after["opinion_reply_days"])
            for e in (first, second)] == [(30, 45), (45, 45)]
    assert (await gql(client, read, {"c": b.code}, token=w.token(b, Role.office)))["data"][
        "tenant"] == {"liaisonSettings": {"opinionReplyDays": 30}}
    for role in (Role.committee, Role.member):
        denied = await gql(client, mutation, {"days": 10}, token=w.token(a, role))
        assert denied["data"]["updateLiaisonSettings"]["__typename"] == "ForbiddenError"
