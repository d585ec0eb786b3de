"""The JSON shape of an extraction: one JSON Lines object per document.

Keys follow ../shared/benchmark/GUIDE.md (``doc``, ``published``, ``regions``,
``companies``, ``projects``, ``amounts``) plus ``events``, ``figures`` and
``chains``; every item keeps its evidence as offsets and sentence.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from chainatlas.extract.model import Evidence, Extraction


def evidence_to_json(ev: Evidence) -> dict[str, Any]:
    return {
        "start": ev.start,
        "end": ev.end,
        "original_start": ev.original_start,
        "original_end": ev.original_end,
        "sentence": ev.sentence,
    }


def _item(obj: Any) -> dict[str, Any]:
    """A mention as a dict, its evidence (one or a list) in the compact form."""
    data: dict[str, Any] = asdict(obj)
    ev = getattr(obj, "evidence", None)
    if isinstance(ev, list):
        data["evidence"] = [evidence_to_json(e) for e in ev]
    elif isinstance(ev, Evidence):
        data["evidence"] = evidence_to_json(ev)
    return data


def extraction_to_json(extraction: Extraction, doc: str) -> dict[str, Any]:
    """The JSON Lines object of one document, in the shapes score.py reads."""
    return {
        "doc": doc,
        "published": extraction.published.isoformat() if extraction.published else None,
        "regions": [_item(r) for r in extraction.regions],
        "companies": [_item(c) for c in extraction.companies],
        "projects": [_item(p) for p in extraction.projects],
        "amounts": [_item(a) for a in extraction.amounts],
        "events": [_item(e) for e in extraction.events],
        "figures": [_item(f) for f in extraction.figures],
        "chains": list(extraction.chains),
    }
