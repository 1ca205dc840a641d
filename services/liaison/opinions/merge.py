"""Merge several opinions on one matter into a lead (office): from then on they are handled
as one — one proposal or one 社情民意信息, one reply — and each keeps its own people and its
own feedback step (groups.py)."""

import uuid

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, ValidationFailed
from liaison.fields import OPINION
from liaison.models import Opinion
from liaison.models.opinions import OpinionState
from liaison.opinions import events, groups
from liaison.opinions.service import access_opinion
from liaison.validation import clean_text

MAX_MERGED = 50


async def merge(ctx: ServiceContext, lead_id: uuid.UUID, other_ids: list[uuid.UUID],
                note: str | None = None) -> Opinion:
    """Merge ``other_ids`` into ``lead_id``; each takes the lead's state, committee and due
    date, with a history entry naming the lead. Refused as a whole if any cannot be."""
    lead = await access_opinion(ctx, lead_id, Act.manage)
    others, problems = [], []
    note = clean_text(note) if note is not None else None
    if OPINION["note"].too_long(note):
        problems.append(OPINION["note"].problem())
    wanted = [i for i in groups.ids(other_ids) if i != lead.id]
    if not wanted:
        problems.append(FieldProblem("otherIds", "请选择要并入的意见建议"))
    if len(wanted) > MAX_MERGED:
        problems.append(FieldProblem("otherIds", f"一次最多并入 {MAX_MERGED} 件"))
        wanted = []
    if lead.merged_into_id is not None:
        problems.append(FieldProblem("leadId", "主件本身已并入其他意见建议"))
    if OpinionState(lead.state) not in groups.MERGEABLE:
        problems.append(FieldProblem("leadId", "主件已有办理结果，不能再并入"))
    for other_id in wanted:
        other = await access_opinion(ctx, other_id, Act.manage)
        if other.merged_into_id is not None:
            problems.append(FieldProblem("otherIds", f"《{other.title}》已并入其他意见建议"))
        elif OpinionState(other.state) not in groups.MERGEABLE:
            problems.append(FieldProblem("otherIds", f"《{other.title}》已有办理结果，不能并入"))
        elif await groups.is_lead(ctx.session, other):
            problems.append(FieldProblem("otherIds", f"《{other.title}》已有并入的意见建议"))
        others.append(other)
    if problems:
        raise ValidationFailed(problems)
    for other in others:
        before, from_state = snapshot(other), OpinionState(other.state)
        other.merged_into_id = lead.id
        other.state, other.committee_id, other.due_on = lead.state, lead.committee_id, \
            lead.due_on
        await events.record(ctx, other, from_state, f"并入《{lead.title}》" + (
            f"：{note}" if note else ""))
        await audit.record_change(ctx, "opinion_merged", other, before)
    await events.record(ctx, lead, OpinionState(lead.state),
                        f"并入 {len(others)} 件意见建议" + (f"：{note}" if note else ""))
    return lead
