"""Mapping every evidence span of an extraction back into the original text."""

from __future__ import annotations

from collections.abc import Iterator

from chainatlas.extract.model import (
    AmountMention,
    EventMention,
    Evidence,
    Extraction,
    FigureMention,
)
from chainatlas.textmap import OffsetMap


def iter_evidence(extraction: Extraction) -> Iterator[Evidence]:
    """Every evidence object an extraction holds, whatever the mention type."""
    for region in extraction.regions:
        yield from region.evidence
    for company in extraction.companies:
        yield from company.evidence
    for project in extraction.projects:
        yield from project.evidence
    singles: list[AmountMention | EventMention | FigureMention] = [
        *extraction.amounts,
        *extraction.events,
        *extraction.figures,
    ]
    for single in singles:
        if single.evidence is not None:
            yield single.evidence


def map_evidence_to_original(extraction: Extraction, offset_map: OffsetMap) -> None:
    """Fill ``original_start``/``original_end`` of every evidence span, in place."""
    for evidence in iter_evidence(extraction):
        evidence.original_start, evidence.original_end = offset_map.to_original(
            evidence.start, evidence.end
        )
