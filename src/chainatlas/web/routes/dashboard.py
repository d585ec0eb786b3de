"""The 驾驶舱: totals, charts and the latest projects, filtered by period, region and chain."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.params import ProjectFilterParams
from chainatlas.api.routes.chains import chain_library
from chainatlas.store.dashboard import dashboard
from chainatlas.web.charts import dashboard_charts
from chainatlas.web.i18n import request_lang, status_label, translator
from chainatlas.web.render import chain_name, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard_page(
    request: Request, auth: CurrentUser, session: DbSession, selection: ProjectFilterParams
) -> HTMLResponse:
    lang = request_lang(request)
    board = dashboard(session, selection)
    library = chain_library(request)
    charts = dashboard_charts(
        board,
        translator(lang),
        lambda s: status_label(s, lang),
        lambda c: chain_name(library, c),
    )
    chains = sorted(library.chains.values(), key=lambda c: c.id)
    return render(
        request,
        "dashboard.html",
        auth,
        board=board,
        charts=charts,
        selection=selection,
        chains=chains,
    )
