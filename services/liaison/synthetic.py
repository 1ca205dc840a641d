"""Synthetic data at national scale, for benchmarks: ``liaison seed-synthetic --preset``.

Rows are generated in Python and loaded with PostgreSQL COPY (asyncpg
``copy_records_to_table``), never row by row through the ORM. It runs as the owner of an
embedded or dedicated benchmark database (a superuser or BYPASSRLS owner: COPY under forced
RLS would need a scope per tenant).

Presets (tenants are a city and its counties; each tenant 150–300 members in 20–30 sectors,
2–3 pairings per member, about 4 contacts per pairing per year over ``years`` years, an
opinion for about one contact in three: ``liaison.synthetic_opinions``):
- city: 1 city with 5 counties (6 tenants)
- province: 14 cities, ~110 tenants
- national: ~330 cities, ~3,200 tenants, ~600k members, ~20M contacts
"""

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import asyncpg

from liaison import synthetic_opinions
from liaison.accounts import passwords

SECTORS = ["中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟",
           "无党派人士", "共青团和青联", "工会", "妇联", "工商联", "科协", "台联", "侨联",
           "文化艺术界", "科学技术界", "社会科学界", "经济界", "农业界", "教育界", "体育界",
           "新闻出版界", "医药卫生界", "对外友好界", "社会福利和社会保障界", "少数民族界",
           "宗教界", "环境资源界", "特别邀请人士"]
COMMITTEES = ["提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会",
              "教科卫体委员会", "社会和法制委员会"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰金凤春梅海燕文"
    "军晓东永庆德福家宝立新国强丽萍美玲小燕"
)
METHODS = ["phone", "wechat", "sms", "visit", "forum", "lecture", "reception_day", "research",
           "sector_research", "sector_consultation", "sector_forum", "sector_studio"]
BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Preset:
    provinces: int
    cities_per_province: int
    counties_per_city: tuple[int, int]
    years: int = 3
    contacts_per_pairing_year: int = 4


PRESETS = {
    "city": Preset(1, 1, (5, 5)),
    "province": Preset(1, 14, (6, 9)),
    "national": Preset(30, 11, (7, 11)),
}


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


async def generate(dsn: dict, preset: Preset, *, seed: int = 7, years: int | None = None,
                   progress: Callable[[str], None] = print) -> Stats:
    """Fill an empty, migrated database. Returns the row counts and the time taken."""
    rng = random.Random(seed)
    years = years or preset.years
    stats = Stats()
    started = time.perf_counter()
    today = datetime.now(BEIJING).date()
    first_day = date(today.year - years + 1, 1, 1)
    conn = await asyncpg.connect(**dsn)
    try:
        # The generated rows are consistent by construction: skip the per-row FK triggers
        # (superuser only; without it the load is about 10x slower but still correct).
        try:
            await conn.execute("SET session_replication_role = replica")
        except asyncpg.InsufficientPrivilegeError:
            progress("(not a superuser: foreign keys are checked row by row)")
        tenants = _tenants(rng, preset)
        await _copy(conn, "tenant", ["id", "code", "name", "short_name", "level", "parent_id",
                                     "path", "timezone"], tenants, stats, progress)
        shapes = {}  # tenant -> (term, sectors, committees, groups, opinion categories)
        sectors, committees, groups, terms, categories = [], [], [], [], []
        for tenant_id, *_ in tenants:
            names = rng.sample(SECTORS[:-1], rng.randint(20, 29)) + [SECTORS[-1]]
            sector_ids = [uuid.uuid4() for _ in names]
            sectors += [(tenant_id, i, n, k + 1, n == SECTORS[-1])
                        for k, (i, n) in enumerate(zip(sector_ids, names, strict=True))]
            committee_ids = [uuid.uuid4() for _ in COMMITTEES]
            committees += [(tenant_id, i, n, k + 1) for k, (i, n) in
                           enumerate(zip(committee_ids, COMMITTEES, strict=True))]
            group_ids = [uuid.uuid4() for _ in range(6)]
            groups += [(tenant_id, i, f"第{k + 1}活动组", k + 1) for k, i in enumerate(group_ids)]
            term_id = uuid.uuid4()
            terms.append((tenant_id, term_id, "第五届", date(today.year - 4, 1, 1),
                          date(today.year + 1, 1, 1), True))
            own_categories = synthetic_opinions.categories(tenant_id)
            categories += own_categories
            shapes[tenant_id] = (term_id, sector_ids, committee_ids, group_ids,
                                 [c[1] for c in own_categories])
        await _copy(conn, "term", ["tenant_id", "id", "name", "starts_on", "ends_on",
                                   "is_current"], terms, stats, progress)
        await _copy(conn, "sector", ["tenant_id", "id", "name", "sort_order", "invited"],
                    sectors, stats, progress)
        await _copy(conn, "committee", ["tenant_id", "id", "name", "sort_order"], committees,
                    stats, progress)
        await _copy(conn, "activity_group", ["tenant_id", "id", "name", "sort_order"], groups,
                    stats, progress)
        await _copy(conn, "opinion_category", synthetic_opinions.CATEGORY_COLUMNS, categories,
                    stats, progress)
        # Opinions draw from a generator of their own: the rest is as it was without them.
        batch = Batch(synthetic_opinions.Opinions(random.Random(seed + 1), today))
        for tenant_id, (term_id, sector_ids, committee_ids, group_ids,
                        category_ids) in shapes.items():
            members, links = len(batch.members), len(batch.links)
            for _ in range(rng.randint(150, 300)):
                _member(rng, batch, tenant_id, term_id, sector_ids, committee_ids, group_ids,
                        first_day, today, preset.contacts_per_pairing_year)
            batch.opinions.add(tenant_id, batch.members[members:], batch.links[links:],
                               category_ids, committee_ids)
            if len(batch.contacts) > 400_000:
                await batch.flush(conn, stats, progress)
        await batch.flush(conn, stats, progress)
        await add_member_accounts(conn, stats, progress)
        progress("ANALYZE …")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    stats.seconds = time.perf_counter() - started
    return stats


