"""The GraphQL schema: queries and mutations merged from the domains, with extensions."""

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from liaison.api import guards, scalars
from liaison.api.accounts.mutations import AccountMutations
from liaison.api.accounts.queries import AccountQueries
from liaison.api.activities.mutations import SectorActivityMutations
from liaison.api.api_keys.mutations import ApiKeyMutations
from liaison.api.assessment.mutations import AssessmentMutations
from liaison.api.compiled import CompiledQueries
from liaison.api.contacts import mutations as contact_mutations
from liaison.api.contacts.mutations import ContactMutations
from liaison.api.decisions.mutations import DecisionMutations
from liaison.api.disclosure.mutations import DisclosureMutations
from liaison.api.evaluation.mutations import EvaluationMutations
from liaison.api.extensions import ErrorMasking, RequestTransaction
from liaison.api.filings.mutations import FilingMutations
from liaison.api.guidance.mutations import GuidanceMutations
from liaison.api.members import compiled as members_compiled
from liaison.api.members.mutations import MemberMutations
from liaison.api.members.page import answer_ahead
from liaison.api.members.queries import MemberQueries
from liaison.api.notifications.mutations import NotificationMutations
from liaison.api.opinions.handling import OpinionHandlingMutations
from liaison.api.opinions.mutations import OpinionMutations
from liaison.api.organisation.mutations import OrganisationMutations
from liaison.api.pairings.mutations import PairingMutations
from liaison.api.pairings.queries import PairingQueries
from liaison.api.tenants.queries import TenantQueries
from liaison.api.venues.duty_mutations import DutyMutations
from liaison.api.venues.feed_mutations import FeedMutations
from liaison.api.venues.mutations import VenueMutations
from liaison.api.venues.record_mutations import SessionRecordMutations

# One Query and one Mutation class per feature package (api/<feature>/), in this order: the
# order of the fields in the schema.
Query = merge_types("Query", (AccountQueries, TenantQueries, MemberQueries, PairingQueries))
Mutation = merge_types("Mutation", (
    AccountMutations, ApiKeyMutations, OrganisationMutations, MemberMutations, PairingMutations,
    ContactMutations, DecisionMutations, FilingMutations, NotificationMutations, OpinionMutations,
    OpinionHandlingMutations, VenueMutations, FeedMutations, DutyMutations, GuidanceMutations,
    SessionRecordMutations, SectorActivityMutations, EvaluationMutations,
    DisclosureMutations, AssessmentMutations))

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000

# The limiters' validation rules, built once. Each QueryDepthLimiter or MaxAliasesLimiter
# instance makes new rule classes, and the validation cache is keyed by the rules: made per
# request they made every request a cache miss (about 17 ms of validation per request).
LIMIT_RULES = (*QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
               *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
               *guards.RULES)


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Logging happens in ErrorMasking, with the request id; nothing more here."""


def build_schema(*, production: bool = False) -> strawberry.Schema:
    # Factories, not instances: each request gets fresh extension objects (the parse and
    # validation caches themselves live at module level, bounded in bytes: api/guards.py).
    extensions = [
        RequestTransaction,
        ErrorMasking,
        guards.DocumentCache,
        guards.InputGuard,
        lambda: AddValidationRules(list(LIMIT_RULES)),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        CompiledQueries,  # after InputGuard: its refusal stands
    ]
    if production:
        extensions.append(DisableIntrospection)
    schema = Schema(query=Query, mutation=Mutation, extensions=extensions,
                    scalar_overrides=scalars.OVERRIDES,
                    config=StrawberryConfig(auto_camel_case=True))
    answer_ahead(schema)
    members_compiled.register()
    contact_mutations.register()
    return schema
