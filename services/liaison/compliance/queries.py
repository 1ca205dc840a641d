"""Quarterly compliance (R5): each member contacts each paired constituent once a quarter.

For a quarter, a pairing's window is the part of the quarter in which it was active. It is
*due* that quarter only when the window is at least ``MIN_DAYS_DUE`` days long: a pairing
started in the last four weeks of a quarter is first due in the next one, and one ended in
the first four weeks is not due at all. A due pairing is *contacted* when a contact with that
constituent falls in the window, *not yet* while the window is still open (with the days left
in the quarter), and *overdue* after. Dates are tenant-local.
"""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.authz.policies import MemberScope
from liaison.compliance.quarters import Quarter

MIN_DAYS_DUE = 30


class PairingState(enum.StrEnum):
    contacted = "contacted"
    not_yet = "not_yet"
    overdue = "overdue"


@dataclass
class Counts:
    due: int = 0
    contacted: int = 0
    overdue: int = 0

    @property
    def not_yet(self) -> int:
        return self.due - self.contacted - self.overdue

    @property
    def rate(self) -> float | None:
        return round(self.contacted / self.due, 4) if self.due else None


@dataclass
class Rollup:
    total: Counts = field(default_factory=Counts)
    by_tenant: dict[uuid.UUID, Counts] = field(default_factory=dict)
    by_sector: dict[uuid.UUID, Counts] = field(default_factory=dict)
    by_committee: dict[uuid.UUID, Counts] = field(default_factory=dict)
    by_group: dict[uuid.UUID, Counts] = field(default_factory=dict)


# A due pairing's window in the quarter, and whether a contact with it falls in the window.
# "due" is MATERIALIZED: inlined, the EXISTS would run once per use of "contacted".
_WINDOW = """
    WITH w AS (
      SELECT p.tenant_id, p.member_id, p.constituent_id,
             GREATEST(p.started_on, :qs) AS ws,
             LEAST(COALESCE(p.ended_on, :qe), :qe) AS we
      FROM pairing p
      WHERE p.tenant_id = ANY(:tenants) AND p.started_on <= :qe
        AND (p.ended_on IS NULL OR p.ended_on >= :qs)
    ), due AS MATERIALIZED (
      SELECT w.*, {columns}
             EXISTS (SELECT 1 FROM contact_constituent cc
                     WHERE cc.tenant_id = w.tenant_id AND cc.member_id = w.member_id
                       AND cc.constituent_id = w.constituent_id
                       AND cc.occurred_on BETWEEN w.ws AND w.we) AS contacted
      FROM w {join}
      WHERE w.we - w.ws + 1 >= :min_days {scope}
    )
"""
_WINDOWS = _WINDOW.format(
    columns="m.name AS member_name, m.sector_id, m.committee_id, m.activity_group_id,",
    join="JOIN member m ON m.tenant_id = w.tenant_id AND m.id = w.member_id",
    scope="{scope}")
# Every due pairing of the quarter with whether it was contacted (assessment/ counts these).
DUE_PAIRINGS = _WINDOW.format(columns="", join="", scope="")
_BY_TENANT = DUE_PAIRINGS + """
    SELECT tenant_id, count(*) AS due, count(*) FILTER (WHERE contacted) AS contacted,
           count(*) FILTER (WHERE NOT contacted AND we < :today) AS overdue
    FROM due GROUP BY tenant_id
"""


def _scope_sql(scope: MemberScope | None) -> tuple[str, dict]:
    if scope is None or scope.everyone:
        return "", {}
    parts, params = [], {}
    if scope.sector_ids:
        parts.append("m.sector_id = ANY(:scope_sectors)")
        params["scope_sectors"] = list(scope.sector_ids)
    if scope.member_id is not None:
        parts.append("m.id = :scope_member")
        params["scope_member"] = scope.member_id
    return " AND (" + (" OR ".join(parts) or "false") + ")", params


