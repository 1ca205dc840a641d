"""Phone visibility, the one rule for GraphQL, exports and both forms (authz.policies.PhoneView):
clear for the tenant's office, the member themself and, for a paired person, the member
paired with them now; masked (138****5678) for everyone else. The clear number never leaves
the server otherwise."""

from liaison.authz import policies
from liaison.authz.policies import PhoneView
from liaison.context import ServiceContext


def view(ctx: ServiceContext, tenant_path: str) -> PhoneView:
    return policies.phone_view(ctx.require_principal(), tenant_path)


def needs_pairings(view: PhoneView) -> bool:
    """Whether a constituent's pairings must be looked up to decide (only for a member)."""
    return not view.all_clear and view.member_id is not None
