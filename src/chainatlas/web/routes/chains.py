"""The chain library: a list and one chain as a graph of its nodes by segment."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chainatlas.api.deps import CurrentUser
from chainatlas.api.routes.chains import chain_library, find_chain
from chainatlas.chains.schema import SEGMENTS
from chainatlas.web.charts import chain_graph
from chainatlas.web.i18n import request_lang, translate
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/chains")
def chains_page(request: Request, auth: CurrentUser) -> HTMLResponse:
    library = chain_library(request)
    chains = [library.chains[key] for key in sorted(library.chains)]
    return render(request, "chains.html", auth, chains=chains)


@router.get("/chains/{chain_id}")
def chain_page(chain_id: str, request: Request, auth: CurrentUser) -> HTMLResponse:
    chain = find_chain(request, chain_id)
    lang = request_lang(request)
    graph = chain_graph(chain, lambda s: translate(f"segment.{s}", lang))
    return render(request, "chain.html", auth, chain=chain, graph=graph, segments=SEGMENTS)
