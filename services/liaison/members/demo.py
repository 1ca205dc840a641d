"""Demo data for development: a current term, members, pairings and past contacts per tenant.

Only added to a tenant that has no members yet, so running the seed again adds nothing.
"""

import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import (
    Account,
    Committee,
    Constituent,
    Contact,
    ContactConstituent,
    Member,
    Pairing,
    Sector,
    Tenant,
    Term,
)
from liaison.tenancy.manifest import Manifest
from liaison.tenancy.scope import TenantScope, apply_scope

MEMBERS = [("黄志明", "male", "汉族", "中共"), ("韦秀兰", "female", "壮族", "民盟"),
           ("莫建华", "male", "瑶族", "无党派"), ("邓丽萍", "female", "汉族", "民进"),
           ("梁国强", "male", "汉族", "中共"), ("覃美玲", "female", "壮族", "九三学社"),
           ("陆文辉", "male", "汉族", "民革"), ("盘小燕", "female", "瑶族", "中共")]
PEOPLE = ["何桂芳", "林德福", "钟春花", "廖永安", "罗玉梅", "谢大勇", "唐金凤", "冯家宝",
          "蒋秋菊", "潘国栋", "欧阳明", "赖小红", "邱顺利", "曾水英", "彭立新"]
CATEGORIES = ["grassroots", "united_front", "special_group"]
METHODS = ["visit", "phone", "wechat", "forum", "reception_day"]
SERVICES = ["policy_consultation", "visit", "legal_aid", "job_guidance", "medical_visit"]
BEIJING = timezone(timedelta(hours=8))


async def _demo_contacts(session: AsyncSession, tenant_id: uuid.UUID, member_id: uuid.UUID,
                         constituent_id: uuid.UUID, seed: int) -> None:
    """Quarterly contacts from 2024 to the quarter before this one, some skipped, so that the
    compliance views show both contacted and overdue pairings."""
    today = date.today()
    year, month = 2024, 2
    while date(year, month, 15) < date(today.year, (today.month - 1) // 3 * 3 + 1, 1):
        if (year * 4 + month + seed) % 5:  # skip about one quarter in five
            day = date(year, month, 10 + seed % 15)
            contact = Contact(
                tenant_id=tenant_id, id=uuid.uuid4(), member_id=member_id,
                occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING),
                occurred_on=day, place="社区服务中心", method=METHODS[seed % len(METHODS)],
                service_kinds=[SERVICES[(seed + month) % len(SERVICES)]],
                content="走访了解家庭生产生活情况，宣传惠民政策",
                opinions="希望完善农村道路和养老服务" if month == 5 else None,
                entered_by_office=False)
            session.add(contact)
            await session.flush()
            session.add(ContactConstituent(tenant_id=tenant_id, contact_id=contact.id,
                                           constituent_id=constituent_id, member_id=member_id,
                                           occurred_on=day))
        month += 3
        if month > 12:
            year, month = year + 1, month - 12


async def ensure_demo_members(session: AsyncSession, manifest: Manifest) -> int:
    created = 0
    for index, spec in enumerate(manifest.tenants):
        tenant = await session.scalar(select(Tenant).where(Tenant.code == spec.code))
        await apply_scope(session, TenantScope.only(tenant.id))
        if await session.scalar(select(func.count()).select_from(Member)
                                .where(Member.tenant_id == tenant.id)):
            continue
        term = await session.scalar(select(Term).where(Term.tenant_id == tenant.id,
                                                       Term.is_current))
        if term is None:
            term = Term(tenant_id=tenant.id, id=uuid.uuid4(), name="第五届",
                        starts_on=date(2022, 1, 1), ends_on=date(2026, 12, 31),
                        is_current=True)
            session.add(term)
        sectors = list(await session.scalars(select(Sector.id).where(
            Sector.tenant_id == tenant.id).order_by(Sector.sort_order).limit(4)))
        if not sectors:
            continue  # a member needs a sector
        committee = await session.scalar(select(Committee.id).where(
            Committee.tenant_id == tenant.id).order_by(Committee.sort_order))
        await session.flush()
        first_member = None
        for n, (name, gender, ethnicity, party) in enumerate(MEMBERS):
            place = spec.short_name.removesuffix("政协")
            member = Member(
                tenant_id=tenant.id, id=uuid.uuid4(), term_id=term.id, name=name,
                gender=gender, ethnicity=ethnicity, party=party,
                sector_id=sectors[n % min(2, len(sectors))],
                committee_id=committee, work_unit=f"{place}某单位",
                post="干部", phone=f"1387740{n:04d}", is_leading_cadre=n % 4 == 0,
                status="serving")
            session.add(member)
            first_member = first_member or member
            await session.flush()
            for k in range(n % 3 + 1 if n < 7 else 0):  # 1–3 pairings; the last has none
                person = PEOPLE[(n * 2 + k) % len(PEOPLE)]
                constituent = Constituent(
                    tenant_id=tenant.id, id=uuid.uuid4(), name=person, party="群众",
                    work_unit="社区居委会", post="居民", phone=f"1397741{n:02d}{k:02d}",
                    sector_id=member.sector_id, category=CATEGORIES[k % 3])
                session.add(constituent)
                await session.flush()
                session.add(Pairing(tenant_id=tenant.id, id=uuid.uuid4(), member_id=member.id,
                                    constituent_id=constituent.id, term_id=term.id,
                                    started_on=date(2024, 1, 1)))
                await session.flush()
                await _demo_contacts(session, tenant.id, member.id, constituent.id,
                                     n + k + 3 * index)
            created += 1
        account = await session.scalar(select(Account).where(
            Account.tenant_id == tenant.id, Account.username == "member"))
        if account is not None and account.member_id is None:
            account.member_id = first_member.id
        await session.flush()
    return created
