"""Order-independent grouping: union-find over nodes, linking two nodes only when
neither is ambiguous.

Resolution must not depend on the order documents arrive in, so links are
decided on the whole set of nodes of a block at once: nodes ``a`` and ``b`` are
linked when they are compatible and everything compatible with ``a`` (and with
``b``) is also mutually compatible. A mention that fits two different firms or
projects is therefore left on its own instead of being given to whichever came
first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

Node = TypeVar("Node")


class UnionFind:
    """Disjoint sets over ``0..n-1``; the smallest index is always the root."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return False
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        return True

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())


@dataclass
class Links:
    """The outcome of linking: sets, why each node joined, and what stayed ambiguous."""

    sets: UnionFind
    why: dict[int, str]
    neighbours: list[set[int]]  # every node each node was compatible with
    ambiguous: list[bool]  # compatible with two nodes that are not compatible with each other


def link_unambiguous(nodes: Sequence[Node], match: Callable[[Node, Node], str | None]) -> Links:
    """Link compatible, unambiguous nodes.

    ``match(a, b)`` returns the reason two nodes are the same thing, or None.
    ``nodes`` must be in a canonical order (sorted by content) for stable reasons.
    """
    size = len(nodes)
    reasons: dict[tuple[int, int], str] = {}
    neighbours: list[set[int]] = [set() for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            reason = match(nodes[i], nodes[j])
            if reason is not None:
                reasons[(i, j)] = reason
                neighbours[i].add(j)
                neighbours[j].add(i)
    unambiguous = [
        all(b in neighbours[a] for a in neighbours[i] for b in neighbours[i] if a < b)
        for i in range(size)
    ]
    sets = UnionFind(size)
    why: dict[int, str] = {}
    for (i, j), reason in sorted(reasons.items()):
        if unambiguous[i] and unambiguous[j]:
            sets.union(i, j)
            why.setdefault(j, reason)
            why.setdefault(i, reason)
    return Links(sets, why, neighbours, [not flag for flag in unambiguous])
