"""Pipeline pages: the 三比三看 comparison (/pipeline/compare: ranking table with each
indicator's value and rank, weights to adjust, a score chart) and the 亩均 evaluation
(/pipeline/land: graded records, promised vs realised, county/zone and team totals)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from chainatlas.api.deps import CurrentUser, DbSession, PipelineScope
from chainatlas.api.params import MAX_ROW_ID, OptionalDay
from chainatlas.formatting import format_amount
from chainatlas.pipeline.access import visible_teams
from chainatlas.pipeline.comparison import (
    BY_KEY,
    DEFAULT_WEIGHTS,
    GROUPINGS,
    INDICATORS,
    METHODS,
    Comparison,
    ComparisonError,
    compare,
    parse_weights,
)
from chainatlas.pipeline.evaluation import (
    GRADE_NAMES,
    GRADES,
    WAN,
    LandRules,
    land_efficiency,
)
from chainatlas.pipeline.listing import RecordFilter
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.stages import STAGE_NAMES
from chainatlas.web.i18n import register_messages, request_lang, translator
from chainatlas.web.render import render
from chainatlas.web.routes.targets import YearQuery, year_and_day

router = APIRouter(include_in_schema=False)

register_messages(
    {
        "compare.title": ("比学赶超 · 三比三看", "Comparison (三比三看)"),
        "compare.year": ("年度", "Year"),
        "compare.as_of": ("截至日期", "As of"),
        "compare.by": ("比较对象", "Compare"),
        "compare.by_region": ("县区/园区", "Counties and zones"),
        "compare.by_team": ("专班/小分队", "Teams"),
        "compare.method": ("赋分方法", "Points"),
        "compare.method_rank": ("按名次赋分", "By rank"),
        "compare.method_minmax": ("按极差赋分", "Min-max"),
        "compare.weights": ("指标权重", "Weights"),
        "compare.reset": ("恢复默认权重", "Default weights"),
        "compare.show": ("排名", "Rank"),
        "compare.rank": ("名次", "Rank"),
        "compare.group": ("对象", "Group"),
        "compare.score": ("得分", "Score"),
        "compare.records": ("项目数", "Records"),
        "compare.chart": ("综合得分", "Scores"),
        "compare.empty": ("没有可比较的对象", "Nothing to compare"),
        "compare.invalid": ("权重有误：{message}", "Bad weights: {message}"),
        "compare.hidden": (
            "排名在全部 {total} 个专班中计算；其他 {hidden} 个专班的数据不向本专班显示。",
            "Ranked among all {total} teams; the other {hidden} teams are not shown to you.",
        ),
        "compare.team_view": (
            "仅统计本专班的项目（其他专班的项目不在可见范围内）。",
            "Counts only your teams' records (other teams' records are not visible to you).",
        ),
        "compare.unassigned": (
            "{n} 个项目未填县区/专班，未参与排名。",
            "{n} records without a county/zone or team are left out.",
        ),
        "compare.explain": ("指标说明", "How the ranking works"),
        "compare.explain_rank": (
            "按名次赋分：第1名得满分，末名得0分，中间按 (参评数−名次)/(参评数−1) 计；"
            "并列同分同名次；无数值者不排名、得0分；数值为0者得0分。",
            "By rank: first gets full points, last none, others (n − rank)/(n − 1); equal values "
            "share a rank; groups without a value get no rank and no points; 0 earns nothing.",
        ),
        "compare.explain_minmax": (
            "按极差赋分：(数值−最小值)/(最大值−最小值)；全部相同则都得满分；无数值或为0者得0分。",
            "Min-max: (value − min)/(max − min); all equal gives full points; no value or 0, none.",
        ),
        "compare.explain_score": (
            "综合得分 = Σ(权重×得分)/Σ权重×100；得分相同者并列，按名称排序。",
            "Score = Σ(weight × points)/Σ weights × 100; equal scores share a rank, by name.",
        ),
        "compare.weight": ("权重", "Weight"),
        "compare.definition": ("口径", "Definition"),
        "land.title": ("亩均效益评价", "Per-mu evaluation"),
        "land.region": ("县区/园区", "County/zone"),
        "land.team": ("专班", "Team"),
        "land.any": ("全部", "Any"),
        "land.grade": ("等级", "Grade"),
        "land.benchmark": ("亩均税收基准(万元/亩)", "Tax benchmark (万元/亩)"),
        "land.shortfall": ("兑现预警线(%)", "Shortfall line (%)"),
        "land.apply": ("筛选", "Filter"),
        "land.name": ("项目", "Record"),
        "land.stage": ("阶段", "Stage"),
        "land.mu": ("用地(亩)", "Land (亩)"),
        "land.intensity": ("投资强度", "Investment/亩"),
        "land.promised_output": ("承诺亩均产值", "Promised output/亩"),
        "land.promised_tax": ("承诺亩均税收", "Promised tax/亩"),
        "land.realised_output": ("实际亩均产值", "Realised output/亩"),
        "land.realised_tax": ("实际亩均税收", "Realised tax/亩"),
        "land.tax_ratio": ("税收兑现率", "Tax realised"),
        "land.output_ratio": ("产值兑现率", "Output realised"),
        "land.promised_grade": ("承诺等级", "Promised grade"),
        "land.records": ("项目数", "Records"),
        "land.unevaluable": ("无法评价", "Cannot evaluate"),
        "land.reason": ("原因", "Reason"),
        "land.shortfalls": ("兑现不足（低于预警线）", "Short of promise"),
        "land.by_region": ("按县区/园区汇总", "By county/zone"),
        "land.by_team": ("按专班汇总", "By team"),
        "land.total": ("合计", "Total"),
        "land.operating": ("投产/达产", "Operating"),
        "land.empty": ("没有已签约的项目", "No signed records"),
        "land.rules": (
            "等级按实际亩均税收与基准之比：A ≥ {a}%，B ≥ {b}%，C ≥ {c}%，其余为 D；"
            "汇总值为合计÷合计。实际数只计投产/达产项目。",
            "Grades by realised tax per 亩 against the benchmark: A ≥ {a}%, B ≥ {b}%, "
            "C ≥ {c}%, else D; totals are sums over sums; realised figures count once operating.",
        ),
        "land.invalid": ("参数有误：{message}", "Bad parameters: {message}"),
    }
)


def _wan_per_mu(value: float | None) -> str:
    return "—" if value is None else f"{value / WAN:,.2f}万元/亩"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _value_text(unit: str, value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    if unit == "元":
        return format_amount(value, lang)
    if unit == "share":
        return _pct(value)
    if unit == "元/亩":
        return _wan_per_mu(value)
    return f"{value:g}"


def score_chart(result: Comparison, title: str) -> dict[str, Any]:
    """ECharts option: one horizontal bar per group, best at the top."""
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 24, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": title, "max": 100},
        "yAxis": {"type": "category", "inverse": True, "data": [r.group for r in result.rows]},
        "series": [
            {
                "type": "bar",
                "name": title,
                "data": [round(r.score, 1) for r in result.rows],
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def _weights_from(request: Request) -> tuple[str, dict[str, str]]:
    """The weight overrides of the form (``w_signed=30`` …) as ``signed=30,…`` text, and
    the texts as typed (to show them again)."""
    typed = {
        key: request.query_params.get(f"w_{key}", "").strip()
        for key in BY_KEY
        if request.query_params.get(f"w_{key}", "").strip()
    }
    return ",".join(f"{key}={value}" for key, value in typed.items()), typed


@router.get("/pipeline/compare")
def compare_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    year: YearQuery = None,
    as_of: OptionalDay = None,
    by: Annotated[str, Query(pattern="^(region|team)$")] = "region",
    method: Annotated[str, Query(pattern="^(rank|minmax)$")] = "rank",
) -> HTMLResponse:
    lang = request_lang(request)
    t = translator(lang)
    today = date.today()
    chosen_year, day = year_and_day(year, as_of)
    text, typed = _weights_from(request)
    error = None
    try:
        weights = parse_weights(text)
        result = compare(session, scope, chosen_year, day, by, weights, method)
    except ComparisonError as problem:
        error = t("compare.invalid", message=str(problem))
        result = compare(session, scope, chosen_year, day, by, None, method)
    shown = {key: typed.get(key, f"{weight:g}") for key, weight in DEFAULT_WEIGHTS.items()}
    return render(
        request,
        "pipeline_compare.html",
        auth,
        status=422 if error else 200,
        result=result,
        year=chosen_year,
        years=sorted({*range(today.year - 5, today.year + 2), chosen_year}),
        as_of=day,
        by=by,
        method=method,
        groupings=GROUPINGS,
        methods=METHODS,
        indicators=[i for i in INDICATORS if by == "team" or not i.team_only],
        weights_shown=shown,
        error=error,
        chart=score_chart(result, t("compare.score")),
        value_text=lambda unit, value: _value_text(unit, value, lang),
    )


@router.get("/pipeline/land")
def land_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    region: Annotated[str, Query(max_length=100)] = "",
    team: Annotated[str, Query(max_length=20)] = "",
    grade: Annotated[str, Query(pattern="^[ABCD]?$")] = "",
    benchmark: Annotated[str, Query(max_length=20)] = "",
    shortfall: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    lang = request_lang(request)
    t = translator(lang)
    defaults = LandRules()
    error = None
    try:
        rules = LandRules(
            benchmark_tax_per_mu=_number(
                benchmark, "benchmark", defaults.benchmark_tax_per_mu / WAN
            )
            * WAN,
            shortfall_ratio=_number(shortfall, "shortfall", defaults.shortfall_ratio * 100) / 100,
        )
        team_id = _team_id(team)
    except PipelineError as problem:
        error = t("land.invalid", message=str(problem))
        rules, team_id = defaults, None
    filters = RecordFilter(region=region.strip() or None, team_id=team_id)
    report = land_efficiency(session, scope, rules, filters, grade or None)
    share: Callable[[float], str] = lambda value: f"{value * 100:g}"  # noqa: E731
    return render(
        request,
        "pipeline_land.html",
        auth,
        status=422 if error else 200,
        report=report,
        rules=rules,
        rules_text=t(
            "land.rules",
            a=share(rules.grade_shares[0]),
            b=share(rules.grade_shares[1]),
            c=share(rules.grade_shares[2]),
        ),
        region=region,
        team_id=team_id,
        teams=visible_teams(session, scope),
        grade=grade,
        grades=GRADES,
        grade_names=GRADE_NAMES,
        benchmark_text=benchmark or f"{defaults.benchmark_tax_per_mu / WAN:g}",
        shortfall_text=shortfall or f"{defaults.shortfall_ratio * 100:g}",
        error=error,
        stage_names=STAGE_NAMES,
        per_mu=_wan_per_mu,
        pct=_pct,
    )


def _number(text: str, name: str, default: float) -> float:
    """A number typed in a filter field (``default`` when blank); PipelineError naming it."""
    if not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise PipelineError(f"{name} must be a number, got {text.strip()!r}")
    return value


def _team_id(text: str) -> int | None:
    """The team filter: blank for any team, else a row id; PipelineError otherwise."""
    if not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_ROW_ID:
        raise PipelineError(f"team must be a team id, got {text.strip()!r}")
    return int(text)
