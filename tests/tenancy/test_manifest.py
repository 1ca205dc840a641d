"""Tenant manifests: the Hezhou demo, validation naming the line, idempotent application."""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison.accounts.demo import ensure_demo_accounts
from liaison.cli import main
from liaison.models import Account, Committee, RoleAssignment, Sector, Tenant, Venue
from liaison.models.account import Role
from liaison.tenancy import manifest
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import unique_code

ROOT = Path(__file__).resolve().parents[2]


def test_the_hezhou_demo_manifest():
    parsed = manifest.load(ROOT / "tenants" / "hezhou.toml")
    paths = {t.short_name: parsed.path_of(t) for t in parsed.tenants}
    assert paths == {
        "贺州市政协": "gx/hezhou", "八步区政协": "gx/hezhou/babu",
        "平桂区政协": "gx/hezhou/pinggui", "昭平县政协": "gx/hezhou/zhaoping",
        "钟山县政协": "gx/hezhou/zhongshan", "富川瑶族自治县政协": "gx/hezhou/fuchuan"}
    city = parsed.tenants[0]
    assert 25 <= len(city.sectors) <= 30 and 6 <= len(city.committees) <= 9
    for county in parsed.tenants[1:]:
        assert 20 <= len(county.sectors) <= 25 and 3 <= len(county.committees) <= 5
        assert county.sectors.count("特别邀请人士") == 1


BAD = '''province = "gx"

[[tenant]]
code = "city1"
name = "某市政协"
short_name = "某市政协"
level = "city"

[[tenant]]
code = "Bad Code"
name = "某县政协"
short_name = "某县"
level = "county"
parent = "city1"

[[tenant]]
code = "county2"
name = "某县政协"
short_name = "某县"
level = "county"
parent = "nowhere"
sectors = ["教育界", "教育界"]
colour = "red"
'''


def test_a_bad_manifest_is_refused_with_every_problem_and_its_line():
    with pytest.raises(manifest.ManifestError) as caught:
        manifest.parse(BAD, "bad.toml")
    assert caught.value.problems == [
        "bad.toml:10: code 必须以小写字母开头，由 2–40 个小写字母、数字或 - 组成",
        "bad.toml:23: 未知字段：colour",
        "bad.toml:22: sectors 中有重复：教育界",
    ]


def test_unknown_parent_and_toml_syntax_errors_name_the_line():
    text = BAD.replace('code = "Bad Code"', 'code = "county1"').replace(
        '\ncolour = "red"', "").replace('["教育界", "教育界"]', '["教育界"]')
    with pytest.raises(manifest.ManifestError) as caught:
        manifest.parse(text, "bad.toml")
    assert caught.value.problems == ["bad.toml:21: 上级单位 nowhere 不在本文件中"]
    with pytest.raises(manifest.ManifestError) as caught:
        manifest.parse('province = "gx"\n[[tenant]]\ncode = \n', "broken.toml")
    assert caught.value.problems[0].startswith("broken.toml: TOML 语法错误：")
    assert "line 3" in caught.value.problems[0]


def small_manifest(code: str, sectors: list[str]) -> manifest.Manifest:
    text = f'''province = "zz"
[[tenant]]
code = "{code}"
name = "测试市政协"
short_name = "测试市"
level = "city"
sectors = {sectors!r}
[[tenant]]
code = "{code}-x"
parent = "{code}"
name = "测试区政协"
short_name = "测试区"
level = "district"
sectors = ["中共"]
'''.replace("'", '"')
    return manifest.parse(text, "t.toml")


async def sector_names(session, tenant_id):
    await apply_scope(session, TenantScope.only(tenant_id))
    rows = await session.scalars(select(Sector.name).where(Sector.tenant_id == tenant_id)
                                 .order_by(Sector.sort_order))
    return list(rows)


