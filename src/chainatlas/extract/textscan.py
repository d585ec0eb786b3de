"""Small text scans shared by the stages, written for speed on every document.

``occurrences`` replaces ``re.finditer(re.escape(name), text)``: every distinct
name would compile (and evict from re's cache) a pattern of its own, which on
a stream of varied documents costs more than the search itself.
"""

from __future__ import annotations

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
