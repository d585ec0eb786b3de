"""Regions for analysis filters: a province, city, county or zone given by name, short
name or 6-digit code, and the test of whether a project or firm lies inside it.

A division contains everything whose code shares its prefix (34 for 安徽省, 3417 for
池州市), so a province aggregates its cities and counties. Zones (开发区, 高新区)
carry their city's code in the gazetteer, so they match by name only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rapidfuzz import fuzz, process

from chainatlas.analysis.errors import UnknownRegionError
from chainatlas.extract.gazetteer import Division, load_gazetteer
from chainatlas.resolve.places import scope

_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3}


@dataclass(frozen=True)
class RegionScope:
    """A region an analysis is about, with what it contains."""

    name: str
    code: str
    level: str  # province | city | county | zone
    province: str | None
    city: str | None
    prefix: str  # code prefix shared by every division inside; empty for zones

    def contains(self, region_code: str | None, region_name: str | None) -> bool:
        """Whether a place (a project's or firm's code and name) lies in this region."""
        if self.prefix and region_code and region_code.startswith(self.prefix):
            return True
        return bool(region_name) and region_name == self.name

    @property
    def label(self) -> str:
        """The name with its parents, for people: 安徽省池州市青阳县."""
        parents = [p for p in (self.province, self.city) if p and p != self.name]
        return "".join(dict.fromkeys([*parents, self.name]))

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "label": self.label}


def resolve_region(text: str) -> RegionScope:
    """The region ``text`` names: 青阳县, 青阳, 341723, 安徽, 苏州工业园区.

    A name shared by divisions of different levels means the highest (吉林 → 吉林省);
    a name shared at one level (朝阳区) is ambiguous and asks for the code.
    """
    query = text.strip()
    gazetteer = load_gazetteer()
    if query.isdigit() and len(query) == 6:
        division = gazetteer.by_code(query)
        if division is None:
            raise UnknownRegionError(f"no division has the code {query!r}")
        return _scope(division)
    found = {(d.code, d.name): d for d in gazetteer.lookup(query)}
    if not found:
        raise UnknownRegionError(f"unknown region {text!r}", _close_names(query))
    divisions = sorted(found.values(), key=lambda d: (_LEVEL_RANK[d.level], d.code))
    top = [d for d in divisions if d.level == divisions[0].level]
    if len(top) > 1:
        options = [f"{d.name} {d.code} ({_parents(d)})" for d in top]
        raise UnknownRegionError(f"region {text!r} is ambiguous; give its 6-digit code", options)
    return _scope(top[0])


def _scope(division: Division) -> RegionScope:
    return RegionScope(
        name=division.name,
        code=division.code,
        level=division.level,
        province=division.province,
        city=division.city,
        prefix="" if division.level == "zone" else scope(division.code),
    )


def _parents(division: Division) -> str:
    return "".join(dict.fromkeys(p for p in (division.province, division.city) if p)) or "—"


def _close_names(query: str, limit: int = 5) -> list[str]:
    # rapidfuzz rather than difflib: the gazetteer holds a few thousand names and this
    # runs on every mistyped region.
    names = sorted({d.name for d in load_gazetteer().divisions})
    matches = process.extract(query, names, scorer=fuzz.ratio, limit=limit, score_cutoff=50)
    return [name for name, _, _ in matches]
