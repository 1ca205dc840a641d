"""All models, imported so that ``Base.metadata`` knows every table."""

from liaison.models.account import Account, RoleAssignment
from liaison.models.audit import AuditEntry
from liaison.models.members import Constituent, LiaisonSettings, Member, Pairing, Term
from liaison.models.organisation import ActivityGroup, Committee, Sector
from liaison.models.tenant import Tenant

__all__ = ["Account", "ActivityGroup", "AuditEntry", "Committee", "Constituent",
           "LiaisonSettings", "Member", "Pairing", "RoleAssignment", "Sector", "Tenant", "Term"]
