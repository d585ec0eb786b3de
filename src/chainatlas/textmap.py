"""Text with a character-level map back to the text it was derived from.

Normalisation (Traditional→Simplified, gloss removal, width folding, boilerplate
cutting) rewrites a document's text; every fact found in the rewritten text must
still point into the original. ``AlignedText`` carries, for every character of
the current text, the index of the original character it came from, and each
rewrite keeps that list in step. ``OffsetMap`` is its compact, storable form.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class OffsetMap:
    """Maps character offsets of a derived text back into its original text.

    ``runs`` holds ``(derived_start, original_start, length)`` triples in which
    ``length`` consecutive characters correspond one to one. Derived characters
    that fall between runs map to the original position of the run before them.
    """

    runs: tuple[tuple[int, int, int], ...]
    derived_length: int
    original_length: int
    # The runs' derived starts, for a C-level binary search (every evidence span of
    # every document is mapped through here).
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [run[0] for run in self.runs])

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(((0, 0, length),) if length else (), length, length)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span ``[start, end)`` of the derived span ``[start, end)``."""
        if start >= end:
            pos = self._position(start)
            return pos, pos
        first = self._position(start)
        last = self._position(end - 1) + 1
        return first, max(first, last)

    def _position(self, index: int) -> int:
        if not self.runs:
            return 0
        # last run whose derived_start <= index (the first run if none is)
        lo = max(bisect_right(self._starts, index) - 1, 0)
        d_start, o_start, length = self.runs[lo]
        if index < d_start:
            return o_start
        offset = min(index - d_start, max(length - 1, 0))
        return min(o_start + offset, max(self.original_length - 1, 0))

    def to_json(self) -> list[list[int]]:
        return [[self.derived_length, self.original_length], *[list(r) for r in self.runs]]

    @classmethod
    def from_json(cls, data: list[list[int]]) -> OffsetMap:
        (derived_length, original_length), *runs = data
        return cls(tuple((r[0], r[1], r[2]) for r in runs), derived_length, original_length)

    @classmethod
    def from_origins(cls, origins: Sequence[int], original_length: int) -> OffsetMap:
        # Vectorised: on multi-megabyte texts a Python loop over characters dominates
        # the whole normalisation time.
        if not origins:
            return cls((), 0, original_length)
        first, size = origins[0], len(origins)
        # Most texts lose nothing or only their head: one run, told by one C-level
        # comparison, which costs less than the array conversion below.
        if origins[-1] - first == size - 1 and origins == list(range(first, first + size)):
            return cls(((0, first, size),), size, original_length)
        values = np.asarray(origins, dtype=np.int64)
        breaks = np.flatnonzero(np.diff(values) != 1) + 1
        starts = np.concatenate(([0], breaks))
        lengths = np.diff(np.concatenate((starts, [values.size])))
        # tolist() first: converting numpy scalars one by one costs more than the rest.
        runs = tuple(zip(starts.tolist(), values[starts].tolist(), lengths.tolist(), strict=True))
        return cls(runs, int(values.size), original_length)


@dataclass
class AlignedText:
    """A text plus, for each of its characters, the index of its original character."""

    text: str
    origins: list[int]
    original_length: int

    @classmethod
    def of(cls, original: str) -> AlignedText:
        return cls(original, list(range(len(original))), len(original))

    def offset_map(self) -> OffsetMap:
        return OffsetMap.from_origins(self.origins, self.original_length)

    def _origin_at(self, index: int) -> int:
        if index < len(self.origins):
            return self.origins[index]
        return self.origins[-1] + 1 if self.origins else 0

    def replace_spans(self, edits: Iterable[tuple[int, int, str]]) -> AlignedText:
        """Apply non-overlapping ``(start, end, replacement)`` edits, in any order.

        A replacement of the same length as its span keeps a one-to-one map;
        otherwise every new character maps to the start of the replaced span.
        """
        pieces: list[str] = []
        origins: list[int] = []
        cursor = 0
        for start, end, new in sorted(edits):
            if start < cursor:
                raise ValueError(f"overlapping edit at {start}")
            pieces.append(self.text[cursor:start])
            origins.extend(self.origins[cursor:start])
            if len(new) == end - start:
                origins.extend(self.origins[start:end])
            else:
                origins.extend([self._origin_at(start)] * len(new))
            pieces.append(new)
            cursor = end
        pieces.append(self.text[cursor:])
        origins.extend(self.origins[cursor:])
        return AlignedText("".join(pieces), origins, self.original_length)

    def sub(
        self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
    ) -> AlignedText:
        """``re.sub`` that keeps the character map."""
        edits = []
        for m in pattern.finditer(self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new != m.group(0):
                edits.append((m.start(), m.end(), new))
        return self.replace_spans(edits) if edits else self

    def translate_chars(self, table: dict[int, str]) -> AlignedText:
        """``str.translate`` for one-to-one character tables (keeps the map exactly)."""
        new = self.text.translate(table)
        if len(new) != len(self.text):
            raise ValueError("translate_chars needs a one-to-one table")
        return AlignedText(new, self.origins, self.original_length)

    def slice(self, start: int, end: int) -> AlignedText:
        return AlignedText(self.text[start:end], self.origins[start:end], self.original_length)
