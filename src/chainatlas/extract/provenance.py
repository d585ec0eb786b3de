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
    runs = offset_map.runs
    if len(runs) == 1 and runs[0][1] == 0 and runs[0][2] == offset_map.derived_length:
        # One run from the start with nothing cut or rewritten in length: offsets are
        # unchanged (a fast path for the common case; evidence ends past the run's end
        # would be clamped by ``to_original`` and are left to it).
        limit = min(offset_map.derived_length, offset_map.original_length)
        for evidence in iter_evidence(extraction):
            if evidence.start < evidence.end <= limit:
                evidence.original_start, evidence.original_end = evidence.start, evidence.end
            else:
                evidence.original_start, evidence.original_end = offset_map.to_original(
                    evidence.start, evidence.end
                )
        return
    # Spans repeat (one sentence is the evidence of a firm, its project and its amount).
    mapped: dict[tuple[int, int], tuple[int, int]] = {}
    for evidence in iter_evidence(extraction):
        span = (evidence.start, evidence.end)
        original = mapped.get(span)
        if original is None:
            original = mapped[span] = offset_map.to_original(*span)
        evidence.original_start, evidence.original_end = original
