"""Search: Chinese full-text search over documents, projects and companies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ERROR_RESPONSES
from chainatlas.store.search import KINDS, search

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)

SearchKind = Literal["document", "project", "company"]


class SearchResult(BaseModel):
    kind: SearchKind
    id: int
    title: str
    snippet: str
    published: date | None
    url: str


class SearchResults(BaseModel):
    query: str
    hits: list[SearchResult]


PAGE_OF_KIND = {"document": "/documents", "project": "/projects", "company": "/companies"}


def run_search(
    session: DbSession, query: str, kind: SearchKind | None, limit: int
) -> list[SearchResult]:
    """Hits as API records (shared by the API and the page); title and snippet are HTML
    with the matches in ``<mark>``."""
    hits = search(session, query, (kind,) if kind else KINDS, limit)
    return [
        SearchResult(
            kind=hit.kind,  # type: ignore[arg-type]  # search() only returns KINDS
            id=hit.id,
            title=hit.title,
            snippet=hit.snippet,
            published=hit.published,
            url=f"{PAGE_OF_KIND[hit.kind]}/{hit.id}",
        )
        for hit in hits
    ]


@router.get("/search")
def search_everything(
    auth: CurrentUser,
    session: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Words, all must occur")],
    kind: Annotated[SearchKind | None, Query(description="Only this kind of record")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most hits per kind")] = 20,
) -> SearchResults:
    """Documents (best match first), projects and companies containing every word of
    ``q``. Words of three or more characters use the full-text index."""
    return SearchResults(query=q, hits=run_search(session, q, kind, limit))
