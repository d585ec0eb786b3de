"""Resolution against a real database (SQLite and PostgreSQL): merging across
articles, phases, owners, order independence and user decisions that survive
re-extraction and rebuilds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.resolve import (
    ResolutionError,
    merge_projects,
    rebuild,
    split_project,
    undo_decision,
)
from chainatlas.resolve.engine import resolve_document
from chainatlas.store.db import Database
from chainatlas.store.documents import find_by_hash, replace_facts
from chainatlas.store.facts import facts_from_extraction
from chainatlas.store.models import Company, Document, Project, ProjectMention

from .conftest import ARTICLES, Store, extraction_of, store_article

Snapshot = set[tuple[str, str | None, str | None, frozenset[str], str | None, float | None]]


def snapshot(session: Session) -> Snapshot:
    """Projects by content: name, owner, parent, source documents, status, counted amount."""
    names = {d: n for d, n in session.execute(select(Document.id, Document.name))}
    projects = {p.id: p for p in session.scalars(select(Project))}
    return {
        (
            p.name,
            p.company.name if p.company else None,
            projects[p.parent_id].name if p.parent_id else None,
            frozenset(names[m.document_id] for m in p.links),
            p.status,
            p.counted_cny,
        )
        for p in projects.values()
    }


def project_of(session: Session, document: str) -> Project:
    doc_id = session.scalar(select(Document.id).where(Document.name == document))
    link = session.scalar(select(ProjectMention).where(ProjectMention.document_id == doc_id))
    assert link is not None, f"no project mention in {document}"
    return link.project


def docs_of(project: Project) -> set[str]:
    """The names of the documents that mention ``project``."""
    session = Session.object_session(project)
    assert session is not None
    ids = [m.document_id for m in project.links]
    return set(session.scalars(select(Document.name).where(Document.id.in_(ids))))


def test_mentions_across_articles_make_one_project(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        notebooks = project_of(session, "a01-signing.txt")
        assert docs_of(notebooks) == {
            "a01-signing.txt", "a02-groundbreaking.txt", "a03-production.txt", "a05-increase.txt"
        }  # fmt: skip
        assert notebooks.company is not None and notebooks.company.name == "华勤技术股份有限公司"
        entries = sorted(notebooks.timeline, key=lambda e: e.when or "")
        assert [(e.stage, e.when) for e in entries] == [
            ("signed", "2022-02"), ("construction", "2022-06-18"), ("operating", "2022-12")
        ]  # fmt: skip
        assert notebooks.status == "operating" and notebooks.status_warning is None
        assert (notebooks.investment_cny, notebooks.investment_conflict) == (3.2e9, True)
        # 32亿 + 增资 5亿, less the 20亿 its second phase counts itself
        assert notebooks.counted_cny == 1.7e9
        assert any("read as 华勤技术股份有限公司" in m.reason for m in notebooks.links)


def test_second_phase_is_its_own_project_linked_to_its_parent(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        phase = project_of(session, "a04-second-phase.txt")
        parent = project_of(session, "a01-signing.txt")
        assert (phase.phase, phase.parent_id) == (2, parent.id)
        assert phase.counted_cny == 2e9


def test_same_short_name_elsewhere_is_another_firm(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        changzhou = project_of(session, "a07-changzhou-copper.txt")
        hefei = project_of(session, "a08-hefei-terminals.txt")
        notebooks = project_of(session, "a01-signing.txt")
        owners = {changzhou.company_id, hefei.company_id, notebooks.company_id}
        assert len(owners) == 3
        assert hefei.company is not None and hefei.company.name == "华勤"


def test_an_ownerless_project_takes_the_only_firm_its_article_names(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        review = project_of(session, "a13-copper-foil-review.txt")
        assert docs_of(review) == {"a07-changzhou-copper.txt", "a13-copper-foil-review.txt"}
        assert review.status == "operating"
        assert any("the only firm its article names" in m.reason for m in review.links)


def test_new_owner_makes_a_new_project_and_contradictions_warn(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        first = project_of(session, "a09-lfp-signing.txt")
        sold = project_of(session, "a12-new-owner.txt")
        assert first.id != sold.id
        assert docs_of(first) == {"a09-lfp-signing.txt", "a10-lfp-production.txt",
                                  "a11-lfp-resigned.txt"}  # fmt: skip
        assert first.status == "operating"
        assert (
            first.status_warning
            == "签约 signed reported 2023-11-20 after 投产 operating on 2023-08"
        )
        assert first.company is not None and first.company.region == "池州市"


def test_ingestion_order_does_not_matter(
    database: Database, store_articles: Store, tmp_path: Path
) -> None:
    store_articles(ARTICLES)
    other = Database(f"sqlite:///{tmp_path / 'reversed.sqlite3'}")
    try:
        for article in reversed(ARTICLES):
            store_article(other, article)
        with database.session() as first, other.session() as second:
            assert snapshot(first) == snapshot(second)
            assert len(snapshot(first)) == 7
    finally:
        other.dispose()


def test_rebuild_is_idempotent_and_keeps_ids(database: Database, store_articles: Store) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        before = snapshot(session)
        ids = {p.name + str(p.company_id): p.id for p in session.scalars(select(Project))}
        report = rebuild(session)
        assert report.projects == 7
    with database.session() as session:
        assert snapshot(session) == before
        assert {p.name + str(p.company_id): p.id for p in session.scalars(select(Project))} == ids
        assert session.scalar(select(Company).where(Company.name == "华勤技术股份有限公司"))


def reextract(database: Database, article: dict[str, Any]) -> None:
    """What re-extraction does: new fact rows for the same document, then resolution."""
    text, extraction = extraction_of(article)
    with database.session() as session:
        document = find_by_hash(session, hashlib.sha256(text.encode()).hexdigest())
        assert document is not None
        replace_facts(session, document, facts_from_extraction(extraction), "v2")
        session.flush()
        resolve_document(session, document.id)


def test_split_survives_reextraction_and_rebuild(database: Database, store_articles: Store) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        notebooks = project_of(session, "a01-signing.txt")
        increase = next(m for m in notebooks.links if m.increase)
        decision = split_project(session, notebooks.id, [increase.fact_id], "tester", "not ours")
        assert decision.kind == "split"
    reextract(database, ARTICLES[4])
    with database.session() as session:
        alone = project_of(session, "a05-increase.txt")
        assert docs_of(alone) == {"a05-increase.txt"}
        assert "split off by user decision" in alone.links[0].reason
        # Without the increase; its second phase now fits two projects, so it has no parent.
        assert project_of(session, "a01-signing.txt").counted_cny == 3.2e9
        rebuild(session)
    with database.session() as session:
        assert docs_of(project_of(session, "a05-increase.txt")) == {"a05-increase.txt"}
        undo_decision(session, decision.id)
    with database.session() as session:
        assert "a05-increase.txt" in docs_of(project_of(session, "a01-signing.txt"))


def test_merge_survives_rebuild_and_can_be_undone(
    database: Database, store_articles: Store
) -> None:
    store_articles(ARTICLES)
    with database.session() as session:
        hefei = project_of(session, "a08-hefei-terminals.txt")
        notebooks = project_of(session, "a01-signing.txt")
        decision = merge_projects(session, notebooks.id, hefei.id, "tester", "same plan")
        assert len(snapshot(session)) == 6
    reextract(database, ARTICLES[7])
    with database.session() as session:
        rebuild(session)
        merged = project_of(session, "a08-hefei-terminals.txt")
        assert "a01-signing.txt" in docs_of(merged)
        assert any("merged by user decision" in m.reason for m in merged.links)
        undo_decision(session, decision.id)
        assert len(snapshot(session)) == 7


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: merge_projects(s, 1, 1), "with itself"),
        (lambda s: merge_projects(s, 1, 999), "no project with id 999"),
        (lambda s: split_project(s, 1, [999]), "no mention with fact id 999"),
        (lambda s: undo_decision(s, 42), "no decision with id 42"),
    ],
)
def test_bad_decisions_are_refused(
    database: Database, store_articles: Store, call: Any, message: str
) -> None:
    store_articles(ARTICLES[:2])
    with database.session() as session, pytest.raises(ResolutionError, match=message):
        call(session)
