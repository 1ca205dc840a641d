"""The assessment's arithmetic, pure: weights, the five components as 0..1 ratios, the score
and the ranks.

Components (each a ratio in 0..1, or *excluded* when the year gives it no basis):

- ``quarters``: of the year's quarters (up to the current one while the year runs) in which
  the member had at least one due pairing, the share in which every due pairing was contacted
  (compliance's rule, ``compliance/queries.py``). No due pairing in any quarter: excluded.
- ``filings``: 0.5 for the plan and 0.5 for the report submitted on time (submitted or
  accepted, not late; a returned or missing filing earns nothing). Never excluded.
- ``opinions``: converted opinions raised in the year (into a proposal, social information or
  referred to a department), against a target of ``OPINION_TARGET`` a year:
  ``min(converted / 2, 1)``. Never excluded.
- ``duties``: reception-day duties at the year's held sessions that were not declined, over
  all duties at those sessions. No duty at a held session: excluded.
- ``evaluation``: the people's satisfaction in the year's round once it is closed,
  ``(满意 + 0.5 × 基本满意) / answers``. No closed round, or fewer than ``MIN_ANSWERS``
  answers: excluded.

Score: ``Σ weight × ratio`` over the included components, the weights renormalised so the
included ones sum to 100 (a component without basis neither rewards nor punishes); 0..100,
one decimal, half up. Every component's points are shown on that same renormalised basis.
Ranks: competition ranking by score (ties share a rank, the next rank skips: 1, 1, 3).
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from liaison.errors import FieldProblem, ValidationFailed

COMPONENTS = ("quarters", "filings", "opinions", "duties", "evaluation")
LABELS = {"quarters": "季度联系全覆盖", "filings": "计划和报告按时报送",
          "opinions": "意见建议转化", "duties": "接待日值班", "evaluation": "群众评议"}
OPINION_TARGET = 2
MIN_ANSWERS = 3


@dataclass(frozen=True)
class Weights:
    quarters: int = 40
    filings: int = 20
    opinions: int = 15
    duties: int = 15
    evaluation: int = 10

    def of(self, name: str) -> int:
        return getattr(self, name)


DEFAULT_WEIGHTS = Weights()


def check_weights(weights: Weights) -> None:
    """Non-negative whole percentages summing to 100; raises ValidationFailed otherwise."""
    problems = [FieldProblem(name, f"{LABELS[name]}的权重不能为负数")
                for name in COMPONENTS if weights.of(name) < 0]
    problems += [FieldProblem(name, f"{LABELS[name]}的权重不能超过 100")
                 for name in COMPONENTS if weights.of(name) > 100]
    if not problems and sum(weights.of(n) for n in COMPONENTS) != 100:
        problems.append(FieldProblem("weights", "各项权重之和必须等于 100"))
    if problems:
        raise ValidationFailed(problems)


@dataclass(frozen=True)
class Facts:
    """One member's year, as counted."""

    quarters_due: int = 0  # quarters with at least one due pairing
    quarters_complete: int = 0  # of those, quarters with every due pairing contacted
    plan_on_time: bool = False
    report_on_time: bool = False
    converted: int = 0
    duties_assigned: int = 0
    duties_served: int = 0
    satisfied: int = 0
    fairly: int = 0
    unsatisfied: int = 0
    round_closed: bool = False

    @property
    def answers(self) -> int:
        return self.satisfied + self.fairly + self.unsatisfied


def ratios(facts: Facts) -> dict[str, Fraction | None]:
    """Each component's ratio, None where excluded."""
    return {
        "quarters": (Fraction(facts.quarters_complete, facts.quarters_due)
                     if facts.quarters_due else None),
        "filings": Fraction(int(facts.plan_on_time) + int(facts.report_on_time), 2),
        "opinions": min(Fraction(facts.converted, OPINION_TARGET), Fraction(1)),
        "duties": (Fraction(facts.duties_served, facts.duties_assigned)
                   if facts.duties_assigned else None),
        "evaluation": (Fraction(2 * facts.satisfied + facts.fairly, 2 * facts.answers)
                       if facts.round_closed and facts.answers >= MIN_ANSWERS else None),
    }


def one_decimal(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Component:
    name: str
    weight: int  # the tenant's weight
    ratio: Fraction | None  # None: excluded
    points: Decimal | None  # weight renormalised × ratio, one decimal

    @property
    def label(self) -> str:
        return LABELS[self.name]


def score(weights: Weights, facts: Facts) -> tuple[Decimal, list[Component]]:
    parts = ratios(facts)
    basis = sum(weights.of(n) for n, r in parts.items() if r is not None)
    total = Fraction(0)
    components = []
    for name in COMPONENTS:
        ratio = parts[name]
        points = None
        if ratio is not None:
            exact = Fraction(weights.of(name) * 100, basis) * ratio if basis else Fraction(0)
            total += exact
            points = one_decimal(exact)
        components.append(Component(name, weights.of(name), ratio, points))
    return one_decimal(total), components


def ranks(items: Iterable, key: Callable, group: Callable[..., Hashable] = lambda _: None
          ) -> dict[int, int]:
    """Competition ranks by ``key`` descending within each ``group``: {id(item): rank}."""
    by_group: dict[Hashable, list] = {}
    for item in items:
        by_group.setdefault(group(item), []).append(item)
    result = {}
    for members in by_group.values():
        ordered = sorted(members, key=key, reverse=True)
        for i, item in enumerate(ordered):
            same = i and key(ordered[i - 1]) == key(item)
            result[id(item)] = result[id(ordered[i - 1])] if same else i + 1
    return result


def fact_texts(facts: Facts) -> dict[str, str]:
    """Each component's raw fact as the breakdown shows it."""
    done = {True: "按时", False: "未按时"}
    evaluation = (f"满意{facts.satisfied} 基本满意{facts.fairly} 不满意{facts.unsatisfied}"
                  if facts.round_closed else "评议未结束")
    if facts.round_closed and facts.answers < MIN_ANSWERS:
        evaluation += "（少于3份，不计入）"
    return {
        "quarters": (f"{facts.quarters_complete}/{facts.quarters_due} 个季度"
                     if facts.quarters_due else "无应联系季度（不计入）"),
        "filings": f"计划{done[facts.plan_on_time]}，报告{done[facts.report_on_time]}",
        "opinions": f"转化 {facts.converted} 件（目标 {OPINION_TARGET} 件）",
        "duties": (f"{facts.duties_served}/{facts.duties_assigned} 次"
                   if facts.duties_assigned else "无值班安排（不计入）"),
        "evaluation": evaluation,
    }
