"""Tests for mapping evidence spans back into the original text."""

from __future__ import annotations

import pytest

from chainatlas.extract.model import CompanyMention, Evidence, Extraction
from chainatlas.extract.provenance import map_evidence_to_original
from chainatlas.textmap import OffsetMap


def _mapped(offset_map: OffsetMap, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    evidence = [Evidence(s, e, "", 0) for s, e in spans]
    extraction = Extraction(published=None)
    extraction.companies.append(CompanyMention(name="甲", evidence=evidence))
    map_evidence_to_original(extraction, offset_map)
    return [(int(ev.original_start or 0), int(ev.original_end or 0)) for ev in evidence]


@pytest.mark.parametrize(
    ("offset_map", "spans"),
    [
        # the fast path: nothing cut, offsets unchanged
        (OffsetMap.identity(20), [(0, 3), (5, 9), (5, 9), (19, 20)]),
        # original longer than the derived text (a trimmed tail)
        (OffsetMap(((0, 0, 10),), 10, 14), [(2, 4), (9, 10)]),
        # a head cut: every span shifts, repeated spans answered alike
        (OffsetMap(((0, 6, 10),), 10, 16), [(0, 2), (3, 7), (3, 7)]),
        # two runs with a gap between them
        (OffsetMap(((0, 0, 5), (5, 9, 5)), 10, 14), [(1, 3), (4, 7), (6, 10)]),
        # empty and past-the-end spans still go through the general mapping
        (OffsetMap.identity(8), [(4, 4), (6, 12)]),
    ],
)
def test_evidence_maps_as_the_offset_map_does(
    offset_map: OffsetMap, spans: list[tuple[int, int]]
) -> None:
    assert _mapped(offset_map, spans) == [offset_map.to_original(s, e) for s, e in spans]


def test_head_cut_shifts_spans() -> None:
    assert _mapped(OffsetMap(((0, 6, 10),), 10, 16), [(3, 7)]) == [(9, 13)]
