"""Chinese full-text search over documents, projects and companies, with highlighted
snippets.

Documents (long texts) have a real index:
- SQLite: the FTS5 table ``search_documents`` with the ``trigram`` tokenizer (migration
  0004). Trigrams match any substring of three or more characters, which suits Chinese
  with no word segmenter; a query with a shorter word (镁, 电池) cannot use a trigram
  index, so it falls back to LIKE over the same table. Triggers on ``documents`` keep
  the index in step; ``index_document`` and ``reindex`` repair it by hand.
- PostgreSQL: ``ILIKE`` over ``documents``, accelerated by pg_trgm GIN indexes where the
  extension exists (the index lives on the table itself, so it is always in step).
Projects and companies are short names in small tables: plain LIKE/ILIKE over the
project name and the company names and aliases, no separate index to keep in step.

Every word of the query must occur (AND). Snippets are HTML: the text is escaped and
each occurrence of a query word is wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, text
from sqlalchemy.orm import Session

from chainatlas.store.models import Company, CompanyAlias, Document, Project

KINDS = ("document", "project", "company")
TRIGRAM = 3  # shortest word the trigram index can find
SNIPPET_CHARS = 40  # characters of context on each side of the first match
MAX_QUERY_WORDS = 8
# Private-use characters mark matches until the text is escaped, then become <mark>.
_OPEN, _CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class SearchHit:
    kind: str  # document | project | company
    id: int
    title: str  # HTML, matches marked
    snippet: str  # HTML, matches marked
    published: date | None = None


def query_words(query: str) -> list[str]:
    """The distinct words of a query (split on white space), at most eight."""
    return list(dict.fromkeys(query.split()))[:MAX_QUERY_WORDS]


def search(
    session: Session, query: str, kinds: Iterable[str] = KINDS, limit: int = 20
) -> list[SearchHit]:
    """Hits for every word of ``query``: documents (best first), then projects and
    companies, at most ``limit`` of each kind."""
    words = query_words(query)
    wanted = set(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown search kinds {sorted(unknown)}; expected some of {KINDS}")
    if not words:
        return []
    hits: list[SearchHit] = []
    if "document" in wanted:
        hits += _documents(session, words, limit)
    if "project" in wanted:
        hits += _projects(session, words, limit)
    if "company" in wanted:
        hits += _companies(session, words, limit)
    return hits


def index_document(session: Session, doc_id: int) -> None:
    """(Re)index one document now; the SQLite triggers already do this on every write,
    so this only repairs an index written around them. Nothing to do on PostgreSQL."""
    if not _is_sqlite(session):
        return
    session.execute(text("DELETE FROM search_documents WHERE rowid = :id"), {"id": doc_id})
    session.execute(
        text(
            "INSERT INTO search_documents(rowid, title, body) "
            "SELECT id, coalesce(title, ''), normalised_text FROM documents WHERE id = :id"
        ),
        {"id": doc_id},
    )


def reindex(session: Session) -> int:
    """Rebuild the whole document index (SQLite); the number of documents indexed."""
    count = len(session.scalars(select(Document.id)).all())
    if _is_sqlite(session):
        session.execute(text("DELETE FROM search_documents"))
        session.execute(
            text(
                "INSERT INTO search_documents(rowid, title, body) "
                "SELECT id, coalesce(title, ''), normalised_text FROM documents"
            )
        )
    return count


def highlight(value: str, words: Sequence[str]) -> str:
    """``value`` as HTML with every occurrence of the words in ``<mark>`` (case-blind)."""
    return _to_html(_mark(value, words))


def excerpt(value: str, words: Sequence[str], context: int = SNIPPET_CHARS) -> str:
    """An HTML snippet around the first occurrence of any of the words, matches marked."""
    lowered = value.lower()
    found = [(p, len(w)) for w in words if (p := lowered.find(w.lower())) >= 0]
    first, length = min(found) if found else (0, 0)
    start = max(0, first - context)
    end = min(len(value), first + length + context)
    piece = value[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(value) else ""
    return prefix + highlight(piece, words) + suffix


def _documents(session: Session, words: list[str], limit: int) -> list[SearchHit]:
    lite = _is_sqlite(session)
    if lite and all(len(w) >= TRIGRAM for w in words):
        return _documents_fts(session, words, limit)
    condition = and_(
        *(
            or_(_contains(Document.normalised_text, w, lite), _contains(Document.title, w, lite))
            for w in words
        )
    )
    statement = (
        select(Document.id, Document.title, Document.name, Document.normalised_text,
               Document.published)
        .where(condition)
        .order_by(Document.published.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        SearchHit("document", int(i), highlight(title or name, words), excerpt(body, words), day)
        for i, title, name, body, day in session.execute(statement)
    ]


def _documents_fts(session: Session, words: list[str], limit: int) -> list[SearchHit]:
    # Each word a quoted FTS5 string (so no word is read as an operator); space = AND.
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    rows = session.execute(
        text(
            "SELECT s.rowid, highlight(search_documents, 0, :open, :close), "
            "snippet(search_documents, 1, :open, :close, '…', 32), d.name, d.published "
            "FROM search_documents s JOIN documents d ON d.id = s.rowid "
            "WHERE search_documents MATCH :match ORDER BY s.rank LIMIT :limit"
        ),
        {"open": _OPEN, "close": _CLOSE, "match": match, "limit": limit},
    )
    hits = []
    for doc_id, title, snippet, name, published in rows:
        day = date.fromisoformat(published) if isinstance(published, str) else published
        shown = _to_html(title) if title else highlight(str(name), words)
        hits.append(
            SearchHit("document", int(doc_id), shown, _to_html(snippet.replace("\n", " ")), day)
        )
    return hits


def _projects(session: Session, words: list[str], limit: int) -> list[SearchHit]:
    lite = _is_sqlite(session)
    statement = (
        select(Project.id, Project.name, Project.region, Company.name, Project.last_seen)
        .outerjoin(Company, Company.id == Project.company_id)
        .where(and_(*(_contains(Project.name, w, lite) for w in words)))
        .order_by(Project.mentions.desc(), Project.id)
        .limit(limit)
    )
    hits = []
    for project_id, name, region, company, last_seen in session.execute(statement):
        context = " · ".join(html.escape(part) for part in (company, region) if part)
        hits.append(SearchHit("project", int(project_id), highlight(name, words), context,
                              last_seen))  # fmt: skip
    return hits


def _companies(session: Session, words: list[str], limit: int) -> list[SearchHit]:
    lite = _is_sqlite(session)
    aliases = select(CompanyAlias.company_id).where(
        and_(*(_contains(CompanyAlias.alias, w, lite) for w in words))
    )
    statement = (
        select(Company.id, Company.name, Company.region)
        .where(
            or_(and_(*(_contains(Company.name, w, lite) for w in words)), Company.id.in_(aliases))
        )
        .order_by(Company.id)
        .limit(limit)
    )
    hits = []
    for company_id, name, region in session.execute(statement).all():
        names = session.scalars(
            select(CompanyAlias.alias).where(CompanyAlias.company_id == company_id)
        ).all()
        matching = [a for a in names if a != name and any(w.lower() in a.lower() for w in words)]
        context = "、".join(highlight(a, words) for a in matching[:3])
        if region:
            context = " · ".join(p for p in (context, html.escape(region)) if p)
        hits.append(SearchHit("company", int(company_id), highlight(name, words), context))
    return hits


def _contains(column: Any, word: str, sqlite: bool) -> ColumnElement[bool]:
    # Case-blind for Latin letters on both databases; %, _ and \ in the word are literal.
    # SQLite's LIKE is already case-blind for ASCII; its ILIKE would lower() every row.
    pattern = "%" + re.sub(r"([%_\\])", r"\\\1", word) + "%"
    compare = column.like if sqlite else column.ilike
    condition: ColumnElement[bool] = compare(pattern, escape="\\")
    return condition


def _mark(value: str, words: Sequence[str]) -> str:
    if not words:
        return value
    pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.sub(f"({pattern})", f"{_OPEN}\\1{_CLOSE}", value, flags=re.IGNORECASE)


def _to_html(marked: str) -> str:
    return html.escape(marked).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
