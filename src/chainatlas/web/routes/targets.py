"""Pipeline pages: annual targets and progress with 序时进度 (超进度/欠进度), the team
comparison, stage conversion rates, setting and deleting targets, and the XLSX exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chainatlas.api.deps import Auth, CurrentUser, DbSession, PipelineScope
from chainatlas.api.params import OptionalDay, RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.api.routes.targets import (
    RecordFilterParams,
    as_of_day,
    progress_export,
    records_export,
    resolve_chain,
)
from chainatlas.formatting import format_amount
from chainatlas.pipeline.access import Scope, require_targets
from chainatlas.pipeline.models import Team
from chainatlas.pipeline.progress import (
    AHEAD,
    ProgressRow,
    conversion_rates,
    default_as_of,
    pending_signings,
    progress_sections,
    team_comparison,
    time_progress,
    visible_record_ids,
)
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.stages import STAGE_NAMES
from chainatlas.pipeline.targets import (
    AMOUNT_INDICATORS,
    INDICATORS,
    YEARS,
    delete_target,
    list_targets,
    parse_target_value,
    set_target,
    team_for,
)
from chainatlas.web.i18n import register_messages, request_lang, translator
from chainatlas.web.render import chain_name, render

router = APIRouter(include_in_schema=False)

register_messages(
    {
        "targets.title": ("目标进度", "Targets and progress"),
        "targets.year": ("年度", "Year"),
        "targets.as_of": ("截至日期", "As of"),
        "targets.scope": ("范围", "Scope"),
        "targets.region": ("全区", "Whole region"),
        "targets.show": ("查看", "Show"),
        "targets.time_progress": ("序时进度", "Time progress"),
        "targets.indicator": ("指标", "Indicator"),
        "targets.chain": ("产业链", "Chain"),
        "targets.all_chains": ("全部产业链", "All chains"),
        "targets.target": ("目标", "Target"),
        "targets.achieved": ("完成", "Achieved"),
        "targets.completion": ("完成率", "Completion"),
        "targets.status": ("状态", "Status"),
        "targets.gap": ("差距(百分点)", "Gap (points)"),
        "targets.bar": ("完成率 / 序时进度", "Completion / time progress"),
        "targets.evidence": ("计入明细", "Counted records"),
        "targets.evidence_none": ("尚无计入记录", "Nothing counted yet"),
        "targets.evidence_hidden": (
            "另有 {n} 条属于其他专班的记录（不显示名称）",
            "{n} more items from other teams (names not shown)",
        ),
        "targets.record": ("项目", "Record"),
        "targets.amount": ("金额", "Amount"),
        "targets.date": ("日期", "Date"),
        "targets.why": ("计入依据", "Counted as"),
        "targets.none": ("本年度尚未设定目标", "No targets set for this year"),
        "targets.chart": ("完成率与序时进度", "Completion against time progress"),
        "targets.compare": ("各专班完成率对比", "Teams side by side"),
        "targets.compare_none": ("各专班本年度尚未设定目标", "No team has targets this year"),
        "targets.conversion": ("阶段转化率", "Stage conversion"),
        "targets.period": ("统计期间", "Period"),
        "targets.from_stage": ("从", "From"),
        "targets.to_stage": ("到", "To"),
        "targets.reached_from": ("到达前一阶段", "Reached first"),
        "targets.reached_to": ("到达后一阶段", "Reached next"),
        "targets.rate": ("转化率", "Rate"),
        "targets.pending": ("待核验签约", "Signings awaiting 核验"),
        "targets.pending_hint": (
            "以下签约尚未核验，核验前不计入进度：共 {n} 个，{amount}",
            "These signings are not verified yet and do not count: {n}, {amount}",
        ),
        "targets.pending_none": ("没有待核验的签约", "No signing awaits verification"),
        "targets.team": ("专班", "Team"),
        "targets.signed_on": ("签约日期", "Signed on"),
        "targets.set": ("设定目标", "Set a target"),
        "targets.value": ("目标值", "Value"),
        "targets.value_hint": (
            "金额写单位，如 50亿、5000万；项目数写整数",
            "Amounts with a unit (50亿, 5000万); counts as whole numbers",
        ),
        "targets.save": ("保存", "Save"),
        "targets.delete": ("删除", "Delete"),
        "targets.list": ("已设目标", "Targets set"),
        "targets.export_progress": ("导出进度 Excel", "Export progress (XLSX)"),
        "targets.export_records": ("导出项目库 Excel", "Export records (XLSX)"),
        "targets.invalid": ("目标未保存：{message}", "Target not saved: {message}"),
    }
)

# Colours of the chart: the status colours of the badges.
AHEAD_COLOUR = "#2e7d32"
BEHIND_COLOUR = "#c62828"


@dataclass(frozen=True)
class TargetForm:
    """What the target form sent (kept to show it again with the error)."""

    year: int
    team: str = ""
    indicator: str = "signed_cny"
    chain: str = ""
    value: str = ""


def _amount_text(row: ProgressRow, value: float, amount: Callable[[float], str]) -> str:
    return amount(value) if row.indicator in AMOUNT_INDICATORS else f"{value:g}"


def progress_chart(
    rows: list[ProgressRow], t: Callable[..., str], label: Callable[[ProgressRow], str]
) -> dict[str, Any]:
    """Completion per indicator as bars (green 超进度, red 欠进度) with 序时进度 as a line
    across them."""
    elapsed = round(rows[0].time_progress * 100, 1) if rows else 0.0
    completions = [round(row.completion * 100, 1) for row in rows]
    caption = f"{t('targets.time_progress')} {elapsed}%"
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 40, "top": 28, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "value",
            "max": max([100.0, elapsed, *completions]),
            "axisLabel": {"formatter": "{value}%"},
        },
        "yAxis": {"type": "category", "inverse": True, "data": [label(row) for row in rows]},
        "series": [
            {
                "name": t("targets.completion"),
                "type": "bar",
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
                "data": [
                    {
                        "value": value,
                        "itemStyle": {
                            "color": AHEAD_COLOUR if row.status == AHEAD else BEHIND_COLOUR
                        },
                    }
                    for row, value in zip(rows, completions, strict=True)
                ],
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"color": "#1f2933", "type": "dashed", "width": 2},
                    "label": {"formatter": caption, "position": "start"},
                    "data": [{"xAxis": elapsed, "name": caption}],
                },
            }
        ],
    }


def year_and_day(year: int | None, as_of: OptionalDay) -> tuple[int, date]:
    """The year asked for (else the as-of day's, else this year) and the as-of day in it."""
    if year is None:
        year = (as_of if isinstance(as_of, date) else date.today()).year
    return year, as_of_day(year, as_of)


def _team_id(team: str | None) -> int | None:
    text = (team or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise PipelineError(f"team={team!r} is not a team id")
    return int(text)


@dataclass(frozen=True)
class View:
    """What the page shows: a year as of a day, the region (team None) or a team, and the
    period of the conversion rates (None: the year up to the as-of day)."""

    year: int
    as_of: date
    team_id: int | None = None
    period: tuple[date, date] | None = None


def _page(
    request: Request,
    auth: Auth,
    session: Session,
    scope: Scope,
    view: View,
    form: TargetForm | None = None,
    error: str | None = None,
) -> HTMLResponse:
    year, as_of = view.year, view.as_of
    lang = request_lang(request)
    t = translator(lang)
    library = chain_library(request)
    team = team_for(session, scope, view.team_id)
    sections = progress_sections(session, scope, year, as_of)
    if team is None:
        rows = sections[0].rows
    else:
        rows = next(s.rows for s in sections if s.team is not None and s.team.id == team.id)
    start, end = view.period or (date(year, 1, 1), as_of)
    pending = pending_signings(session, year, as_of, team)
    if not scope.region_wide and team is None:
        # Other teams' unverified signings are not the reader's to see by name.
        seen = visible_record_ids(session, scope)
        pending = [item for item in pending if item.record_id in seen]

    def row_label(row: ProgressRow) -> str:
        return f"{row.label}（{chain_name(library, row.chain)}）" if row.chain else row.label

    teams = [s.team for s in sections if s.team is not None]
    return render(
        request,
        "pipeline_targets.html",
        auth,
        status=422 if error else 200,
        year=year,
        as_of=as_of,
        elapsed=time_progress(year, as_of),
        team=team,
        teams=teams,
        rows=rows,
        row_label=row_label,
        value_text=lambda row, value: _amount_text(row, value, lambda v: format_amount(v, lang)),
        chart=progress_chart(rows, t, row_label),
        comparison=team_comparison(sections),
        compare_teams=teams,
        conversion=conversion_rates(session, start, end, team),
        period=(start, end),
        stage_names=STAGE_NAMES,
        pending=pending,
        pending_total=sum(p.amount_cny or 0.0 for p in pending),
        can_set=scope.can_set_targets,
        targets=_all_targets(session, year, teams) if scope.can_set_targets else [],
        indicators=INDICATORS,
        chains=sorted(library.chains.values(), key=lambda c: c.id),
        form=form or TargetForm(year=year, team=str(team.id) if team else ""),
        error=error,
        query=urlencode({"year": year, "as_of": as_of.isoformat()}),
        years=range(max(YEARS.start, year - 3), min(YEARS.stop, year + 3)),
        ahead=AHEAD,
    )


@dataclass(frozen=True)
class TargetLine:
    id: int
    team: str | None
    indicator: str
    chain: str | None
    value: float


def _all_targets(session: Session, year: int, teams: list[Team]) -> list[TargetLine]:
    found = [
        TargetLine(t.id, None, t.indicator, t.chain, t.value) for t in list_targets(session, year)
    ]
    for team in teams:
        found.extend(
            TargetLine(t.id, team.name, t.indicator, t.chain, t.value)
            for t in list_targets(session, year, team)
        )
    return found


YearQuery = Annotated[int | None, Query(ge=YEARS.start, le=YEARS.stop - 1)]


@router.get("/pipeline/targets")
def targets_page(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    year: YearQuery = None,
    as_of: OptionalDay = None,
    team: Annotated[str | None, Query(max_length=20)] = None,
    start: OptionalDay = None,
    end: OptionalDay = None,
) -> HTMLResponse:
    chosen_year, day = year_and_day(year, as_of)
    period = None
    if isinstance(start, date) or isinstance(end, date):
        first = start if isinstance(start, date) else date(chosen_year, 1, 1)
        last = end if isinstance(end, date) else day
        if last < first:
            raise PipelineError(f"period ends ({last}) before it starts ({first})")
        period = (first, last)
    return _page(request, auth, session, scope, View(chosen_year, day, _team_id(team), period))


@router.post("/pipeline/targets")
def save_target(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    year: Annotated[int, Form(ge=YEARS.start, le=YEARS.stop - 1)],
    indicator: Annotated[str, Form(max_length=32)],
    value: Annotated[str, Form(max_length=40)],
    team: Annotated[str, Form(max_length=20)] = "",
    chain: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Set a target from the form; on a bad value the page comes back with the error."""
    require_targets(scope)
    form = TargetForm(year=year, team=team, indicator=indicator, chain=chain, value=value)
    as_of = default_as_of(year, date.today())
    try:
        chosen = team_for(session, scope, _team_id(team))
        amount = parse_target_value(indicator, value)
        set_target(session, year, indicator, amount, chosen, resolve_chain(request, chain))
    except PipelineError as error:
        t = translator(request_lang(request))
        message = t("targets.invalid", message=str(error))
        return _page(request, auth, session, scope, View(year, as_of), form, message)
    query = urlencode({"year": year, "team": team})
    return RedirectResponse(f"/pipeline/targets?{query}", status_code=303)


@router.post("/pipeline/targets/{target_id}/delete")
def remove_target(
    target_id: RowId,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
) -> RedirectResponse:
    require_targets(scope)
    target = delete_target(session, target_id)
    query = urlencode({"year": target.year, "team": target.team_id or ""})
    return RedirectResponse(f"/pipeline/targets?{query}", status_code=303)


@router.get("/pipeline/targets/export.xlsx")
def export_progress_page(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    year: YearQuery = None,
    as_of: OptionalDay = None,
) -> Response:
    chosen_year, day = year_and_day(year, as_of)
    return progress_export(request, session, scope, chosen_year, day)


@router.get("/pipeline/export.xlsx")
def export_records_page(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    filters: RecordFilterParams,
) -> Response:
    return records_export(request, session, scope, filters)