async def test_applying_twice_changes_nothing_and_new_names_are_added_in_order(owner):
    code = unique_code("m")
    first = await manifest.apply(owner, small_manifest(code, ["中共", "民革"]))
    await owner.commit()
    assert (first.created, first.rows_added) == ([code, f"{code}-x"], 3)
    again = await manifest.apply(owner, small_manifest(code, ["中共", "民革"]))
    assert (again.created, again.updated, again.unchanged, again.rows_added) == (
        [], [], [code, f"{code}-x"], 0)
    city = await owner.scalar(select(Tenant).where(Tenant.code == code))
    grown = await manifest.apply(owner, small_manifest(code, ["民革", "教育界", "中共"]))
    assert grown.rows_added == 1
    assert await sector_names(owner, city.id) == ["民革", "教育界", "中共"]
    # A name dropped from the manifest is kept (records may refer to it).
    await manifest.apply(owner, small_manifest(code, ["教育界"]))
    assert sorted(await sector_names(owner, city.id)) == sorted(["民革", "教育界", "中共"])
    await owner.commit()


async def test_a_tenant_cannot_be_moved_by_a_manifest(owner):
    code = unique_code("m")
    await manifest.apply(owner, small_manifest(code, []))
    await owner.commit()
    moved = small_manifest(code, [])
    moved.province = "yy"
    with pytest.raises(manifest.ManifestError, match="不能移动到 yy/"):
        await manifest.apply(owner, moved)
    await owner.rollback()


async def test_demo_accounts_are_created_once(owner):
    code = unique_code("d")
    parsed = small_manifest(code, ["中共"])
    await manifest.apply(owner, parsed)
    made = await owner.scalar(select(Tenant).where(Tenant.code == code))
    await apply_scope(owner, TenantScope.only(made.id))
    owner.add(Committee(tenant_id=made.id, id=uuid.uuid4(), name="提案委员会"))
    await owner.flush()
    first = await ensure_demo_accounts(owner, parsed)
    second = await ensure_demo_accounts(owner, parsed)
    await owner.commit()
    assert [login.created for login in first] == [True] * 14
    assert [login.created for login in second] == [False] * 14
    city = await owner.scalar(select(Tenant).where(Tenant.code == code))
    await apply_scope(owner, TenantScope.only(city.id))
    count = await owner.scalar(select(func.count()).select_from(Account)
                               .where(Account.tenant_id == city.id))
    assert count == 7
    scoped = dict((await owner.execute(
        select(RoleAssignment.role, RoleAssignment.committee_id.is_not(None)
               | RoleAssignment.venue_id.is_not(None))
        .where(RoleAssignment.tenant_id == city.id))).all())
    assert (scoped[Role.committee], scoped[Role.venue_staff], scoped[Role.office]) == (
        True, True, False)
    venues = list(await owner.scalars(select(Venue.name).where(Venue.tenant_id == city.id)))
    assert venues == [f"{city.short_name}委员联络站（演示）"]


def test_cli_refuses_a_bad_manifest_with_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["tenants", "sync", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "清单有误，未做任何修改" in err
    assert f"{bad}:10: code 必须以小写字母开头" in err


async def test_demo_members_are_added_once_and_the_member_account_is_linked(owner):
    from liaison.members.demo import ensure_demo_members
    from liaison.models import Pairing

    code = unique_code("d")
    parsed = small_manifest(code, ["中共", "民革"])
    await manifest.apply(owner, parsed)
    await ensure_demo_accounts(owner, parsed)
    assert await ensure_demo_members(owner, parsed) == 16
    assert await ensure_demo_members(owner, parsed) == 0
    await owner.commit()
    city = await owner.scalar(select(Tenant).where(Tenant.code == code))
    await apply_scope(owner, TenantScope.only(city.id))
    pairings = await owner.scalar(select(func.count()).select_from(Pairing)
                                  .where(Pairing.tenant_id == city.id))
    member_account = await owner.scalar(select(Account).where(
        Account.tenant_id == city.id, Account.username == "member"))
    assert pairings == 1 + 2 + 3 + 1 + 2 + 3 + 1 + 0
    assert member_account.member_id is not None
