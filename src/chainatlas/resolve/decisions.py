"""User decisions — merges and splits of projects — applied on top of automatic grouping.

Decisions name projects by anchors, ``(document id, mention name)`` pairs, which
survive re-extraction (fact and project ids do not). They are applied in the
order they were made, after every automatic grouping, so a person's decision is
never silently overwritten: a split mention stays apart, merged projects stay one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chainatlas.resolve.mentions import ProjectFact

Anchor = tuple[int, str]


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str  # merge | split
    anchors: tuple[Anchor, ...]  # split: the mentions taken out; merge: the first project
    others: tuple[Anchor, ...] = ()  # merge: the second project

    def __post_init__(self) -> None:
        if self.kind not in ("merge", "split"):
            raise ValueError(f"decision {self.id}: unknown kind {self.kind!r} (merge or split)")


def apply_decisions(
    groups: list[list[int]],
    facts: Sequence[ProjectFact],
    reasons: list[str],
    decisions: Sequence[Decision],
) -> list[list[int]]:
    """Regroup fact indices as the decisions say; updates ``reasons`` of the moved facts."""
    current = [list(group) for group in groups]
    for decision in sorted(decisions, key=lambda d: d.id):
        if decision.kind == "split":
            current = _split(current, facts, reasons, decision)
        else:
            current = _merge(current, facts, reasons, decision)
    return sorted((sorted(g) for g in current if g), key=lambda g: g[0])


def _split(
    groups: list[list[int]], facts: Sequence[ProjectFact], reasons: list[str], decision: Decision
) -> list[list[int]]:
    wanted = set(decision.anchors)
    taken = sorted(i for group in groups for i in group if facts[i].anchor in wanted)
    if not taken:
        return groups
    for i in taken:
        reasons[i] = f"split off by user decision #{decision.id}"
    kept = [[i for i in group if i not in taken] for group in groups]
    return [*kept, taken]


def _merge(
    groups: list[list[int]], facts: Sequence[ProjectFact], reasons: list[str], decision: Decision
) -> list[list[int]]:
    first, second = set(decision.anchors), set(decision.others)
    hit_first = [g for g in groups if any(facts[i].anchor in first for i in g)]
    hit_second = [g for g in groups if any(facts[i].anchor in second for i in g)]
    if not hit_first or not hit_second:
        return groups
    joined = {id(g) for g in hit_first + hit_second}
    merged = sorted({i for g in hit_first + hit_second for i in g})
    base = min(hit_first, key=lambda g: min(g))
    for i in merged:
        if i not in base:
            reasons[i] = f"merged by user decision #{decision.id}"
    return [*(g for g in groups if id(g) not in joined), merged]
