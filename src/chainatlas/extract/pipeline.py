"""The extraction pipeline: named stages run in order over one normalised document.

Importing this module imports the stage modules, which registers their stages
by name; building an ``Extractor`` builds each named stage once. Stages load
their lexicons lazily, so neither import nor construction reads big data.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from datetime import date

from chainatlas.extract.base import ExtractionContext, Stage, split_sentences, stage_factory
from chainatlas.extract.doccache import new_document
from chainatlas.extract.model import Extraction
from chainatlas.extract.provenance import map_evidence_to_original
from chainatlas.ingest.model import NormalisedText

DEFAULT_STAGES: tuple[str, ...] = (
    "companies",
    "regions",
    "amounts",
    "projects",
    "chains",
    "events",
    "figures",
)

# Importing these modules registers the default stages by name.
_STAGE_MODULES = (
    "chainatlas.extract.companies",
    "chainatlas.extract.regions",
    "chainatlas.extract.money",
    "chainatlas.extract.projects",
    "chainatlas.chains.stage",
    "chainatlas.extract.events",
    "chainatlas.extract.figures",
)
for _module in _STAGE_MODULES:
    importlib.import_module(_module)


class Extractor:
    """Runs a fixed sequence of stages; build one and reuse it for many documents."""

    def __init__(self, stages: Sequence[str] = DEFAULT_STAGES) -> None:
        self.stage_names = tuple(stages)
        self.stages: list[Stage] = [stage_factory(name)() for name in self.stage_names]

    def extract_normalised(
        self, text: str, published: date | None, masked: Iterable[tuple[int, int]] = ()
    ) -> Extraction:
        """Extract from already normalised text; evidence offsets point into ``text``."""
        new_document()
        context = ExtractionContext(
            text=text,
            published=published,
            sentences=split_sentences(text),
            result=Extraction(published=published),
            masked=sorted(masked),
        )
        for stage in self.stages:
            stage(context)
        return context.result

    def extract_raw(self, original: str, published: date | None = None) -> Extraction:
        """Normalise ``original``, extract, and map every evidence span back into it."""
        normalised = normalise(original)
        when = published or normalised.published
        result = self.extract_normalised(normalised.text, when, garbled_spans(normalised.text))
        map_evidence_to_original(result, normalised.offset_map)
        return result


def normalise(original: str) -> NormalisedText:
    """The ingest normaliser (Traditional→Simplified, glosses, boilerplate, dateline)."""
    from chainatlas.ingest.normalise import normalise_text

    return normalise_text(original)


def garbled_spans(text: str) -> list[tuple[int, int]]:
    """Spans of mojibake that must not be read as facts (from the ingest normaliser)."""
    from chainatlas.ingest import normalise as normalise_module

    finder = getattr(normalise_module, "find_garbled_spans", None)
    if finder is None:
        return []
    return [(int(s), int(e)) for s, e, *_ in finder(text)]
