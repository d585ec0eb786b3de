"""Reading and writing documents, their sources, stories and facts.

The only module that runs queries on these tables; ingestion, the CLI and later
the web app call these functions inside a session from ``Database.session()``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from chainatlas.store.models import Document, DocumentSource, Fact, Project, Story


@dataclass
class NewDocument:
    """Everything needed to store one normalised document."""

    content_hash: str
    name: str
    format: str
    encoding: str | None
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    original_text: str
    normalised_text: str
    offset_map: list[list[int]]
    removed_spans: list[list[object]]
    minhash: bytes | None
    origin: str


def find_by_hash(session: Session, content_hash: str) -> Document | None:
    return session.scalar(select(Document).where(Document.content_hash == content_hash))


def add_source(
    session: Session, document: Document, origin: str, url: str | None, source: str | None
) -> bool:
    """Record that ``document`` was also found at ``origin``; False if already known."""
    known = session.scalar(
        select(DocumentSource.id).where(
            DocumentSource.document_id == document.id, DocumentSource.origin == origin
        )
    )
    if known is not None:
        return False
    session.add(
        DocumentSource(document=document, origin=origin, url=url, source=source, seen_at=_now())
    )
    return True


def add_document(session: Session, new: NewDocument, story_of: int | None) -> Document:
    """Store a new document; it joins the story of document ``story_of`` or opens its own."""
    story: Story | None = None
    if story_of is not None:
        twin = session.get(Document, story_of)
        if twin is not None:
            story = twin.story
            if story is None:
                story = Story(title=twin.title, created_at=_now())
                twin.story = story
    if story is None:
        story = Story(title=new.title, created_at=_now())
    document = Document(
        content_hash=new.content_hash,
        name=new.name,
        format=new.format,
        encoding=new.encoding,
        title=new.title,
        url=new.url,
        source=new.source,
        published=new.published,
        ingested_at=_now(),
        original_text=new.original_text,
        normalised_text=new.normalised_text,
        offset_map=new.offset_map,
        removed_spans=new.removed_spans,
        minhash=new.minhash,
        story=story,
    )
    session.add(document)
    session.add(
        DocumentSource(
            document=document, origin=new.origin, url=new.url, source=new.source, seen_at=_now()
        )
    )
    session.flush()
    return document


def replace_facts(
    session: Session, document: Document, facts: Sequence[Fact], extractor_version: str
) -> None:
    """Swap a document's facts for ``facts`` (inside the caller's transaction)."""
    session.execute(delete(Fact).where(Fact.document_id == document.id))
    for fact in facts:
        fact.document_id = document.id
        session.add(fact)
    document.extracted_at = _now()
    document.extractor_version = extractor_version


def signatures(session: Session) -> Iterator[tuple[int, bytes]]:
    """Every stored MinHash signature, for rebuilding the near-duplicate index."""
    query = select(Document.id, Document.minhash).where(Document.minhash.is_not(None))
    for doc_id, data in session.execute(query):
        if data is not None:
            yield doc_id, data


def document_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Document.id).order_by(Document.id)))


def get_document(session: Session, doc_id: int) -> Document | None:
    return session.get(Document, doc_id)


def list_documents(session: Session, limit: int = 50, offset: int = 0) -> list[Document]:
    query = select(Document).order_by(Document.published.desc(), Document.id).limit(limit)
    return list(session.scalars(query.offset(offset)))


@dataclass
class KnowledgeBaseSummary:
    documents: int
    stories: int
    sources: int
    published_from: date | None
    published_to: date | None
    facts_by_kind: dict[str, int]
    projects_by_status: dict[str, int]
    amount_by_region: list[tuple[str, float, int]]  # region, counted investment, projects


def summarise(session: Session, top_regions: int = 10) -> KnowledgeBaseSummary:
    documents = session.scalar(select(func.count(Document.id))) or 0
    stories = session.scalar(select(func.count(func.distinct(Document.story_id)))) or 0
    sources = session.scalar(select(func.count(DocumentSource.id))) or 0
    first, last = session.execute(
        select(func.min(Document.published), func.max(Document.published))
    ).one()
    by_kind = dict(session.execute(select(Fact.kind, func.count()).group_by(Fact.kind)).all())
    # Projects and amounts come from the resolved knowledge base: each real project
    # once, with the amount the counting rules give it (see chainatlas.resolve.counting).
    by_status = {
        status or "unknown": int(n)
        for status, n in session.execute(
            select(Project.status, func.count()).group_by(Project.status)
        ).all()
    }
    amount_rows = session.execute(
        select(Project.region, func.sum(Project.counted_cny), func.count())
        .where(Project.region.is_not(None))
        .group_by(Project.region)
        .order_by(func.coalesce(func.sum(Project.counted_cny), 0).desc(), Project.region)
        .limit(top_regions)
    ).all()
    return KnowledgeBaseSummary(
        documents=documents,
        stories=stories,
        sources=sources,
        published_from=first,
        published_to=last,
        facts_by_kind=by_kind,
        projects_by_status=by_status,
        amount_by_region=[(r or "", float(v or 0), int(n)) for r, v, n in amount_rows],
    )


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
