"""AlignedText keeps every character mapped to its original; OffsetMap stores that map."""

from __future__ import annotations

import re

import pytest

from chainatlas.textmap import AlignedText, OffsetMap


def test_identity_maps_every_span_to_itself() -> None:
    m = OffsetMap.identity(10)
    assert m.to_original(2, 5) == (2, 5)
    assert m.to_original(0, 10) == (0, 10)


@pytest.mark.parametrize(
    ("origins", "runs"),
    [
        ([], ()),
        ([0, 1, 2], ((0, 0, 3),)),
        ([4, 5, 6, 7], ((0, 4, 4),)),  # a head cut: one run, not from zero
        ([0, 0, 2], ((0, 0, 1), (1, 0, 1), (2, 2, 1))),  # first and last agree, the middle does not
        ([0, 1, 2, 5, 6, 6, 7, 10], ((0, 0, 3), (3, 5, 2), (5, 6, 2), (7, 10, 1))),
    ],
)
def test_runs_compress_consecutive_origins(origins: list[int], runs: tuple[object, ...]) -> None:
    assert OffsetMap.from_origins(origins, 12).runs == runs


def test_deleting_text_keeps_later_spans_on_their_words() -> None:
    original = "產(chǎn)業(yè)鏈招商"
    aligned = AlignedText.of(original).sub(re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)"), "")
    assert aligned.text == "產業鏈招商"
    start = aligned.text.index("招商")
    o_start, o_end = aligned.offset_map().to_original(start, start + 2)
    assert original[o_start:o_end] == "招商"


def test_same_length_replacement_is_one_to_one() -> None:
    aligned = AlignedText.of("ＡＢＣ公司").translate_chars({0xFF21: "A", 0xFF22: "B", 0xFF23: "C"})
    assert aligned.text == "ABC公司"
    assert aligned.offset_map().to_original(1, 3) == (1, 3)


def test_longer_replacement_maps_to_the_replaced_span() -> None:
    aligned = AlignedText.of("x&amp;y").replace_spans([(1, 6, "&")])
    assert aligned.text == "x&y"
    m = aligned.offset_map()
    assert m.to_original(2, 3) == (6, 7)
    assert m.to_original(1, 2) == (1, 2)


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        AlignedText.of("abcdef").replace_spans([(0, 3, "x"), (2, 4, "y")])


def test_json_round_trip() -> None:
    m = OffsetMap.from_origins([0, 1, 2, 5, 6], 7)
    again = OffsetMap.from_json(m.to_json())
    assert again == m
    assert again.to_original(3, 5) == (5, 7)