async def add_member_accounts(conn, stats: Stats, progress=print) -> None:
    """A login for every member who has none (members use the app on their phones), with
    the member role: ~740k users at the national scale. One shared password hash."""
    started = time.perf_counter()
    password_hash = passwords.hash_password("Member@2026")
    # Who lacks a login, found first: an anti-join inside the INSERT would rescan the
    # growing account table once per member.
    async with conn.transaction():
        await conn.execute("""
            CREATE TEMP TABLE new_login ON COMMIT DROP AS
            SELECT m.tenant_id, gen_random_uuid() AS id, m.id AS member_id, m.name
            FROM member m
            WHERE NOT EXISTS (SELECT 1 FROM account a
                              WHERE a.tenant_id = m.tenant_id AND a.member_id = m.id)""")
        await conn.execute("""
            INSERT INTO account (tenant_id, id, username, display_name, password_hash,
                                 is_active, member_id)
            SELECT tenant_id, id, 'm' || replace(member_id::text, '-', ''), name, $1, true,
                   member_id
            FROM new_login ORDER BY tenant_id""", password_hash)
        added = int((await conn.execute("""
            INSERT INTO role_assignment (tenant_id, id, account_id, role, granted_at)
            SELECT tenant_id, gen_random_uuid(), id, 'member', now()
            FROM new_login ORDER BY tenant_id""")).split()[-1])
    stats.rows["account"] = stats.rows.get("account", 0) + added
    stats.rows["role_assignment"] = stats.rows.get("role_assignment", 0) + added
    rate = added / max(time.perf_counter() - started, 1e-6)
    progress(f"  {'account + role':<20} {added:>10,} rows  {rate:>12,.0f} rows/s")


def _tenants(rng: random.Random, preset: Preset) -> list[tuple]:
    tenants = []
    for p in range(preset.provinces):
        for c in range(preset.cities_per_province):
            city_id, city_code = uuid.uuid4(), f"s{p:02d}-c{c:02d}"
            tenants.append((city_id, city_code, f"第{c + 1}市政协", f"市{c + 1}", "city", None,
                            f"s{p:02d}/{city_code}", "Asia/Shanghai"))
            for k in range(rng.randint(*preset.counties_per_city)):
                code = f"{city_code}-k{k:02d}"
                tenants.append((uuid.uuid4(), code, f"第{k + 1}县政协", f"县{k + 1}", "county",
                                city_id, f"s{p:02d}/{city_code}/{code}", "Asia/Shanghai"))
    return tenants


