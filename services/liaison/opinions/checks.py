"""What each move of an opinion needs, checked before anything is written."""

from liaison.context import ServiceContext
from liaison.errors import FieldProblem
from liaison.fields import OPINION
from liaison.models import Opinion
from liaison.models.opinions import OutcomeKind
from liaison.models.organisation import Committee
from liaison.models.tenant import Tenant
from liaison.opinions import queries
from liaison.opinions.rules import Move
from liaison.tenancy import clock

# The fields each outcome needs (besides its date).
OUTCOME_FIELDS = {OutcomeKind.proposal: ("proposal_number", "outcome_title"),
                  OutcomeKind.social_info: ("outcome_title", "sent_to"),
                  OutcomeKind.speech: ("outcome_title",), OutcomeKind.referred: ("department",),
                  OutcomeKind.rejected: ("rejection_reason",)}


def required(values: dict, keys, problems: list[FieldProblem]) -> None:
    for key in keys:
        if not values.get(key):
            problems.append(FieldProblem(OPINION[key].graphql_name, f"请填写{OPINION[key].label}"))


async def check_move(ctx: ServiceContext, tenant: Tenant, opinion: Opinion, step: Move,
                     values: dict, note: str | None, problems: list[FieldProblem]) -> None:
    today = clock.today_in(tenant.timezone)
    if step is Move.assign:
        committee_id = values.get("committee_id")
        if committee_id is not None and await ctx.session.get(
                Committee, (tenant.id, committee_id)) is None:
            problems.append(FieldProblem("committeeId", "找不到该专门委员会"))
        if values.get("due_on") is not None and values["due_on"] < opinion.raised_on:
            problems.append(FieldProblem("dueOn", "办理期限不能早于提出日期"))
    elif step is Move.record_outcome:
        kind = values["outcome_kind"]
        required(values, OUTCOME_FIELDS[kind], problems)
        values["outcome_on"] = values.get("outcome_on") or today
        if values["outcome_on"] < opinion.raised_on:
            problems.append(FieldProblem("outcomeOn", "办理日期不能早于提出日期"))
        if kind is OutcomeKind.proposal and values.get("proposal_number"):
            values["proposal_year"] = values["outcome_on"].year
            if await queries.proposal_taken(ctx.session, opinion, values["proposal_year"],
                                            values["proposal_number"]):
                number, year = values["proposal_number"], values["proposal_year"]
                problems.append(FieldProblem("proposalNumber",
                                             f"提案号 {number} 在 {year} 年已被使用"))
    elif step is Move.reply:
        required(values, ("reply_from", "reply_text"), problems)
        if values["replied_on"] < opinion.raised_on:
            problems.append(FieldProblem("repliedOn", "答复日期不能早于提出日期"))
        if values["replied_on"] > today:
            problems.append(FieldProblem("repliedOn", "答复日期不能晚于今天"))
    elif step is Move.feedback:
        required(values, ("feedback_how", "feedback_by"), problems)
        earliest = opinion.replied_on or opinion.outcome_on or opinion.raised_on
        if values["feedback_on"] < earliest or values["feedback_on"] > today:
            problems.append(FieldProblem("feedbackOn", "反馈日期须在答复（或办理）之后、今天之前"))
    elif step is Move.reopen and not note:
        problems.append(FieldProblem("note", "请填写重新办理的原因"))
    elif step is Move.hand_back and not note:
        problems.append(FieldProblem("note", "请填写退回的原因"))
