"""The members page as a compiled plan (``api/plans.py``, run by ``api/compiled.py``):
``tenant(code) { members(…) { … } }`` answered by the same domain calls as the resolvers,
with the selection walked by the plan instead of graphql-core. A filter, a refusal or
anything the page does not hold falls back to the resolvers."""

from liaison.api import plans
from liaison.api.members.fields import members_page
from liaison.api.members.queries import to_filter
from liaison.api.plans import Fallback, Field
from liaison.api.tenants.types import Tenant
from liaison.tenancy import service as directory

PAIRING_FIELDS = ("pairings", "activePairingCount")


async def tenant(context, _root, field: Field, variables) -> dict | None:
    """``Query.tenant``: null when the caller may not see it, as the resolver answers."""
    ctx = context.service
    if ctx.principal is None:
        raise Fallback  # the resolver's permission class says why
    row = await directory.find_tenant(ctx, field.arguments(variables)["code"])
    if row is None:
        return None
    return await field.children.run(context, Tenant.from_model(row), variables)


async def members(context, tenant_: Tenant, field: Field, variables) -> dict | None:
    """``Tenant.members`` without a filter (with one: the resolver)."""
    arguments = field.arguments(variables)
    if arguments.get("filter") is not None:
        raise Fallback
    found = await members_page(context.service, tenant_.model, to_filter(None),
                               arguments.get("sort"), first=arguments["first"],
                               after=arguments.get("after"), pairings=_wants_pairings(field))
    return await field.children.run(context, found, variables)


def _wants_pairings(field: Field) -> bool:
    members = field.below("nodes") + field.below("edges", "node")
    selected = [f for m in members for f in m.children.fields if f.name in PAIRING_FIELDS]
    return bool(selected) and not any(f.arguments().get("includeEnded") for f in selected)


async def total_count(_context, source, _field: Field, _variables) -> int | None:
    return await source.count() if source.count else None


def register() -> None:
    plans.ASYNC.update({("Query", "tenant"): tenant, ("Tenant", "members"): members,
                           ("MemberConnection", "totalCount"): total_count})
