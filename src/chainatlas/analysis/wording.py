"""Chinese wording shared by the analysis reasons: amounts, statuses and node names."""

from __future__ import annotations

from chainatlas.extract.gazetteer import load_gazetteer

STATUS_VERBS = {
    "planned": "谋划",
    "negotiating": "洽谈",
    "signed": "签约",
    "construction": "开工建设",
    "trial": "试产",
    "operating": "投产",
}
EARLY_STATUSES = frozenset({"planned", "negotiating", "signed"})
ROLE_NAMES = {"chain_leader": "链主企业", "leading": "龙头企业"}


def place_label(code: str | None, name: str | None) -> str:
    """A county with its city, so readers far away know it: 宁德市蕉城区; else the name."""
    division = load_gazetteer().by_code(code) if code else None
    if division is None or division.name != name:
        return name or ""
    if division.level == "county" and division.city and division.city != division.name:
        return division.city + division.name
    return division.name
