"""Full-text search on SQLite (FTS5 trigram, LIKE for short words) and PostgreSQL (ILIKE
with pg_trgm indexes): hits, highlighted snippets, and the index kept in step."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session

from chainatlas.store.db import Database
from chainatlas.store.models import Company, CompanyAlias, Document, Project
from chainatlas.store.search import excerpt, highlight, index_document, reindex, search

# Short articles of our own.
ARTICLES = {
    1: ("铜陵签约铜箔项目", "铜陵市与华铜箔业签约年产2万吨电子铜箔项目，总投资20亿元。"),
    2: ("宜宾动力电池基地开工", "宜宾市动力电池产业园二期开工，主要生产磷酸铁锂电池。"),
    3: ("池州镁基材料推介会", "池州市举办镁基新材料推介会，多家镁合金压铸企业到会洽谈。"),
}


def _document(doc_id: int, title: str, body: str) -> Document:
    return Document(
        id=doc_id,
        content_hash=f"{doc_id:064d}",
        name=f"article_{doc_id}.txt",
        format="txt",
        title=title,
        published=date(2024, 1, doc_id),
        ingested_at=datetime(2024, 2, 1),
        original_text=body,
        normalised_text=body,
        offset_map=[],
        removed_spans=[],
    )


@pytest.fixture
def filled(database: Database) -> Database:
    with database.session() as session:
        session.add_all(_document(i, t, b) for i, (t, b) in ARTICLES.items())
        session.add(Company(id=1, block="b", name="华铜箔业有限公司", key="华铜箔业"))
        session.add(CompanyAlias(company_id=1, alias="华铜箔业", reason="简称"))
        session.add(Company(id=2, block="b", name="宜宾锂动能源有限公司", key="锂动"))
        session.add(
            Project(id=1, block="b", name="年产2万吨电子铜箔项目", key="铜箔", company_id=1,
                    region="铜陵市")
        )  # fmt: skip
        session.add(
            Project(id=2, block="b", name="动力电池产业园二期", key="电池", region="宜宾市")
        )
    return database


def _found(session: Session, query: str, kind: str) -> list[int]:
    return [hit.id for hit in search(session, query, [kind])]


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("电子铜箔", "document", [1]),  # trigram index
        ("铜箔", "document", [1]),  # two characters: LIKE fallback
        ("镁", "document", [3]),
        ("电池 开工", "document", [2]),  # every word must occur
        ("电池 铜箔", "document", []),
        ("推介会", "document", [3]),  # in the title and the text
        ("铜箔", "project", [1]),
        ("产业园", "project", [2]),
        ("华铜箔业", "company", [1]),
        ("锂动", "company", [2]),
        ("100%", "project", []),  # LIKE wildcards are literal
        ('"镁合金" OR', "document", []),  # FTS5 syntax is not interpreted
    ],
)
def test_search_finds(filled: Database, query: str, kind: str, expected: list[int]) -> None:
    with filled.session() as session:
        assert _found(session, query, kind) == expected


@pytest.mark.parametrize("query", ["镁合金", "镁"])
def test_snippets_mark_the_words(filled: Database, query: str) -> None:
    with filled.session() as session:
        (hit,) = search(session, query, ["document"])
    assert f"<mark>{query}</mark>" in hit.snippet
    assert hit.published == date(2024, 1, 3)


def test_project_and_company_hits_are_marked(filled: Database) -> None:
    with filled.session() as session:
        hits = search(session, "铜箔", ["project", "company"])
    assert [(h.kind, h.title) for h in hits] == [
        ("project", "年产2万吨电子<mark>铜箔</mark>项目"),
        ("company", "华<mark>铜箔</mark>业有限公司"),
    ]
    assert "华铜箔业有限公司 · 铜陵市" in hits[0].snippet


def test_index_follows_changes(filled: Database) -> None:
    with filled.session() as session:
        session.execute(
            update(Document).where(Document.id == 1).values(normalised_text="改为锂电隔膜项目。")
        )
        session.execute(delete(Document).where(Document.id == 3))
    with filled.session() as session:
        assert _found(session, "电子铜箔", "document") == []
        assert _found(session, "锂电隔膜", "document") == [1]
        assert _found(session, "镁基新材料", "document") == []


def test_reindex_repairs_the_index(filled: Database) -> None:
    with filled.session() as session:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("DELETE FROM search_documents"))
            assert _found(session, "电子铜箔", "document") == []
            index_document(session, 1)
            assert _found(session, "电子铜箔", "document") == [1]
        assert reindex(session) == 3
        assert _found(session, "镁合金压铸", "document") == [3]
        assert _found(session, "电子铜箔", "document") == [1]


def test_unknown_kind_is_refused(filled: Database) -> None:
    with filled.session() as session, pytest.raises(ValueError, match="unknown search kinds"):
        search(session, "铜箔", ["article"])


@pytest.mark.parametrize(
    ("value", "words", "expected"),
    [
        ("<b>镁</b>合金", ["镁"], "&lt;b&gt;<mark>镁</mark>&lt;/b&gt;合金"),
        ("ABC abc", ["abc"], "<mark>ABC</mark> <mark>abc</mark>"),
        ("镁合金", ["镁", "镁合金"], "<mark>镁合金</mark>"),  # the longer word wins
    ],
)
def test_highlight_escapes_then_marks(value: str, words: list[str], expected: str) -> None:
    assert highlight(value, words) == expected


def test_excerpt_is_a_window_around_the_first_match() -> None:
    value = "甲" * 100 + "铜箔" + "乙" * 100
    shown = excerpt(value, ["铜箔"], context=5)
    assert shown == "…甲甲甲甲甲<mark>铜箔</mark>乙乙乙乙乙…"


def test_each_backend_has_its_trigram_index(database: Database) -> None:
    with database.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            names = set(
                session.scalars(
                    text(
                        "SELECT indexname FROM pg_indexes "
                        "WHERE schemaname = current_schema() AND indexname LIKE '%trgm'"
                    )
                )
            )
            assert {"ix_documents_text_trgm", "ix_projects_name_trgm"} <= names
        else:
            sql = session.scalar(
                text("SELECT sql FROM sqlite_master WHERE name = 'search_documents'")
            )
            assert sql is not None and "fts5" in sql.lower() and "trigram" in sql.lower()
