"""Pipeline pages: the 招商工作简报 (briefing) of a period — the page with its period form
and quick choices (本月, 本季度, 本年), and the PDF, Word and standalone HTML downloads."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from chainatlas.api.deps import CurrentUser, DbSession, PipelineScope
from chainatlas.api.routes.briefing import BriefingParams, Params, briefing_file, make_briefing
from chainatlas.pipeline.access import AccessDenied, visible_teams
from chainatlas.pipeline.records import PipelineError
from chainatlas.reports import quick_periods
from chainatlas.reports.html import briefing_context
from chainatlas.web.i18n import register_messages
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)

register_messages(
    {
        "briefing.title": ("招商工作简报", "Investment briefing"),
        "briefing.start": ("起始日期", "From"),
        "briefing.end": ("截止日期", "To"),
        "briefing.team": ("专班", "Team"),
        "briefing.all_teams": ("全部", "All teams"),
        "briefing.region": ("补链分析地区", "Region for chain gaps"),
        "briefing.show": ("生成简报", "Show briefing"),
        "briefing.quick": ("快捷选择：", "Quick choice:"),
        "briefing.month": ("本月", "This month"),
        "briefing.last_month": ("上月", "Last month"),
        "briefing.quarter": ("本季度", "This quarter"),
        "briefing.year": ("本年", "Year to date"),
        "briefing.download": ("下载：", "Download:"),
        "briefing.pdf": ("PDF", "PDF"),
        "briefing.docx": ("Word", "Word"),
        "briefing.html": ("HTML（单文件）", "HTML (one file)"),
    }
)


@router.get("/pipeline/briefing")
def briefing_page(
    request: Request, auth: CurrentUser, session: DbSession, scope: PipelineScope, params: Params
) -> HTMLResponse:
    """The briefing of the period asked for; a bad period or team is shown above the form."""
    today = date.today()
    context: dict[str, Any] = {
        "params": params,
        "teams": visible_teams(session, scope),
        "quick": quick_periods(today),
        "home_region": request.app.state.settings.home_region,
    }
    try:
        briefing = make_briefing(request, session, scope, params, today)
    except AccessDenied:
        raise
    except PipelineError as error:
        return render(request, "briefing.html", auth, status=422, problem=str(error), **context)
    period = briefing.period
    filled = BriefingParams(
        period.start.isoformat(), period.end.isoformat(), params.team, params.region
    )
    context["params"] = filled
    return render(
        request,
        "briefing.html",
        auth,
        query=filled.query_string(),
        **briefing_context(briefing),
        **context,
    )


@router.get("/pipeline/briefing.{kind}")
def briefing_download(
    kind: Annotated[Literal["pdf", "docx", "html"], Path()],
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    params: Params,
) -> Response:
    """The briefing as 招商工作简报_<start>_<end>.pdf / .docx / .html."""
    return briefing_file(make_briefing(request, session, scope, params), kind)
