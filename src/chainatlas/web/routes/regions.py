"""Regions: choose a region and a chain, then see the region's coverage of the chain —
the graph coloured by coverage, each node's firms and projects, 补链/延链/强链 and 链主."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.analysis import AnalysisError, analyse_region
from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.routes.chains import chain_library
from chainatlas.store.dashboard import main_chain_of_region, project_regions
from chainatlas.web.charts import region_graph
from chainatlas.web.i18n import request_lang, translate
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)

ChainParam = Annotated[str, Query(max_length=100)]


@router.get("/regions")
def regions_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    region: Annotated[str, Query(max_length=100)] = "",
    chain: ChainParam = "",
) -> Response:
    """The chooser; a filled-in form goes on to the region's page."""
    if region.strip():
        target = f"/regions/{quote(region.strip(), safe='')}"
        if chain.strip():
            target += f"?chain={quote(chain.strip(), safe='')}"
        return RedirectResponse(target, status_code=303)
    return render(
        request,
        "regions.html",
        auth,
        regions=project_regions(session),
        chains=_chains(request),
        region="",
        chain="",
    )


@router.get("/regions/{region}")
def region_page(
    region: str,
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    chain: ChainParam = "",
) -> HTMLResponse:
    region = region.strip()
    chosen = chain.strip() or main_chain_of_region(session, region) or ""
    context: dict[str, Any] = {
        "regions": project_regions(session),
        "chains": _chains(request),
        "region": region,
        "chain": chosen,
    }
    if not chosen:
        return render(request, "regions.html", auth, **context)
    library = chain_library(request)
    try:
        report = analyse_region(session, region, chosen, library)
    except AnalysisError as error:
        return render(
            request,
            "regions.html",
            auth,
            status=404,
            problem=str(error),
            suggestions=error.suggestions,
            **context,
        )
    lang = request_lang(request)
    graph = region_graph(
        library.get(report.chain_id),
        {node.node_id: node.strength for node in report.nodes},
        lambda s: translate(f"segment.{s}", lang),
        lambda s: translate(f"strength.{s}", lang),
    )
    context["chain"] = report.chain_id
    return render(request, "region.html", auth, report=report, graph=graph, **context)


def _chains(request: Request) -> list[tuple[str, str]]:
    library = chain_library(request)
    return [(key, library.chains[key].name) for key in sorted(library.chains)]
