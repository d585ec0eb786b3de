"""Small text scans shared by the stages, written for speed on every document.

``occurrences`` replaces ``re.finditer(re.escape(name), text)``: every distinct
name would compile (and evict from re's cache) a pattern of its own, which on
a stream of varied documents costs more than the search itself.
``segments_with`` finds the sentences worth running a slow pattern over.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator


def occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` spans of ``needle`` in ``text``, left to right."""
    if not needle:
        return
    width = len(needle)
    at = text.find(needle)
    while at >= 0:
        yield at, at + width
        at = text.find(needle, at + width)


_SEGMENT_END = re.compile("[。！？；\n]")
# The last text's segment ends: several stages ask about the same document in turn.
_last_ends: tuple[str, list[int]] = ("", [])


def _segment_ends(text: str) -> list[int]:
    global _last_ends
    if _last_ends[0] is not text:
        _last_ends = (text, [m.end() for m in _SEGMENT_END.finditer(text)])
    return _last_ends[1]


def segments_with(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentence-like segments of ``text`` (split at 。！？； and line breaks) that
    contain a match of ``trigger``, as ``(start, end)`` in order.

    A pattern that cannot match without its trigger in the same segment need only
    run over these: a slow pattern then costs little on the many segments without.
    """
    ends = _segment_ends(text)
    segments: list[tuple[int, int]] = []
    for hit in trigger.finditer(text):
        i = bisect_right(ends, hit.start())
        start = ends[i - 1] if i > 0 else 0
        end = ends[i] if i < len(ends) else len(text)
        if not segments or segments[-1][0] != start:
            segments.append((start, end))
    return segments
