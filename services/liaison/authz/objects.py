"""What permissions are about: objects and actions, named once. ``policy.csv`` uses the same
words; ``OBJECT_ACTIONS`` is read from it, so the two cannot drift apart."""

import csv
import enum
from pathlib import Path

POLICY = Path(__file__).with_name("policy.csv")


class Obj(enum.StrEnum):
    tenant = "tenant"
    organisation = "organisation"
    account = "account"
    role_assignment = "role_assignment"
    audit_log = "audit_log"
    member = "member"
    pairing = "pairing"
    phone = "phone"
    settings = "settings"
    contact = "contact"
    compliance = "compliance"
    filing = "filing"
    decision = "decision"
    opinion = "opinion"
    venue = "venue"  # venues, their rota, sessions and records, sector activities
    duty = "duty"  # a member's own duties at reception days
    guidance = "guidance"  # the city's guidance items to its counties
    evaluation = "evaluation"  # the people's year-end evaluation of their members
    assessment = "assessment"  # the annual liaison assessment per member
    disclosure = "disclosure"  # the public supervision snapshot


class Act(enum.StrEnum):
    read = "read"
    manage = "manage"
    review = "review"
    handle = "handle"  # opinions: move those assigned to one's committee
    record = "record"  # opinions: record outcomes, adoption and replies (integrations)
    guide = "guide"  # opinions: a city's guidance note on its counties' opinions
    answer = "answer"  # guidance: a county answers the items sent to it


def _object_actions() -> tuple[tuple[Obj, Act], ...]:
    """Every (object, action) some rule of policy.csv grants, in the file's order."""
    seen: dict[tuple[Obj, Act], None] = {}
    with POLICY.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, skipinitialspace=True):
            if row and row[0].strip() == "p":
                seen[(Obj(row[3].strip()), Act(row[4].strip()))] = None
    return tuple(seen)


OBJECT_ACTIONS = _object_actions()
