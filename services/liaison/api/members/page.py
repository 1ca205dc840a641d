"""What a members page selects, fetched before its fields resolve (issue 14).

``Tenant.members`` looks ahead at its selection: the page's members come with their sector in
one statement and, when ``pairings`` is asked for (active ones, as by default), the page's
active pairings with their constituents in one more. The caller's phone view and whose
pairings it may read are decided once for the page, not per row. The fields then answer from
``MemberPage`` (``answer_ahead``, straight from graphql-core); anything it does not hold
(ended pairings, a member whose pairings the caller may not read, a member viewer's paired
check) goes through the strawberry resolvers as ever.
"""

import uuid
from dataclasses import dataclass, field

from strawberry.types.nodes import SelectedField

from liaison import models
from liaison.api import plans
from liaison.api.context import Info
from liaison.api.plans import SLOW
from liaison.authz import policies
from liaison.authz.objects import Obj
from liaison.authz.policies import PhoneView
from liaison.context import ServiceContext
from liaison.db.pagination import Page
from liaison.members import rows


@dataclass(frozen=True)
class MemberPage:
    view: PhoneView
    pairings: dict[uuid.UUID, list] | None = None  # None: not fetched
    pairings_of: frozenset[uuid.UUID] = field(default_factory=frozenset)  # readable ones

    def member_phone(self, member) -> str | None:
        return self.view.member(member.id, member.phone)

    def active_pairings(self, member) -> list | None:
        """The member's active pairings with their constituents, or None when not held."""
        if self.pairings is None or member.id not in self.pairings_of:
            return None
        return self.pairings.get(member.id, [])

    def constituent_phone(self, constituent) -> str | None | type[NotImplemented]:
        """Clear or masked without looking anything up, or NotImplemented when the caller is
        a member (whether they are paired with this constituent is looked up as ever)."""
        if not self.view.all_clear and self.view.member_id is not None:
            return NotImplemented
        return self.view.constituent(constituent.phone, ())


def member_fields(info: Info) -> list[SelectedField]:
    """The fields selected on the page's members (``nodes`` and ``edges { node }``)."""
    def flat(selections):
        for s in selections:
            if isinstance(s, SelectedField):
                yield s
            else:
                yield from flat(s.selections)

    found = []
    for connection in info.selected_fields:
        for f in flat(connection.selections):
            if f.name == "nodes":
                found += flat(f.selections)
            elif f.name == "edges":
                found += (n for e in flat(f.selections) if e.name == "node"
                          for n in flat(e.selections))
    return found


def wants_active_pairings(selected: list[SelectedField]) -> bool:
    pairings = [f for f in selected if f.name in ("pairings", "activePairingCount")]
    return bool(pairings) and not any(f.arguments.get("includeEnded") for f in pairings)


async def prefetch(ctx: ServiceContext, tenant: models.Tenant, page: Page, *,
                   pairings: bool) -> MemberPage:
    """What the page's members hold: the caller's phone view and, when ``pairings`` (the
    selection asks for active pairings), the active pairings of every member whose pairings
    the caller may read."""
    principal = ctx.require_principal()
    view = policies.phone_view(principal, tenant.path)
    if not pairings:
        return MemberPage(view)
    scope = policies.readable_members(principal, tenant, Obj.pairing)
    readable = frozenset(m.id for m in page.items if scope.allows(m.id, m.sector_id))
    found = await rows.active_pairings(ctx, tenant.id, list(readable))
    return MemberPage(view, found, readable)


def answer_ahead(schema) -> None:
    """The members page's prefetched fields answered straight from graphql-core, past
    strawberry's wrapper for resolver fields (an ``Info`` built and arguments converted per
    field: ``bench/floor.py``-style, 3.5 ms with the wrapper, 1.8 ms without, for the page's
    shape), and by compiled plans (``api/compiled.py``). Only these fields, which have no
    permission classes and no extensions; what the page does not hold still goes through
    strawberry's resolver."""
    from liaison.api.organisation.types import Sector
    from liaison.api.pairings.types import Constituent, Pairing

    def held(member, args):
        if member.page is None or args.get("includeEnded"):
            return None
        return member.page.active_pairings(member.model)

    def pairings(member, args):
        found = held(member, args)
        if found is None:
            return SLOW
        return [Pairing.from_model(p, constituent=c, page=member.page) for p, c in found]

    def active_count(member, args):
        found = held(member, args)
        return SLOW if found is None else len(found)

    def constituent_phone(constituent, args):
        if constituent.page is None:
            return SLOW
        shown = constituent.page.constituent_phone(constituent.model)
        return SLOW if shown is NotImplemented else shown

    quick = {
        ("Member", "phone"): lambda m, a: SLOW if m.page is None
        else m.page.member_phone(m.model),
        ("Member", "sector"): lambda m, a: SLOW if m.page is None
        else Sector.from_model(rows.sector_of(m.model)),
        ("Member", "pairings"): pairings,
        ("Member", "activePairingCount"): active_count,
        ("Pairing", "constituent"): lambda p, a: SLOW if p.held is None
        else Constituent.from_model(p.held, p.page),
        ("Constituent", "phone"): constituent_phone,
    }
    plans.QUICK.update(quick)
    types = schema._schema.type_map
    for (type_name, field_name), answer in quick.items():
        field = types[type_name].fields[field_name]
        field.resolve = _either(answer, field.resolve)


def _either(answer, slow):
    def resolve(source, info, **args):
        value = answer(source, args)
        return slow(source, info, **args) if value is SLOW else value

    return resolve
