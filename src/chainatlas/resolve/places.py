"""Region codes for resolution and filtering: place names to division codes, and
which codes contain which (a province contains its cities and counties).

A thin adapter over the division gazetteer of ``chainatlas.extract.gazetteer``,
loaded on first use; lookups are cached because the same few hundred place
names recur in every block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chainatlas.extract.gazetteer import load_gazetteer


@dataclass(frozen=True)
class Place:
    """A division a place name resolves to."""

    code: str
    name: str


@lru_cache(maxsize=65536)
def places_named(name: str) -> tuple[Place, ...]:
    """Every division (not zone) that ``name`` may refer to: 合肥 → 合肥市 340100."""
    if not name:
        return ()
    found = load_gazetteer().lookup(name)
    return tuple(
        sorted({Place(d.code, d.name) for d in found if d.level != "zone"}, key=lambda p: p.code)
    )


def place_named(name: str | None) -> Place | None:
    """The division ``name`` refers to, when it refers to exactly one."""
    if not name:
        return None
    found = places_named(name)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def name_of_code(code: str) -> str | None:
    division = load_gazetteer().by_code(code)
    return division.name if division else None


@lru_cache(maxsize=65536)
def leading_place(text: str) -> tuple[str, tuple[Place, ...]] | None:
    """The longest place name that starts ``text`` and leaves two characters or more."""
    for length in range(min(len(text) - 2, 8), 1, -1):
        found = places_named(text[:length])
        if found:
            return text[:length], found
    return None


def scope(code: str) -> str:
    """The code prefix shared by a division and everything inside it: 340000 → 34."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def compatible(first: str | None, second: str | None) -> bool:
    """Whether two regions may be the same place: unknown, equal, or one inside the other."""
    if not first or not second:
        return True
    a, b = scope(first), scope(second)
    return a.startswith(b) or b.startswith(a)


def specificity(code: str | None) -> int:
    """0 unknown, 1 province, 2 city, 3 county."""
    if not code:
        return 0
    return {2: 1, 4: 2}.get(len(scope(code)), 3)


def code_ranges(name: str) -> list[tuple[str, str]]:
    """Half-open code ranges ``[low, high)`` covering every division ``name`` may mean
    and everything inside it, for index-friendly region filters."""
    ranges: list[tuple[str, str]] = []
    for place in places_named(name):
        prefix = scope(place.code)
        ranges.append((prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))
    return ranges