def _params(tenants: list[uuid.UUID], quarter: Quarter) -> dict:
    return {"tenants": tenants, "qs": quarter.start, "qe": quarter.end,
            "min_days": MIN_DAYS_DUE}


async def rollup(session: AsyncSession, tenants: list[uuid.UUID], quarter: Quarter,
                 today: date, scope: MemberScope | None = None, *,
                 breakdown: bool = True) -> Rollup:
    """Counts per tenant, and unless ``breakdown`` is off per sector, committee and activity
    group, in one query. Without the breakdown (a city's side-by-side view of its counties)
    the members are not joined at all: half the time at city scale (docs/benchmarks.md)."""
    if not breakdown and (scope is None or scope.everyone):
        result = Rollup()
        rows = await session.execute(text(_BY_TENANT), {**_params(tenants, quarter),
                                                        "today": today})
        for row in rows:
            counts = Counts(row.due, row.contacted, row.overdue)
            result.by_tenant[row.tenant_id] = counts
            for name in ("due", "contacted", "overdue"):
                setattr(result.total, name, getattr(result.total, name) + getattr(counts, name))
        return result
    scope_sql, scope_params = _scope_sql(scope)
    sql = _WINDOWS.format(scope=scope_sql) + """
        SELECT tenant_id, sector_id, committee_id, activity_group_id,
               GROUPING(sector_id) AS gs, GROUPING(committee_id) AS gc,
               GROUPING(activity_group_id) AS gg,
               count(*) AS due, count(*) FILTER (WHERE contacted) AS contacted,
               count(*) FILTER (WHERE NOT contacted AND we < :today) AS overdue
        FROM due
        GROUP BY GROUPING SETS ((tenant_id), (tenant_id, sector_id),
                                (tenant_id, committee_id), (tenant_id, activity_group_id))
    """
    rows = await session.execute(text(sql), {**_params(tenants, quarter), **scope_params,
                                             "today": today})
    result = Rollup()
    for row in rows:
        counts = Counts(row.due, row.contacted, row.overdue)
        if not row.gs:
            target, key = result.by_sector, row.sector_id
        elif not row.gc:
            target, key = result.by_committee, row.committee_id
        elif not row.gg:
            target, key = result.by_group, row.activity_group_id
        else:
            result.by_tenant[row.tenant_id] = counts
            for name in ("due", "contacted", "overdue"):
                setattr(result.total, name, getattr(result.total, name) + getattr(counts, name))
            continue
        if key is not None:
            merged = target.setdefault(key, Counts())
            merged.due += counts.due
            merged.contacted += counts.contacted
            merged.overdue += counts.overdue
    return result


@dataclass(frozen=True)
class Behind:
    tenant_id: uuid.UUID
    member_id: uuid.UUID
    constituent_id: uuid.UUID
    state: PairingState
    days_left: int | None


async def behind(session: AsyncSession, tenants: list[uuid.UUID], quarter: Quarter,
                 today: date, scope: MemberScope | None, *, offset: int,
                 limit: int) -> tuple[list[Behind], bool]:
    """Due pairings not yet contacted this quarter, by member name; one page."""
    scope_sql, scope_params = _scope_sql(scope)
    sql = _WINDOWS.format(scope=scope_sql) + """
        SELECT tenant_id, member_id, constituent_id, we
        FROM due WHERE NOT contacted
        ORDER BY member_name, member_id, constituent_id
        OFFSET :offset LIMIT :limit
    """
    rows = (await session.execute(text(sql), {**_params(tenants, quarter), **scope_params,
                                              "offset": offset, "limit": limit + 1})).all()
    items = []
    for row in rows[:limit]:
        open_ = row.we >= today
        items.append(Behind(row.tenant_id, row.member_id, row.constituent_id,
                            PairingState.not_yet if open_ else PairingState.overdue,
                            (quarter.end - today).days if open_ else None))
    return items, len(rows) > limit
