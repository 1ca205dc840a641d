"""The forms of an opinion's page, one post each: assign, record the outcome (one form per
kind of outcome), reply, feedback, close, reopen, hand back, adoption, merge others into it,
and a parent city's guidance note. Each is one service call in a savepoint: a refusal (an
illegal move included) changes nothing and comes back on the form that was sent."""

from datetime import date

from litestar import Request, Response, post

from liaison.console.forms import FORM, Form, attempt
from liaison.console.opinions import detail_page, opinion_in
from liaison.console.session import console_context
from liaison.console.views import parse_id, see_other
from liaison.errors import NotFound
from liaison.models.opinions import OutcomeKind
from liaison.opinions import merge, notes
from liaison.opinions import service as opinions
from liaison.opinions.rules import Move

MOVES = {"assign": Move.assign, "outcome": Move.record_outcome, "reply": Move.reply,
         "feedback": Move.feedback, "close": Move.close, "reopen": Move.reopen,
         "hand-back": Move.hand_back}
# The inputs of each form; a refusal naming anything else is shown above the form.
INPUTS = {"assign": {"committee", "due_on", "note"},
          "outcome": {"kind", "on", "proposal_number", "title", "sent_to", "department",
                      "rejection_reason", "note"},
          "reply": {"reply_from", "replied_on", "text"},
          "feedback": {"how", "feedback_on", "by", "satisfied", "note"},
          "close": {"note"}, "reopen": {"note"}, "hand-back": {"note"},
          "adopt": {"adopted_on", "instruction"}, "merge": {"others", "note"},
          "notes": {"text"}}
# The services' field names (as GraphQL's) → the inputs of these forms.
SERVICE_FIELDS = {"dueOn": "due_on", "outcomeKind": "kind", "outcomeOn": "on",
                  "proposalNumber": "proposal_number", "outcomeTitle": "title",
                  "sentTo": "sent_to", "rejectionReason": "rejection_reason",
                  "replyFrom": "reply_from", "repliedOn": "replied_on", "replyText": "text",
                  "feedbackHow": "how", "feedbackOn": "feedback_on", "feedbackBy": "by",
                  "feedbackNote": "note", "adoptedOn": "adopted_on", "otherIds": "others"}
OUTCOME_INPUTS = {OutcomeKind.proposal: {"proposal_number": "proposal_number",
                                         "outcome_title": "title"},
                  OutcomeKind.social_info: {"outcome_title": "title", "sent_to": "sent_to"},
                  OutcomeKind.speech: {"outcome_title": "title"},
                  OutcomeKind.referred: {"department": "department"},
                  OutcomeKind.rejected: {"rejection_reason": "rejection_reason"}}
SATISFIED = {"yes": True, "no": False}


def on_form(errors: dict[str, list[str]], action: str) -> dict[str, list[str]]:
    """The refusal as messages per input of the form ``action``."""
    shown: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = SERVICE_FIELDS.get(key, key)
        shown.setdefault(name if name in INPUTS[action] else FORM, []).extend(messages)
    return shown


def optional_date(form: Form, name: str, errors: dict, label: str) -> date | None:
    return form.date(name, errors, label) if form.text(name) else None


def move_values(action: str, form: Form, errors: dict) -> dict:
    """The service's values for the move ``action`` from its form (errors: what is unreadable
    before the service is asked)."""
    if action == "assign":
        return {"committee_id": form.uuid("committee"),
                "due_on": optional_date(form, "due_on", errors, "办理期限"),
                "note": form.text("note")}
    if action == "outcome":
        kind = form.text("kind")
        if kind not in set(OutcomeKind):
            errors.setdefault(FORM, []).append("请选择办理结果")
            return {}
        values = {key: form.text(name) for key, name in OUTCOME_INPUTS[OutcomeKind(kind)].items()}
        return {**values, "outcome_kind": OutcomeKind(kind), "note": form.text("note"),
                "outcome_on": optional_date(form, "on", errors, "办理日期")}
    if action == "reply":
        return {"reply_from": form.text("reply_from"), "reply_text": form.text("text"),
                "replied_on": form.date("replied_on", errors, "答复日期")}
    if action == "feedback":
        return feedback_values(form, errors)
    return {"note": form.text("note")}


def feedback_values(form: Form, errors: dict) -> dict:
    return {"feedback_how": form.text("how"), "feedback_by": form.text("by"),
            "feedback_on": form.date("feedback_on", errors, "反馈日期"),
            "satisfied": SATISFIED.get(form.text("satisfied") or ""),
            "feedback_note": form.text("note")}


def call_for(ctx, opinion, action: str, form: Form, errors: dict):
    """The service call the form ``action`` makes (None: refused before asking)."""
    if action in MOVES:
        values = move_values(action, form, errors)
        return None if errors else (
            lambda: opinions.move(ctx, opinion.id, MOVES[action], values))
    if action == "adopt":
        adopted_on = form.date("adopted_on", errors, "采用日期")
        return None if errors else (lambda: opinions.record_adoption(
            ctx, opinion.id, adopted_on, form.text("instruction")))
    if action == "merge":
        others = [parse_id(v, "意见建议") for v in form.all("others")]
        return lambda: merge.merge(ctx, opinion.id, others, form.text("note"))
    return lambda: notes.add_note(ctx, opinion.id, form.values.get("text", ""))


@post("/t/{code:str}/opinions/{opinion_id:str}/{action:str}")
async def opinion_action(request: Request, code: str, opinion_id: str,
                         action: str) -> Response:
    if action not in INPUTS:
        raise NotFound("页面", action)
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, opinion = await opinion_in(ctx, code, opinion_id)
        if action != "notes" and tenant.id != who.tenant.id:
            raise NotFound("意见建议", opinion_id)  # handled by its own tenant only
        errors: dict[str, list[str]] = {}
        call = call_for(ctx, opinion, action, form, errors)
        if call is not None:
            _, errors = await attempt(ctx, call)
        if errors:
            await ctx.session.refresh(opinion)
            kind = form.text("kind") if action == "outcome" else None
            return await detail_page(ctx, who, tenant, opinion, status=400,
                                     acting=f"{action}-{kind}" if kind else action,
                                     errors=on_form(errors, action), form=form.values)
    if action == "hand-back":  # no longer the committee's to read
        return see_other(f"/t/{tenant.code}/opinions")
    return see_other(f"/t/{tenant.code}/opinions/{opinion.id}")
