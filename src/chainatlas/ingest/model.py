"""What ingestion hands on: raw documents as read, and the normalised form.

``RawDocument`` is one article as a reader found it (one file, or one line of a
JSON Lines file). ``NormalisedText`` is the cleaned Simplified-Chinese text with
its offset map back into the raw text, plus the metadata found on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chainatlas.textmap import OffsetMap


@dataclass
class RawDocument:
    origin: str  # file path, "path:line" for JSONL, "<stdin>"
    name: str  # short name: the file name without its extension (JSONL: name-line)
    text: str  # original text: decoded file text, or main text pulled from HTML
    format: str  # txt, md, html, docx, pdf, jsonl
    encoding: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None


@dataclass
class NormalisedText:
    text: str
    offset_map: OffsetMap
    published: date | None = None  # from a dateline in the text, if any
    source: str | None = None  # from a 来源: line in the text, if any
    removed: list[tuple[int, int, str]] = field(
        default_factory=list
    )  # original spans cut, with why


class IngestError(Exception):
    """A source that could not be read: ``where`` names file and line, ``reason`` the fault."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