def _phone(rng: random.Random) -> str:
    return f"1{rng.randint(3000000000, 9999999999)}"


def _member(rng, batch, tenant_id, term_id, sector_ids, committee_ids, group_ids, first_day,
            today, per_year) -> None:
    member_id, sector = uuid.uuid4(), rng.choice(sector_ids)
    batch.members.append((tenant_id, member_id, term_id, _name(rng), sector,
                          rng.choice(committee_ids), rng.choice(group_ids), _phone(rng),
                          rng.random() < 0.1, "serving"))
    for _ in range(rng.randint(2, 3)):
        constituent_id = uuid.uuid4()
        batch.constituents.append((tenant_id, constituent_id, _name(rng), sector, "grassroots",
                                   _phone(rng)))
        batch.pairings.append((tenant_id, uuid.uuid4(), member_id, constituent_id, term_id,
                               first_day))
        quarter = first_day
        while quarter <= today:
            for _ in range(max(per_year // 4, 1)):
                when = quarter + timedelta(days=rng.randint(0, 85))
                if when > today:
                    break
                contact_id = uuid.uuid4()
                batch.contacts.append((
                    tenant_id, contact_id, member_id,
                    datetime(when.year, when.month, when.day, 10, tzinfo=BEIJING), when,
                    rng.choice(METHODS), [], "走访了解情况", False))
                batch.links.append((tenant_id, contact_id, constituent_id, member_id, when))
            quarter = _next_quarter(quarter)


@dataclass
class Batch:
    opinions: synthetic_opinions.Opinions
    members: list = field(default_factory=list)
    constituents: list = field(default_factory=list)
    pairings: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    links: list = field(default_factory=list)

    async def flush(self, conn, stats: Stats, progress) -> None:
        """Parents first: COPY checks every foreign key as it loads."""
        await _copy(conn, "member", ["tenant_id", "id", "term_id", "name", "sector_id",
                                     "committee_id", "activity_group_id", "phone",
                                     "is_leading_cadre", "status"], self.members, stats,
                    progress)
        await _copy(conn, "constituent", ["tenant_id", "id", "name", "sector_id", "category",
                                          "phone"], self.constituents, stats, progress)
        await _copy(conn, "pairing", ["tenant_id", "id", "member_id", "constituent_id",
                                      "term_id", "started_on"], self.pairings, stats, progress)
        await _copy(conn, "contact", ["tenant_id", "id", "member_id", "occurred_at",
                                      "occurred_on", "method", "service_kinds", "content",
                                      "entered_by_office"], self.contacts, stats, progress)
        await _copy(conn, "contact_constituent", ["tenant_id", "contact_id", "constituent_id",
                                                  "member_id", "occurred_on"], self.links,
                    stats, progress)
        await _copy(conn, "opinion", synthetic_opinions.OPINION_COLUMNS, self.opinions.rows,
                    stats, progress)
        await _copy(conn, "opinion_person", synthetic_opinions.PERSON_COLUMNS,
                    self.opinions.people, stats, progress)
        for rows in (self.members, self.constituents, self.pairings, self.contacts,
                     self.links, self.opinions.rows, self.opinions.people):
            rows.clear()


def _next_quarter(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 4
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


async def _copy(conn, table: str, columns: list[str], rows: list, stats: Stats,
                progress) -> None:
    if not rows:
        return
    started = time.perf_counter()
    await conn.copy_records_to_table(table, records=rows, columns=columns)
    elapsed = time.perf_counter() - started
    stats.rows[table] = stats.rows.get(table, 0) + len(rows)
    rate = len(rows) / max(elapsed, 1e-6)
    progress(f"  {table:<20} {len(rows):>10,} rows  {rate:>12,.0f} rows/s")


async def run(preset_name: str, dsn: dict, years: int | None = None) -> Stats:
    return await generate(dsn, PRESETS[preset_name], years=years)

