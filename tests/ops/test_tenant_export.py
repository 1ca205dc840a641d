"""``liaison tenants export``: one county's data and nothing of its neighbour's, no password
hashes, text cells never formulas, and a manifest that matches the database."""

import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from liaison.ops import tenant_export
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import build_roster, make_contact, make_member, password_hash
from tests.conftest import TEST_DB
from tests.workbooks import read_workbook

ROOT = Path(__file__).resolve().parents[2]


def read_zip(path: Path) -> tuple[dict[str, list[tuple]], dict, dict, list[str]]:
    """Sheets (rows incl. header), data.json, manifest.json and every text found anywhere."""
    sheets, texts = {}, []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            if name.endswith(".xlsx"):
                workbook = read_workbook(raw)
                assert workbook.sheetnames == [name.removesuffix(".xlsx")]
                sheet = workbook.active
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                        texts.append(str(cell.value))
                sheets[name] = list(sheet.iter_rows(values_only=True))
            else:
                texts.append(raw.decode("utf-8"))
        data = json.loads(archive.read("data.json"))
        manifest = json.loads(archive.read("manifest.json"))
    return sheets, data, manifest, texts


async def county_b_ids(owner, world) -> set[str]:
    """Every uuid in any of county B's rows, and B's own id."""
    ids = {str(world.county_b.id)}
    await apply_scope(owner, TenantScope.only(world.county_b.id))
    for table in tenant_export.tenant_tables():
        uuid_columns = [c for c in table.columns if c.type.python_type.__name__ == "UUID"]
        rows = await owner.execute(select(*uuid_columns)
                                   .where(table.c.tenant_id == world.county_b.id))
        ids |= {str(v) for row in rows for v in row if v is not None}
    await owner.commit()
    return ids


async def test_export_holds_one_county_and_nothing_of_the_other(owner, owner_engine, world,
                                                                tmp_path):
    roster = await build_roster(owner, world)
    a, b = world.county_a, world.county_b
    for name in ("陈群众", "周群众"):
        await make_contact(owner, roster.pairings[name], datetime(2025, 3, 1, 2, tzinfo=UTC))
    await make_member(owner, a, roster.terms[a.code], "=HYPERLINK(\"http://x\")\x07")
    b_ids = await county_b_ids(owner, world)
    assert len(b_ids) > 20

    report = await tenant_export.export_tenant(owner_engine, a.code, tmp_path / "a.zip")
    sheets, data, manifest, texts = read_zip(report.file)

    tables = {t.name for t in tenant_export.tenant_tables()}
    assert set(sheets) == {f"{t}.xlsx" for t in tables | {"tenant"}}
    assert set(data["tables"]) == set(manifest["tables"]) == tables | {"tenant"}
    for name, rows in sheets.items():
        header, body = rows[0], rows[1:]
        key = "id" if name == "tenant.xlsx" else "tenant_id"
        assert all(row[header.index(key)] == str(a.id) for row in body), name
    for name, rows in data["tables"].items():
        key = "id" if name == "tenant" else "tenant_id"
        assert {row[key] for row in rows} <= {str(a.id)}, name

    everything = "\n".join(texts)
    for forbidden in (*b_ids, b.code, b.name, "赵强", "周群众", "吴群众"):
        assert forbidden not in everything, forbidden
    assert password_hash() not in everything and "$argon2" not in everything
    assert "password_hash" not in sheets["account.xlsx"][0]
    assert manifest["excluded_columns"] == {"account": ["password_hash"]}

    members = {m["name"]: m for m in data["tables"]["member"]}
    assert {"张伟", "李娜", "王芳"} <= set(members)
    zhang = members["张伟"]["id"]
    paired = {p["constituent_id"] for p in data["tables"]["pairing"] if p["member_id"] == zhang}
    names = {c["name"] for c in data["tables"]["constituent"] if c["id"] in paired}
    assert names == {"陈群众", "刘群众"}
    sheet_names = {row[sheets["member.xlsx"][0].index("name")] for row in sheets["member.xlsx"]}
    assert "张伟" in sheet_names
    # A would-be formula stays text in the sheet (control character removed), as is in JSON.
    assert "=HYPERLINK(\"http://x\")" in sheet_names
    assert "=HYPERLINK(\"http://x\")\x07" in members

    assert manifest["tenant"] == {"id": str(a.id), "code": a.code, "name": a.name,
                                  "path": a.path}
    assert datetime.fromisoformat(manifest["exported_at"]).tzinfo is not None
    await apply_scope(owner, TenantScope.only(a.id))
    for table in tenant_export.tenant_tables():
        expected = await owner.scalar(select(func.count()).select_from(table)
                                      .where(table.c.tenant_id == a.id))
        assert manifest["tables"][table.name] == expected == len(data["tables"][table.name])
        assert len(sheets[f"{table.name}.xlsx"]) == expected + 1
    assert manifest["tables"]["tenant"] == 1
    assert manifest["tables"]["member"] == 4 and manifest["tables"]["contact"] == 1
    await owner.commit()
    assert report.file.stat().st_mode & 0o077 == 0


async def test_model_knows_every_tenant_table_of_the_database(owner):
    in_db = set((await owner.scalars(text(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public'"
        " AND column_name = 'tenant_id'"))).all())
    assert {t.name for t in tenant_export.tenant_tables()} == in_db


async def test_unknown_code_is_an_error(owner_engine, tmp_path):
    with pytest.raises(tenant_export.TenantExportError, match="没有代码为 nosuch 的单位"):
        await tenant_export.export_tenant(owner_engine, "nosuch", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


async def test_cli_exports_and_fails_with_code_2(world, tmp_path):
    env = {**os.environ, "LIAISON_DB_NAME": TEST_DB, "LIAISON_ENV": "test"}

    def liaison(*args):
        return subprocess.run([sys.executable, "-m", "liaison.cli", "tenants", "export", *args],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    out = tmp_path / "county.zip"
    done = liaison(world.county_a.code, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "已导出" in done.stdout and zipfile.is_zipfile(out)
    failed = liaison("nosuch", "--output", str(tmp_path / "n.zip"))
    assert failed.returncode == 2 and "导出失败" in failed.stderr
