"""Text scans shared by the stages: occurrences and trigger segments."""

from __future__ import annotations

import re

import pytest

from chainatlas.extract.textscan import occurrences, segments_with


@pytest.mark.parametrize(
    ("text", "needle", "spans"),
    [
        ("澜禾镁业与澜禾镁业", "澜禾镁业", [(0, 4), (5, 9)]),
        ("aaaa", "aa", [(0, 2), (2, 4)]),  # non-overlapping, like re.finditer
        ("没有", "澜禾", []),
        ("任何", "", []),
        ("a+b(c)", "(c)", [(3, 6)]),  # no regex meaning
    ],
)
def test_occurrences(text: str, needle: str, spans: list[tuple[int, int]]) -> None:
    assert list(occurrences(text, needle)) == spans


def test_segments_with_a_trigger() -> None:
    text = "引进甲、乙等项目。今天开会。签约3个项目；\n最后一句等"
    found = segments_with(text, re.compile("等|[0-9]个"))
    assert [text[a:b] for a, b in found] == ["引进甲、乙等项目。", "签约3个项目；", "最后一句等"]


def test_segments_with_no_trigger() -> None:
    assert segments_with("今天开会。明天签约。", re.compile("等")) == []


def test_segments_with_follows_each_new_text() -> None:
    # segment ends are kept for the last text: a second text must not reuse them
    first = "甲等。乙。"
    second = "丙。丁等项目。"
    assert segments_with(first, re.compile("等")) == [(0, 3)]
    assert segments_with(first, re.compile("乙")) == [(3, 5)]
    assert segments_with(second, re.compile("等")) == [(2, 7)]
