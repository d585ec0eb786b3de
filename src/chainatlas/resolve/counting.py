"""Counting rules: how projects add up to region and chain totals, and why.

- A project is counted once, however many articles and stories mention it: the
  unit is the resolved project, never the mention.
- Its amount is its shown total investment (the most recent stated figure; when
  figures conflict the others stay on record) plus each distinct increase
  (增资, 追加投资) — of an increase only the added amount counts.
- A phase (一期, 二期 …) is its own project and counts its own amount; the
  whole project it belongs to counts only what its phases do not
  (its total minus theirs, never below zero), so the sum is the larger of the two.
- A project whose owner changes is a new project (the owner is part of a
  project's identity), so it is counted again under its new owner.
- A project without any stated figure counts in the number of projects with
  no amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from chainatlas.formatting import format_amount
from chainatlas.resolve.figures import InvestmentFigures, same_figure

RULES = (
    "each project counted once, not once per article",
    "amount = shown total investment + distinct increases (增资: the added amount only)",
    "phases count their own amounts; their whole project counts only the rest",
    "a change of owner makes a new project",
)


@dataclass(frozen=True)
class CountedAmount:
    counted_cny: float | None
    why: str


def counted_amount(figures: InvestmentFigures) -> CountedAmount:
    """The amount one project adds to a total, with the reason."""
    added: list[float] = []
    for increase in figures.increases:
        value = increase.added_cny
        if value is not None and not increase.stated and figures.shown_cny is not None:
            # No amount next to the 增资 word: the mention's figure is the new total.
            value = value - figures.shown_cny if value > figures.shown_cny else None
        if value is not None and not any(same_figure(value, seen) for seen in added):
            added.append(value)
    parts: list[str] = []
    if figures.shown_cny is not None:
        stated = len(figures.totals)
        note = f"total investment {format_amount(figures.shown_cny)}"
        if stated > 1:
            note += f" (most recent of {stated} stated figures"
            note += ", which conflict)" if figures.conflict else ")"
        parts.append(note)
    parts.extend(f"增资 +{format_amount(value)}" for value in added)
    if not parts:
        return CountedAmount(None, "no investment figure stated: counted without an amount")
    return CountedAmount((figures.shown_cny or 0.0) + sum(added), " + ".join(parts))


def without_phases(whole: CountedAmount, phases: list[CountedAmount]) -> CountedAmount:
    """What a whole project counts once its phases count their own amounts."""
    counted = sum(p.counted_cny or 0.0 for p in phases)
    if whole.counted_cny is None or counted == 0:
        return whole
    rest = max(whole.counted_cny - counted, 0.0)
    return CountedAmount(rest, f"{whole.why} − {format_amount(counted)} counted by its phases")


@dataclass(frozen=True)
class CountableProject:
    """What a total needs of a resolved project."""

    project_id: int
    name: str
    counted_cny: float | None
    counted_why: str


@dataclass(frozen=True)
class CountedProject:
    project_id: int
    name: str
    counted_cny: float
    why: str


@dataclass
class Total:
    """A total with every project it counted and why."""

    projects: int = 0
    amount_cny: float = 0.0
    items: list[CountedProject] = field(default_factory=list)
    rules: tuple[str, ...] = RULES

    def to_json(self) -> dict[str, object]:
        return {
            "projects": self.projects,
            "amount_cny": self.amount_cny,
            "rules": list(self.rules),
            "items": [item.__dict__ for item in self.items],
        }


def total(projects: Iterable[CountableProject]) -> Total:
    """Add up projects under the counting rules; a project listed twice counts once."""
    result = Total()
    seen: set[int] = set()
    for project in sorted(projects, key=lambda p: p.project_id):
        if project.project_id in seen:
            continue
        seen.add(project.project_id)
        amount = project.counted_cny or 0.0
        result.projects += 1
        result.amount_cny += amount
        result.items.append(
            CountedProject(project.project_id, project.name, amount, project.counted_why)
        )
    return result
