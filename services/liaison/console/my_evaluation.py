"""群众评议 on a member's phone: their own result of each round — once the standing committee
has reviewed it, the answers per rating and the comments (no names, sorted by text), or
"too few to show" under three answers; while a round is open, that it is under way."""

from litestar import Request, get
from litestar.response import Template

from liaison.console.contacts import my_member
from liaison.console.session import console_context
from liaison.console.views import page, viewer
from liaison.evaluation import results
from liaison.models.guidance import RATING_LABELS, ROUND_STATE_LABELS


@get("/me/evaluation")
async def my_evaluation(request: Request) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant, member = await my_member(ctx)
        summaries = await results.member_summaries(ctx, tenant, member.id)
    return page("my_evaluation.html", viewer=who, member=member, summaries=summaries,
                ratings=RATING_LABELS, states=ROUND_STATE_LABELS, member_page=True)
