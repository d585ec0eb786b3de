"""The contract every extraction stage follows, and the sentence splitter they share.

A stage is a small object built once (it may load a lexicon in ``__init__``)
and called once per document with an ``ExtractionContext``; it reads the text,
the sentences and what earlier stages found, and adds its own findings to
``context.result``. Stages are registered by name so that the pipeline is
configured by names, and an optional model-based stage can be slotted in later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from chainatlas.extract.model import Evidence, Extraction


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# Sentence ends: Chinese full stops, question/exclamation marks, semicolons and
# line breaks. Clause splitting (，、：) is left to the stages that need it.
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Split normalised text into sentences with their offsets (empty ones dropped)."""
    sentences: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if not m.group(0).startswith("\n") else m.start()
        _append(sentences, text, start, end)
        start = m.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


@dataclass
class ExtractionContext:
    """One document on its way through the stages."""

    text: str  # normalised, Simplified Chinese
    published: date | None
    sentences: list[Sentence]
    result: Extraction
    # Spans (start, end) of text that must not be read as facts, e.g. mojibake.
    masked: list[tuple[int, int]] = field(default_factory=list)

    def sentence_at(self, index: int) -> Sentence:
        """The sentence containing character ``index`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= index:
                lo = mid
            else:
                hi = mid - 1
        if not self.sentences:
            return Sentence(0, len(self.text), self.text)
        return self.sentences[lo]

    def evidence(self, start: int, end: int) -> Evidence:
        s = self.sentence_at(start)
        return Evidence(start=start, end=end, sentence=s.text, sentence_start=s.start)


class Stage(Protocol):
    """One step of extraction."""

    name: str

    def __call__(self, context: ExtractionContext) -> None: ...


StageFactory = Callable[[], Stage]
_REGISTRY: dict[str, StageFactory] = {}


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Class decorator: make a stage available to pipelines under ``name``."""

    def decorate(factory: StageFactory) -> StageFactory:
        if name in _REGISTRY:
            raise ValueError(f"extraction stage {name!r} is registered twice")
        _REGISTRY[name] = factory
        return factory

    return decorate


def stage_factory(name: str) -> StageFactory:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise KeyError(f"unknown extraction stage {name!r} (known: {known})") from None
