"""Ingestion from paths to stored documents: read → normalise → dedupe → extract → store
→ resolve.

Each document is written in its own transaction, so an error or an interrupt
(Ctrl-C, kill) never leaves half a document behind and never touches what was
stored before. Bad inputs become ``IngestError`` entries in the report and the
batch goes on. Running the same ingest twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from chainatlas.config import Settings
from chainatlas.extract.model import Extraction
from chainatlas.ingest.dedupe import (
    NearDuplicateIndex,
    content_hash,
    minhash_of,
    minhash_to_bytes,
)
from chainatlas.ingest.model import IngestError, NormalisedText, RawDocument
from chainatlas.ingest.normalise import find_garbled_spans, normalise_text
from chainatlas.ingest.readers import read_source
from chainatlas.ingest.sources import IngestLimits, SourceFile, expand_sources
from chainatlas.resolve import resolve_document
from chainatlas.store import documents as store
from chainatlas.store.db import Database
from chainatlas.store.facts import facts_from_extraction
from chainatlas.textmap import OffsetMap


@dataclass
class IngestedItem:
    name: str
    origin: str
    document_id: int
    outcome: str  # added | unchanged | same_text (new source of a stored text)
    story_id: int | None = None
    near_duplicate_of: int | None = None
    similarity: float | None = None
    facts: int = 0


@dataclass
class IngestReport:
    items: list[IngestedItem] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def near_duplicates(self) -> int:
        return sum(1 for item in self.items if item.near_duplicate_of is not None)

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.count("added"),
            "unchanged": self.count("unchanged"),
            "same_text": self.count("same_text"),
            "near_duplicates": self.near_duplicates,
            "errors": [{"where": e.where, "reason": e.reason} for e in self.errors],
            "documents": [item.__dict__ for item in self.items],
        }


Progress = Callable[[str], None]


class Ingestor:
    """Ingests batches of sources into one database."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        extract: Callable[[NormalisedText, list[tuple[int, int]]], Extraction] | None = None,
        extractor_version: str = "",
    ) -> None:
        self.database = database
        self.settings = settings
        self.extract = extract
        self.extractor_version = extractor_version
        self._index: NearDuplicateIndex | None = None

    def _near_duplicates(self) -> NearDuplicateIndex:
        if self._index is None:
            with self.database.session() as session:
                self._index = NearDuplicateIndex.build(
                    self.settings.near_duplicate_threshold, store.signatures(session)
                )
        return self._index

    def ingest(self, specs: Sequence[str], progress: Progress | None = None) -> IngestReport:
        report = IngestReport()
        sources, errors = expand_sources(specs)
        report.errors.extend(errors)
        limits = IngestLimits(max_bytes=self.settings.max_file_bytes)
        for source in sources:
            self._ingest_source(source, limits, report)
            if progress is not None:
                progress(source.display)
        return report

    def _ingest_source(
        self, source: SourceFile, limits: IngestLimits, report: IngestReport
    ) -> None:
        for item in read_source(source, limits):
            if isinstance(item, IngestError):
                report.errors.append(item)
                continue
            try:
                report.items.append(self.ingest_document(item))
            except IngestError as error:
                report.errors.append(error)

    def ingest_document(self, raw: RawDocument) -> IngestedItem:
        """Store one raw document (or record a new source of a text already stored)."""
        if not raw.text.strip():
            raise IngestError(raw.origin, "no text in this document")
        normalised = normalise_text(raw.text)
        normalised.published = raw.published or normalised.published
        if not normalised.text.strip():
            raise IngestError(raw.origin, "nothing left after removing page boilerplate")
        digest = content_hash(normalised.text)
        with self.database.session() as session:
            existing = store.find_by_hash(session, digest)
            if existing is not None:
                added = store.add_source(session, existing, raw.origin, raw.url, raw.source)
                return IngestedItem(
                    name=raw.name,
                    origin=raw.origin,
                    document_id=existing.id,
                    outcome="same_text" if added else "unchanged",
                    story_id=existing.story_id,
                )
        signature = minhash_of(normalised.text)
        twin = self._near_duplicates().most_similar(signature)
        extraction = None
        if self.extract is not None:
            extraction = self.extract(normalised, find_garbled_spans(normalised.text))
        with self.database.session() as session:
            document = store.add_document(
                session,
                store.NewDocument(
                    content_hash=digest,
                    name=raw.name,
                    format=raw.format,
                    encoding=raw.encoding,
                    title=raw.title,
                    url=raw.url,
                    source=raw.source or normalised.source,
                    published=normalised.published,
                    original_text=raw.text,
                    normalised_text=normalised.text,
                    offset_map=normalised.offset_map.to_json(),
                    removed_spans=[list(span) for span in normalised.removed],
                    minhash=minhash_to_bytes(signature),
                    origin=raw.origin,
                ),
                story_of=twin[0] if twin else None,
            )
            facts = 0
            if extraction is not None:
                rows = facts_from_extraction(extraction)
                store.replace_facts(session, document, rows, self.extractor_version)
                session.flush()
                resolve_document(session, document.id)
                facts = len(rows)
            item = IngestedItem(
                name=raw.name,
                origin=raw.origin,
                document_id=document.id,
                outcome="added",
                story_id=document.story_id,
                near_duplicate_of=twin[0] if twin else None,
                similarity=round(twin[1], 3) if twin else None,
                facts=facts,
            )
        self._near_duplicates().add(item.document_id, signature)
        return item

    def reextract(self, progress: Progress | None = None) -> int:
        """Re-run extraction over every stored document, one transaction per document."""
        if self.extract is None:
            raise ValueError("no extractor configured")
        with self.database.session() as session:
            ids = store.document_ids(session)
        for doc_id in ids:
            with self.database.session() as session:
                document = store.get_document(session, doc_id)
                if document is None:
                    continue
                normalised = NormalisedText(
                    text=document.normalised_text,
                    offset_map=OffsetMap.from_json(document.offset_map),
                    published=document.published,
                )
                extraction = self.extract(normalised, find_garbled_spans(normalised.text))
                store.replace_facts(
                    session, document, facts_from_extraction(extraction), self.extractor_version
                )
                session.flush()
                resolve_document(session, document.id)
            if progress is not None:
                progress(document.name if document else str(doc_id))
        return len(ids)


def extraction_step() -> Callable[[NormalisedText, list[tuple[int, int]]], Extraction]:
    """The default extraction for ingestion: the rule-based extractor, evidence mapped back."""
    from chainatlas.extract import Extractor
    from chainatlas.extract.provenance import map_evidence_to_original

    extractor = Extractor()

    def run(normalised: NormalisedText, masked: list[tuple[int, int]]) -> Extraction:
        extraction = extractor.extract_normalised(normalised.text, normalised.published, masked)
        map_evidence_to_original(extraction, normalised.offset_map)
        return extraction

    return run


def extract_from_sources(
    specs: Sequence[str], limits: IngestLimits
) -> Iterator[tuple[RawDocument, Extraction] | IngestError]:
    """Read, normalise and extract each document of ``specs`` without storing anything."""
    step = extraction_step()
    sources, problems = expand_sources(specs)
    yield from problems
    for source in sources:
        for raw in read_source(source, limits):
            if isinstance(raw, IngestError):
                yield raw
                continue
            normalised = normalise_text(raw.text)
            normalised.published = raw.published or normalised.published
            yield raw, step(normalised, find_garbled_spans(normalised.text))
