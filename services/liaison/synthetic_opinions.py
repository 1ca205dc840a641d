"""Synthetic opinions (意见建议) for the benchmark data (``liaison.synthetic``).

About one contact in three brought an opinion: raised on the contact's day by the paired
constituent, through the member (their sector), in one of the tenant's categories. Its state
is drawn with fixed weights, and everything the state implies is there and dated in order,
never after today: an assignment (half of them to a committee, due 30 days after it was
raised), an outcome with the fields that outcome needs (a proposal number unique per tenant
and year …), a reply (not for 不予采纳) and the feedback to the people. A state whose steps
would fall after today stays at the last step that fits. A random generator of its own, so
that the rest of the data is the same as without opinions.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from liaison.models.opinions import DEFAULT_CATEGORIES, OpinionState, OutcomeKind

S, K = OpinionState, OutcomeKind
SHARE = 1 / 3  # of the contacts
STATE_WEIGHTS = {S.registered: 8, S.handling: 14, S.disposed: 10, S.replied: 10,
                 S.fed_back: 18, S.closed: 40}
OUTCOME_WEIGHTS = {K.proposal: 20, K.social_info: 25, K.speech: 5, K.referred: 35,
                   K.rejected: 15}
CATEGORY_WEIGHTS = (15, 30, 10, 12, 13, 15, 5)  # as DEFAULT_CATEGORIES
TOPICS = ("村道修缮", "路灯维护", "农田灌溉", "小区停车", "学校周边交通", "养老服务", "就医挂号",
          "垃圾分类", "河道治理", "农产品销售", "就业培训", "社区安全")
DEPARTMENTS = ("县交通运输局", "县住房和城乡建设局", "县农业农村局", "县卫生健康局",
               "县教育局", "县民政局")
SENT_TO = ("市政协办公室", "省政协办公厅")
DUE_DAYS = 30

CATEGORY_COLUMNS = ["tenant_id", "id", "name", "sort_order"]
OPINION_COLUMNS = [
    "tenant_id", "id", "title", "content", "category_id", "member_id", "contact_id",
    "sector_id", "urgency", "raised_on", "state", "committee_id", "due_on", "outcome_kind",
    "outcome_on", "proposal_year", "proposal_number", "outcome_title", "sent_to",
    "department", "rejection_reason", "reply_from", "replied_on", "reply_text",
    "feedback_how", "feedback_on", "feedback_by", "satisfied"]
PERSON_COLUMNS = ["tenant_id", "id", "opinion_id", "constituent_id"]
_STATES, _STATE_W = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
_KINDS, _KIND_W = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
_ORDER = list(S)


def categories(tenant_id: uuid.UUID) -> list[tuple]:
    """The tenant's categories, as the application seeds them."""
    return [(tenant_id, uuid.uuid4(), name, k) for k, name in enumerate(DEFAULT_CATEGORIES)]


@dataclass
class Opinions:
    """Makes the opinions of one tenant at a time from its contacts (``add``)."""

    rng: random.Random
    today: date
    rows: list = field(default_factory=list)
    people: list = field(default_factory=list)
    _numbers: dict = field(default_factory=dict)  # (tenant, year) -> proposals so far

    def add(self, tenant_id: uuid.UUID, members: list[tuple], links: list[tuple],
            category_ids: list[uuid.UUID], committee_ids: list[uuid.UUID]) -> None:
        """``members`` and ``links`` as ``synthetic.Batch`` holds them, of this tenant."""
        sectors = {m[1]: m[4] for m in members}
        rng = self.rng
        for _, contact_id, constituent_id, member_id, raised in links:
            if rng.random() >= SHARE:
                continue
            opinion_id = uuid.uuid4()
            category = rng.choices(category_ids, CATEGORY_WEIGHTS)[0]
            topic = rng.choice(TOPICS)
            row = {"title": f"关于{topic}的建议", "state": rng.choices(_STATES, _STATE_W)[0],
                   "content": f"群众反映{topic}方面的问题，希望尽快解决。"}
            self._handle(row, tenant_id, raised, committee_ids)
            row["state"] = row["state"].value
            row["outcome_kind"] = row["outcome_kind"].value if "outcome_kind" in row else None
            self.rows.append(
                (tenant_id, opinion_id, row["title"], row["content"], category, member_id,
                 contact_id, sectors[member_id], "urgent" if rng.random() < 0.1 else "normal",
                 raised, *(row.get(c) for c in OPINION_COLUMNS[10:])))
            self.people.append((tenant_id, uuid.uuid4(), opinion_id, constituent_id))

    def _handle(self, row: dict, tenant_id, raised: date, committee_ids) -> None:
        """Fill in the steps ``row["state"]`` implies, dated in order; stop at today."""
        rng, target = self.rng, _ORDER.index(row["state"])
        row["state"] = S.registered
        if target == 0:
            return
        row.update(state=S.handling, due_on=raised + timedelta(days=DUE_DAYS),
                   committee_id=rng.choice(committee_ids) if rng.random() < 0.5 else None)
        outcome_on = raised + timedelta(days=rng.randint(3, 40))
        if target == 1 or outcome_on > self.today:
            return
        kind = rng.choices(_KINDS, _KIND_W)[0]
        row.update(state=S.disposed, outcome_kind=kind, outcome_on=outcome_on,
                   **self._outcome(tenant_id, kind, outcome_on, row["title"]))
        last = outcome_on
        if target >= 3 and kind is not K.rejected:
            replied_on = outcome_on + timedelta(days=rng.randint(3, 30))
            if replied_on > self.today:
                return
            row.update(state=S.replied, reply_from=rng.choice(DEPARTMENTS),
                       replied_on=replied_on, reply_text="已研究办理，具体情况如下。")
            last = replied_on
        feedback_on = last + timedelta(days=rng.randint(1, 15))
        if target < 4 or feedback_on > self.today:
            return
        row.update(state=S.closed if target == 5 else S.fed_back, feedback_how="电话",
                   feedback_on=feedback_on, feedback_by="联络员", satisfied=rng.random() < 0.85)

    def _outcome(self, tenant_id, kind: OutcomeKind, on: date, title: str) -> dict:
        if kind is K.proposal:
            number = self._numbers[(tenant_id, on.year)] = \
                self._numbers.get((tenant_id, on.year), 0) + 1
            return {"proposal_year": on.year, "proposal_number": f"{on.year}-{number:04d}",
                    "outcome_title": title.replace("建议", "提案")}
        if kind is K.social_info:
            return {"outcome_title": title.replace("建议", "社情民意信息"),
                    "sent_to": self.rng.choice(SENT_TO)}
        if kind is K.speech:
            return {"outcome_title": title.replace("建议", "协商发言")}
        if kind is K.referred:
            return {"department": self.rng.choice(DEPARTMENTS)}
        return {"rejection_reason": "不属于政协履职范围"}
