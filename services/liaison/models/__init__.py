"""All models, imported so that ``Base.metadata`` knows every table."""

from liaison.models.account import Account, ApiKey, LoginThrottle, RateLimit, RoleAssignment
from liaison.models.assessment import AssessmentMark, AssessmentWeights, DisclosureSnapshot
from liaison.models.audit import AuditEntry
from liaison.models.contacts import (
    AnnualFiling,
    Contact,
    ContactConstituent,
    MajorDecision,
    Notification,
)
from liaison.models.guidance import (
    Attachment,
    EvaluationCode,
    EvaluationRound,
    GuidanceItem,
    GuidanceTarget,
)
from liaison.models.members import Constituent, LiaisonSettings, Member, Pairing, Term
from liaison.models.opinions import (
    Opinion,
    OpinionCategory,
    OpinionEvent,
    OpinionNote,
    OpinionPerson,
)
from liaison.models.organisation import ActivityGroup, Committee, Sector
from liaison.models.tenant import Tenant
from liaison.models.venues import (
    ActivityMember,
    ActivityPerson,
    ActivitySector,
    FeedToken,
    ReceptionSeries,
    ReceptionSession,
    SectorActivity,
    SessionDuty,
    SessionVisitor,
    Venue,
    VenueSector,
)

__all__ = ["Account", "ActivityGroup", "ActivityMember", "ActivityPerson", "ActivitySector",
           "AnnualFiling", "ApiKey", "AssessmentMark", "AssessmentWeights", "Attachment",
           "AuditEntry", "Committee", "Constituent", "Contact", "ContactConstituent",
           "DisclosureSnapshot", "EvaluationCode", "EvaluationRound", "FeedToken", "GuidanceItem",
           "GuidanceTarget", "LiaisonSettings", "LoginThrottle", "MajorDecision", "Member",
           "Notification", "Opinion", "OpinionCategory", "OpinionEvent", "OpinionNote",
           "OpinionPerson", "Pairing", "RateLimit", "ReceptionSeries", "ReceptionSession",
           "RoleAssignment", "Sector", "SectorActivity", "SessionDuty", "SessionVisitor", "Tenant",
           "Term", "Venue", "VenueSector"]
