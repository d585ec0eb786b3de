"""SQLAlchemy models of everything ChainAtlas keeps.

Documents keep both their original and their normalised text with the offset
map between them; stories group near-duplicate documents; facts are the
extracted mentions of a document with their evidence spans.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Story(Base):
    """One story: a group of documents that are near-duplicates of each other."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    documents: Mapped[list[Document]] = relationship(back_populates="story")


class Document(Base):
    """One distinct article text (by content hash of its normalised text)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    original_text: Mapped[str] = mapped_column(Text)
    normalised_text: Mapped[str] = mapped_column(Text)
    offset_map: Mapped[list[list[int]]] = mapped_column(JSON)
    removed_spans: Mapped[list[Any]] = mapped_column(JSON)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime)
    extractor_version: Mapped[str | None] = mapped_column(String(40))

    story: Mapped[Story | None] = relationship(back_populates="documents")
    sources: Mapped[list[DocumentSource]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentSource.id"
    )
    facts: Mapped[list[Fact]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Fact.id"
    )


class DocumentSource(Base):
    """Where a document's text was found: a file, a JSONL line, a URL."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "origin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(300))
    seen_at: Mapped[datetime] = mapped_column(DateTime)

    document: Mapped[Document] = relationship(back_populates="sources")


class Fact(Base):
    """One extracted mention (region, company, project, amount, event, figure) with evidence."""

    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_kind_name", "kind", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(500))
    status: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(100))
    value_cny: Mapped[float | None] = mapped_column(Float)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    original_start: Mapped[int | None] = mapped_column(Integer)
    original_end: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="facts")
