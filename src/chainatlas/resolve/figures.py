"""A project's investment figures: every stated total kept with its source, the one
shown, a conflict flag, and the increases (增资) that add to it.

The figure shown is the most recent one; between equally recent figures, the
most specific (more significant digits: 52.3亿 over 50亿).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainatlas.resolve.mentions import ProjectFact

# Increase of an existing investment: only the added amount counts.
INCREASE_WORDS = re.compile(r"增资|追加投资|追加投入|新增投资|增加投资|扩大投资")
# The amount right after the increase word; digits only, because the extractor
# has already turned Chinese numerals of the mention's own amount into yuan.
_ADDED = re.compile(
    r"(?:增资|追加投资|追加投入|新增投资|增加投资|扩大投资)(?:额)?(?:约|超|近|达)?"
    r"(\d+(?:\.\d+)?)\s*(亿|万)?元"
)
_UNITS = {"亿": 1e8, "万": 1e4, None: 1.0}
# Two figures closer than this share are the same figure written differently.
SAME_FIGURE = 0.005


@dataclass(frozen=True)
class Increase:
    added_cny: float | None  # None when the increase was not quantified
    stated: bool  # the amount was written next to the 增资 word (else: the mention's figure)
    fact: ProjectFact


@dataclass(frozen=True)
class InvestmentFigures:
    shown_cny: float | None
    conflict: bool
    totals: list[ProjectFact]  # mentions stating a total, oldest first
    increases: list[Increase]


def is_increase(fact: ProjectFact) -> bool:
    return bool(INCREASE_WORDS.search(fact.sentence))


def added_amount(fact: ProjectFact) -> tuple[float | None, bool]:
    """The amount added, and whether it was written next to the increase word."""
    match = _ADDED.search(fact.sentence)
    if match:
        return float(match.group(1)) * _UNITS[match.group(2)], True
    return fact.investment_cny, False


def same_figure(first: float, second: float) -> bool:
    return abs(first - second) <= SAME_FIGURE * max(first, second)


def _significant_digits(value: float) -> int:
    return len(f"{value:.6g}".replace(".", "").replace("-", "").strip("0"))


def investment_figures(facts: list[ProjectFact]) -> InvestmentFigures:
    totals = sorted(
        (f for f in facts if f.investment_cny is not None and not is_increase(f)),
        key=lambda f: f.order_key,
    )
    increases = [Increase(*added_amount(f), f) for f in facts if is_increase(f)]
    if not totals:
        return InvestmentFigures(None, False, [], increases)
    shown = max(
        totals,
        key=lambda f: (f.order_key[0], _significant_digits(f.investment_cny or 0), f.order_key),
    ).investment_cny
    values = [f.investment_cny for f in totals if f.investment_cny is not None]
    conflict = any(not same_figure(values[0], v) for v in values[1:])
    return InvestmentFigures(shown, conflict, totals, increases)
