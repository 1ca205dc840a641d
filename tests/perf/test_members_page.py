"""The members page fetched ahead (api/members/page.py) answers exactly what each member
answers on its own through the loaders (``member(id:)``), for every viewer: the scope, the
masked phones, ended pairings left out unless asked for, pairings the viewer may not read."""

from datetime import date

from sqlalchemy import update

from liaison.models import Pairing
from liaison.models.account import Role
from tests.builders import gql

FIELDS = """id name phone sector { name invited } activePairingCount
  pairings { id startedOn active constituent { id name phone category } }
  history: pairings(includeEnded: true) { id active endReason constituent { name phone } }"""
PAGE = f"""query($code: String!) {{ tenant(code: $code) {{ members(first: 50) {{
  nodes {{ {FIELDS} }} edges {{ node {{ id phone }} }} }} }} }}"""
ONE = f"""query($id: ID!) {{ member(id: $id) {{ {FIELDS} }} }}"""


async def test_the_page_answers_as_each_member_does_on_its_own(client, owner, roster):
    w = roster.world
    a = w.county_a
    await owner.execute(update(Pairing).where(Pairing.id == roster.pairings["刘群众"].id)
                        .values(ended_on=date(2025, 3, 1), end_reason="迁居外地"))
    await owner.commit()
    shown = {}
    for role in (Role.office, Role.convenor, Role.member, Role.leadership):
        token = w.token(a, role)
        body = await gql(client, PAGE, {"code": a.code}, token=token)
        page = body["data"]["tenant"]["members"]
        alone = [(await gql(client, ONE, {"id": n["id"]}, token=token))
                 for n in page["nodes"]]
        assert page["nodes"] == [one["data"]["member"] for one in alone], role
        assert body.get("errors") == next((one["errors"] for one in alone if "errors" in one),
                                          None), role
        assert [e["node"] for e in page["edges"]] == [
            {"id": n["id"], "phone": n["phone"]} for n in page["nodes"]]
        shown[role] = page["nodes"]
    zhang = next(n for n in shown[Role.office] if n["name"] == "张伟")
    assert (zhang["activePairingCount"], len(zhang["history"])) == (1, 2)
    assert [p["constituent"]["name"] for p in zhang["pairings"]] == ["陈群众"]
    assert zhang["phone"] == "13812345678"
    assert [n["name"] for n in shown[Role.convenor]] == ["张伟", "王芳"]  # 中共 only
    assert next(n for n in shown[Role.convenor] if n["name"] == "张伟")["phone"] == \
        "138****5678"
    assert [n["name"] for n in shown[Role.member]] == ["张伟"]
    assert shown[Role.member][0]["pairings"][0]["constituent"]["phone"] == "13900001111"
