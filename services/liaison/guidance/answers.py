"""What a county's office does with an item sent to it: marks it read (已阅), answers it (text
and an optional attachment; again while it is not 办结) and marks it done (办结; a task or a
督办 item only once answered). Only the county's own office: the city above reads the copy but
answering for the county finds nothing. Each move is audited in the county."""

import uuid

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import ValidationFailed
from liaison.guidance import attachments, rules
from liaison.guidance.attachments import AttachmentRefused
from liaison.guidance.rules import ANSWER, Step
from liaison.guidance.service import access_target
from liaison.models import GuidanceTarget
from liaison.models.guidance import GuidanceKind, TargetState
from liaison.tenancy import clock
from liaison.validation import clean_text


def _next(target: GuidanceTarget, step: Step) -> TargetState:
    return rules.next_state(TargetState(target.state), step, GuidanceKind(target.kind))


async def mark_read(ctx: ServiceContext, target_id: uuid.UUID) -> GuidanceTarget:
    target = await access_target(ctx, target_id, Act.answer)
    state = _next(target, Step.read)
    if state is target.state:
        return target  # read already: nothing changes
    before = snapshot(target)
    target.state, target.read_at = state, clock.now()
    await audit.record_change(ctx, "guidance_read", target, before)
    return target


async def answer(ctx: ServiceContext, target_id: uuid.UUID, text: str | None,
                 attachment_id: uuid.UUID | None = None,
                 upload: tuple[str | None, bytes] | None = None) -> GuidanceTarget:
    """The answer replaces any earlier one; an upload is stored only when it is accepted."""
    target = await access_target(ctx, target_id, Act.answer)
    state = _next(target, Step.answer)
    text = clean_text(text)
    problems = [p for p in [ANSWER.required_problem(text)] if p is not None]
    attachment_id = await attachments.own_attachment(ctx, attachment_id, problems)
    if upload is not None:
        try:
            attachments.sniff(upload[1])
        except AttachmentRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise ValidationFailed(problems)
    if upload is not None:
        attachment_id = (await attachments.store(ctx, *upload)).id
    before, now = snapshot(target), clock.now()
    target.state, target.answer, target.answered_at = state, text, now
    target.answer_attachment_id = attachment_id
    target.read_at = target.read_at or now
    await audit.record_change(ctx, "guidance_answered", target, before)
    return target


async def finish(ctx: ServiceContext, target_id: uuid.UUID) -> GuidanceTarget:
    target = await access_target(ctx, target_id, Act.answer)
    state = _next(target, Step.finish)
    before, now = snapshot(target), clock.now()
    target.state, target.done_at = state, now
    target.read_at = target.read_at or now
    await audit.record_change(ctx, "guidance_done", target, before)
    return target
