"""A round's two posts: the office reissues lost slips (every unanswered code of the round or
of one member gets a new one; the answer is the new slips), and the chair or the leadership
group records the standing committee's review, which closes the round and freezes it.
Errors come back on the round's page next to their fields; nothing is written."""

import uuid
from datetime import date

from litestar import Request, Response, post

from liaison.console.evaluation import (
    chosen_format,
    make_slips,
    own_evaluation,
    round_page,
    slips_answer,
)
from liaison.console.forms import FORM, Form, attempt
from liaison.console.session import console_context
from liaison.console.views import see_other
from liaison.evaluation import service as evaluation

# The services' field names as this page's error keys ("_form" above the reissue form).
REISSUE_FIELDS = {"memberId": "reissue", FORM: "reissue", "roundId": "reissue"}


def _ids(values: list[str]) -> list[uuid.UUID]:
    """Checked members; a value that is no id is one no member has (the service says so)."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            ids.append(uuid.UUID(int=0))
    return ids


@post("/t/{code:str}/evaluation/{year:int}/reissue")
async def reissue(request: Request, code: str, year: int) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_evaluation(ctx, code)
        rnd = await evaluation.round_of_year(ctx, tenant, year)
        member_id = form.uuid("member")
        issued, errors = await attempt(ctx, lambda: evaluation.reissue(ctx, rnd.id, member_id))
        if errors:
            moved = {REISSUE_FIELDS.get(k, k): v for k, v in errors.items()}
            return await round_page(ctx, who, tenant, year, form=form.values, errors=moved,
                                    status=400)
        data = await make_slips(request, tenant, issued, chosen_format(form))
    return slips_answer(request, tenant, issued, data)


@post("/t/{code:str}/evaluation/{year:int}/review")
async def review(request: Request, code: str, year: int) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant = await own_evaluation(ctx, code)
        rnd = await evaluation.round_of_year(ctx, tenant, year)
        errors: dict[str, list[str]] = {}
        review_on = form.date("review_on", errors, "审议日期")
        if not errors:
            _, errors = await attempt(ctx, lambda: evaluation.review_and_close(
                ctx, rnd.id, evaluation.Review(
                    review_on=review_on or date.min, conclusion=form.values.get("text", ""),
                    commended=_ids(form.all("commended")), talks=_ids(form.all("talks")))))
        if errors:
            moved = {("reviewOn" if k == "review_on" else k): v for k, v in errors.items()}
            shown = {**form.values, "commended": form.all("commended"),
                     "talks": form.all("talks")}
            return await round_page(ctx, who, tenant, year, form=shown, errors=moved,
                                    status=400)
    return see_other(f"/t/{tenant.code}/evaluation/{year}")
