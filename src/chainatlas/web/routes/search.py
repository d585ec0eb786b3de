"""Search page (documents, projects and companies with highlighted snippets) and the
page of one document, its text with the searched words marked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ApiError
from chainatlas.api.params import RowId
from chainatlas.api.routes.search import SearchKind, run_search
from chainatlas.store.dashboard import projects_of_documents
from chainatlas.store.documents import get_document
from chainatlas.store.search import KINDS, highlight, query_words
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/search")
def search_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    q: Annotated[str, Query(max_length=100)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    query = q.strip()
    # The form sends kind="" for everything; an unknown kind searches everything too.
    only: SearchKind | None = kind if kind in KINDS else None  # type: ignore[assignment]
    hits = run_search(session, query, only, limit=50) if query else []
    marked = [
        (hit, Markup(hit.title), Markup(hit.snippet))  # HTML built escaped by store.search
        for hit in hits
    ]
    return render(request, "search.html", auth, q=query, kind=only or "", hits=marked)


@router.get("/documents/{document_id}")
def document_page(
    document_id: RowId,
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    q: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    found = get_document(session, document_id)
    if found is None:
        raise ApiError(404, f"no document with id {document_id}")
    body = Markup(highlight(found.normalised_text, query_words(q)))  # escaped, then marked
    return render(
        request,
        "document.html",
        auth,
        document=found,
        body=body,
        projects=projects_of_documents(session, [found.id]),
        q=q,
    )
