"""A small article set about the same projects, written for these tests, stored as
documents with fact rows the way ingestion stores them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chainatlas.extract.model import (
    CompanyMention,
    Evidence,
    Extraction,
    ProjectDates,
    ProjectMention,
)
from chainatlas.store.db import Database
from chainatlas.store.documents import NewDocument, add_document, replace_facts
from chainatlas.store.facts import facts_from_extraction

ARTICLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("kb_articles.json")).read_text(encoding="utf-8")
)
Store = Callable[[Sequence[dict[str, Any]]], dict[str, int]]


def _evidence(text: str, name: str, sentence: str) -> list[Evidence]:
    start = max(text.find(name), 0)
    return [Evidence(start, start + len(name), sentence, text.find(sentence))]


def extraction_of(article: dict[str, Any]) -> tuple[str, Extraction]:
    """The text of an article and the extraction a perfect extractor would return."""
    sentences = [p["sentence"] for p in article["projects"]] or [article["name"]]
    text = "".join(sentences)
    published = date.fromisoformat(article["published"])
    projects = []
    for raw in article["projects"]:
        fields = {k: v for k, v in raw.items() if k not in ("sentence", "dates")}
        projects.append(
            ProjectMention(
                **fields,
                dates=ProjectDates(**raw.get("dates", {})),
                evidence=_evidence(text, raw["name"], raw["sentence"]),
            )
        )
    companies = [
        CompanyMention(**raw, evidence=_evidence(text, raw["name"], sentences[0]))
        for raw in article["companies"]
    ]
    return text, Extraction(published=published, companies=companies, projects=projects)


def store_article(database: Database, article: dict[str, Any]) -> int:
    """Store one article and its facts; returns the document id."""
    from chainatlas.resolve import resolve_document

    text, extraction = extraction_of(article)
    with database.session() as session:
        document = add_document(
            session,
            NewDocument(
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                name=article["name"],
                format="txt",
                encoding="utf-8",
                title=article["name"],
                url=None,
                source="测试日报",
                published=extraction.published,
                original_text=text,
                normalised_text=text,
                offset_map=[[0, 0]],
                removed_spans=[],
                minhash=None,
                origin=article["name"],
            ),
            story_of=None,
        )
        replace_facts(session, document, facts_from_extraction(extraction), "test")
        session.flush()
        resolve_document(session, document.id)
        return document.id


@pytest.fixture
def store_articles(database: Database) -> Store:
    def run(articles: Sequence[dict[str, Any]]) -> dict[str, int]:
        return {a["name"]: store_article(database, a) for a in articles}

    return run
