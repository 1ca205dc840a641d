"""4. Import: 10,000 members from an xlsx file, uploaded to the API served as in production,
into a county of a fresh city-scale database (rebuilt each run, so runs are comparable).
Reference: loading the same 10,000 rows with COPY, the floor no checked import can beat.
Target: under 10 s."""

import asyncio
import io
import logging
import random
import time
import uuid

import asyncpg
import httpx
from openpyxl import Workbook

from bench.common import SETTINGS, Server, office_of, owner_dsn
from liaison import synthetic
from liaison.db import migrate, urls

DATABASE = "liaison_bench_import"
ROWS = 10_000
HEADER = ["姓名*", "性别", "民族", "党派", "界别*", "专门委员会", "活动组", "工作单位", "职务",
          "联系电话", "党员领导干部", "届次"]


def build_database() -> None:
    owner = urls.owner_url(SETTINGS, DATABASE)
    asyncio.run(urls.ensure_database(owner, recreate=True))
    migrate.upgrade(owner, SETTINGS.app_db_password)
    asyncio.run(synthetic.generate(urls.asyncpg_dsn(owner), synthetic.PRESETS["city"],
                                   years=1, progress=lambda line: None))


async def shape_of(tenant_id) -> tuple[list[str], list[str], list[str]]:
    conn = await asyncpg.connect(**owner_dsn(DATABASE))
    try:
        names = []
        for table in ("sector", "committee", "activity_group"):
            rows = await conn.fetch(f"SELECT name FROM {table} WHERE tenant_id = $1",  # noqa: S608
                                    tenant_id)
            names.append([r["name"] for r in rows])
        return names[0], names[1], names[2]
    finally:
        await conn.close()


def workbook(sectors, committees, groups) -> tuple[bytes, list[tuple]]:
    rng = random.Random(11)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    rows = []
    for i in range(ROWS):
        row = (synthetic._name(rng) + f"{i:05d}", rng.choice(["男", "女"]), "汉族",
               rng.choice(["中共", "民盟", "无党派"]), rng.choice(sectors),
               rng.choice(committees), rng.choice(groups), "某单位", "职员",
               str(15000000000 + i), rng.choice(["是", "否"]), None)
        sheet.append(list(row))
        rows.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), rows


async def copy_reference(tenant_id, rows) -> float:
    """The same members straight in with COPY (no checks): the floor."""
    conn = await asyncpg.connect(**owner_dsn(DATABASE))
    try:
        shape = {}
        for table in ("sector", "committee", "activity_group"):
            shape[table] = {r["name"]: r["id"] for r in await conn.fetch(
                f"SELECT id, name FROM {table} WHERE tenant_id = $1", tenant_id)}  # noqa: S608
        term = await conn.fetchval("SELECT id FROM term WHERE tenant_id = $1 AND is_current",
                                   tenant_id)
        records = [(tenant_id, uuid.uuid4(), term, "ref" + r[0], shape["sector"][r[4]],
                    shape["committee"][r[5]], shape["activity_group"][r[6]], r[9],
                    r[10] == "是", "serving") for r in rows]
        started = time.perf_counter()
        async with conn.transaction():
            await conn.copy_records_to_table(
                "member", records=records,
                columns=["tenant_id", "id", "term_id", "name", "sector_id", "committee_id",
                         "activity_group_id", "phone", "is_leading_cadre", "status"])
        return time.perf_counter() - started
    finally:
        await conn.close()


def main() -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.perf_counter()
    build_database()
    print(f"import: fresh city-scale database in {time.perf_counter() - started:.1f} s")
    office = asyncio.run(office_of(DATABASE, "s00-c00-k01"))
    data, rows = workbook(*asyncio.run(shape_of(office.tenant_id)))
    server = Server(DATABASE)
    try:
        started = time.perf_counter()
        response = httpx.post(f"{server.url}/files/imports/members", timeout=120,
                              files={"data": ("委员.xlsx", data, "application/octet-stream")},
                              headers={"authorization": f"Bearer {office.token}"})
        seconds = time.perf_counter() - started
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    assert (response.status_code, response.json()) == (
        200, {"status": "imported", "created": ROWS}), response.text[:500]
    reference = asyncio.run(copy_reference(office.tenant_id, rows))
    print(f"  upload of {ROWS:,} members ({len(data) / 2**20:.1f} MB xlsx): {seconds:.2f} s, "
          f"{ROWS / seconds:,.0f} rows/s (target < 10 s)")
    print(f"  reference COPY of the same rows: {reference:.2f} s, "
          f"{ROWS / reference:,.0f} rows/s   ratio {reference / seconds:.2f}")
    print(f"  peak RSS {rss:.0f} MB (target < 200)")
    return {"seconds": seconds, "reference": reference, "rss": rss}


if __name__ == "__main__":
    main()
