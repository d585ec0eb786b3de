"""Pipeline API: the 招商工作简报 (briefing) of a period as JSON, and the query parameters
and file responses the briefing pages share with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from chainatlas.api.deps import DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.routes.chains import chain_library
from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.export import content_disposition
from chainatlas.reports import Briefing, BriefingRequest, FontMissing, build_briefing, parse_period

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class BriefingParams:
    """The briefing's query: period, team and region, as typed (checked by the library)."""

    start: str = ""
    end: str = ""
    team: str = ""
    region: str = ""

    def query_string(self) -> str:
        values = {"start": self.start, "end": self.end, "team": self.team, "region": self.region}
        return urlencode({k: v.strip() for k, v in values.items() if v.strip()})


def briefing_params(
    start: Annotated[
        str, Query(max_length=20, description="First day, YYYY-MM-DD (default 1 January)")
    ] = "",
    end: Annotated[
        str, Query(max_length=20, description="Last day, YYYY-MM-DD (default today)")
    ] = "",
    team: Annotated[str, Query(max_length=200, description="One team's name; omitted = all")] = "",
    region: Annotated[
        str, Query(max_length=100, description="Region for the 补链 gaps; omitted = home region")
    ] = "",
) -> BriefingParams:
    return BriefingParams(start, end, team, region)


Params = Annotated[BriefingParams, Depends(briefing_params)]


def make_briefing(
    request: Request,
    session: Session,
    scope: Scope,
    params: BriefingParams,
    today: date | None = None,
) -> Briefing:
    """The briefing the parameters ask for; BriefingError (422) names a bad date or period."""
    day = today or date.today()
    period = parse_period(params.start, params.end, day)
    wanted = BriefingRequest(period, params.team.strip() or None, params.region.strip() or None)
    return build_briefing(
        session,
        scope,
        wanted,
        home_region=request.app.state.settings.home_region,
        today=day,
        library=chain_library(request),
    )


def briefing_file(briefing: Briefing, kind: str) -> Response:
    """The briefing as a download: 招商工作简报_2026-01-01_2026-06-30.pdf (or .docx, .html)."""
    from chainatlas.reports.docx import render_docx
    from chainatlas.reports.html import render_html
    from chainatlas.reports.pdf import render_pdf

    try:
        if kind == "pdf":
            body = render_pdf(briefing)
        elif kind == "docx":
            body = render_docx(briefing)
        else:
            body = render_html(briefing).encode("utf-8")
    except FontMissing as error:
        raise ApiError(503, str(error), code="font_missing") from None
    slug = briefing.period.slug
    name, fallback = f"{briefing.title}_{slug}.{kind}", f"briefing_{slug}.{kind}"
    headers = {"Content-Disposition": content_disposition(name, fallback)}
    return Response(body, media_type=MEDIA_TYPES[kind], headers=headers)


@router.get("/pipeline/briefing")
def briefing_data(
    request: Request, session: DbSession, scope: PipelineScope, params: Params
) -> dict[str, Any]:
    """The briefing of a period (default: this year to date) over the records you may see:
    totals (verified signings apart from unverified ones), progress against the targets
    with 序时进度, new signings, starts and commissionings, per-team and per-county tables,
    the stage funnel, overdue and escalated records, and 补链 gaps of the home region."""
    return make_briefing(request, session, scope, params).to_json()
