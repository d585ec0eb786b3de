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


# Knowledge base: entities resolved from the facts above (see chainatlas.resolve).
# Entities are rebuilt block by block from their mentions; a block is the first
# characters of a company's (or an owner-less project's) distinctive name, so
# every fact belongs to exactly one block. Mention links point at facts by id
# without a foreign key on purpose: re-extraction deletes facts, and the stale
# links tell resolution which blocks to rebuild.


class Company(Base):
    """One real firm, resolved from every mention of it across documents."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    block: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)

    aliases: Mapped[list[CompanyAlias]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyAlias.alias"
    )


class CompanyAlias(Base):
    """A name a company was written as, and why it was linked to the company."""

    __tablename__ = "company_aliases"
    __table_args__ = (UniqueConstraint("company_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(500))

    company: Mapped[Company] = relationship(back_populates="aliases")


class CompanyMention(Base):
    """A fact (company mention or project owner) that names a company."""

    __tablename__ = "company_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    fact_id: Mapped[int] = mapped_column(Integer, index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    block: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(500))


class Project(Base):
    """One real project (or one phase of it), resolved from every article that mentions it."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    block: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(300))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    phase: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    status_warning: Mapped[str | None] = mapped_column(Text)
    investment_cny: Mapped[float | None] = mapped_column(Float)
    investment_conflict: Mapped[bool] = mapped_column(default=False)
    counted_cny: Mapped[float | None] = mapped_column(Float)
    counted_why: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[str | None] = mapped_column(String(200))
    chain: Mapped[str | None] = mapped_column(String(100), index=True)
    node: Mapped[str | None] = mapped_column(String(100))
    first_seen: Mapped[date | None] = mapped_column(Date)
    last_seen: Mapped[date | None] = mapped_column(Date, index=True)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)

    company: Mapped[Company | None] = relationship()
    links: Mapped[list[ProjectMention]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMention.id"
    )
    timeline: Mapped[list[ProjectTimelineEntry]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectTimelineEntry.id"
    )


class ProjectMention(Base):
    """A project fact linked to its project, with the reason of the match."""

    __tablename__ = "project_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    fact_id: Mapped[int] = mapped_column(Integer, index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    block: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(500))
    investment_cny: Mapped[float | None] = mapped_column(Float)
    increase: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="links")


class ProjectTimelineEntry(Base):
    """One dated piece of status evidence for a project (签约 2022-02, 投产 2022-12 …)."""

    __tablename__ = "project_timeline"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16))
    when: Mapped[str | None] = mapped_column(String(10))  # ISO or partial: 2023-06, 2023
    dated_by: Mapped[str] = mapped_column(String(16))  # stated | published | undated
    planned: Mapped[bool] = mapped_column(default=False)  # a date after publication: a plan
    fact_id: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    published: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="timeline")


class ResolutionDecision(Base):
    """A person's merge or split of projects, re-applied after every re-resolution.

    Projects are named by anchors — ``[document_id, mention name]`` pairs — because
    project and fact ids change when documents are re-extracted, documents do not.
    """

    __tablename__ = "resolution_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # merge | split
    anchors: Mapped[list[list[Any]]] = mapped_column(JSON)
    others: Mapped[list[list[Any]]] = mapped_column(JSON)  # merge: the second project
    blocks: Mapped[list[str]] = mapped_column(JSON)
    user: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
