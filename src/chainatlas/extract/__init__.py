"""Extraction: turn a news text into typed facts with provenance.

``extract(text)`` is the public entry point; ``Extractor`` holds built stages
for many documents; ``extraction_to_json`` gives the JSON Lines shape.
"""

from __future__ import annotations

from datetime import date

from chainatlas.extract.model import Extraction
from chainatlas.extract.pipeline import DEFAULT_STAGES, Extractor
from chainatlas.extract.serialise import extraction_to_json

__all__ = ["DEFAULT_STAGES", "Extraction", "Extractor", "extract", "extraction_to_json"]

_default: Extractor | None = None


def default_extractor() -> Extractor:
    """The process-wide extractor with the default stages (built on first use)."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default


def extract(text: str, published: date | str | None = None) -> Extraction:
    """Extract everything from raw ``text``; ``published`` defaults to the text's dateline."""
    when = _as_date(published)
    return default_extractor().extract_raw(text, when)


def _as_date(published: date | str | None) -> date | None:
    if not isinstance(published, str):
        return published
    try:
        return date.fromisoformat(published)
    except ValueError:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD), got {published!r}") from None
