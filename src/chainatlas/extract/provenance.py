"""Mapping every evidence span of an extraction back into the original text."""

from __future__ import annotations

from collections.abc import Iterator

from chainatlas.extract.model import Evidence, Extraction
from chainatlas.textmap import OffsetMap


def iter_evidence(extraction: Extraction) -> Iterator[Evidence]:
    """Every evidence object an extraction holds, whatever the mention type."""
    for mentions in (extraction.regions, extraction.companies, extraction.projects):
        for mention in mentions:
            yield from mention.evidence
    for single in (*extraction.amounts, *extraction.events, *extraction.figures):
        if single.evidence is not None:
            yield single.evidence


def map_evidence_to_original(extraction: Extraction, offset_map: OffsetMap) -> None:
    """Fill ``original_start``/``original_end`` of every evidence span, in place."""
    for evidence in iter_evidence(extraction):
        evidence.original_start, evidence.original_end = offset_map.to_original(
            evidence.start, evidence.end
        )
