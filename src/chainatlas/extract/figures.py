"""Aggregate indicators and targets: 完成工业投资318.8亿元，增长140.3%; 签约项目71个;
到2025年培育3个千亿级产业; 力争全年引进项目不少于20个.

A figure is either a count of projects (签约项目71个, 54个招商引资项目), a money
amount named by an economic indicator (工业投资, 到位资金, 产值 …) or a count of
scale-labelled industries (3个千亿级产业). A growth rate right after a figure
(增长140.3%) belongs to it. Sentences that state an aim (到2025年, 力争, 目标,
确保 …) make their figures targets. Each figure gets the region it is about
(``region_of_span``) and the period the sentence names.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from chainatlas.extract.base import ExtractionContext, Sentence, register_stage
from chainatlas.extract.dates import find_dates
from chainatlas.extract.model import AmountMention, FigureKind, FigureMention, RegionMention
from chainatlas.extract.numbers import parse_number
from chainatlas.extract.regions import RegionIndex, SpanSet

_COUNT = r"(?P<n>\d+|[一二两三四五六七八九十百]+)"
_COUNT2 = _COUNT.replace("<n>", "<n2>")
_COUNTED_UNIT = re.compile(r"(?:\d|[一二两三四五六七八九十百])[个项]")
_PROJECT_COUNT = re.compile(
    rf"(?P<ind>[\u4e00-\u9fff]{{0,8}}?项目)(?:数|总数)?(?:共|累计|合计|总计)?"
    rf"(?P<q>不少于|不低于|超过|超|达到|达|近|约)?{_COUNT}(?:个|项)"
    rf"|{_COUNT2}(?:个|项)(?P<ind2>[\u4e00-\u9fff]{{0,8}}?项目"
    r"(?:集中开工|集中签约|集中竣工|开工建设|开工|签约|落地|竣工|投产)?)"
)
_SCALE_COUNT = re.compile(
    rf"{_COUNT}个(?P<ind>(?:万亿|千亿|百亿|十亿|亿)元?级[\u4e00-\u9fff]{{0,6}}?产业(?:集群|链)?)"
)
_INDICATOR = re.compile(
    r"固定资产投资|工业投资|民间投资|完成投资|计划总投资|年度计划投资|总投资|投资总额|到位资金|"
    r"签约总金额|签约金额|签约额|地区生产总值|生产总值|GDP|工业增加值|增加值|贷款余额|贷款|"
    r"交易额|工业产值|总产值|产值|营业收入|营收|销售收入|税收|利税|利润|进出口总额|出口额|消费品零售总额"
)
# Words that make a money amount an aggregate rather than one project's own figure.
_AGGREGATE_CUE = re.compile(
    r"\d+个|\d+项|全市|全县|全区|全省|全镇|累计|共计|合计|其中|今年以来|截至|同比|共"
)
_MACRO = ("固定资产投资", "工业投资", "民间投资", "生产总值", "GDP", "增加值", "贷款", "到位资金")
# 计划 is left out: 计划总投资 is a project's planned budget, not an aim.
_TARGET_CUE = re.compile(r"到(?:19|20)\d{2}年|力争|目标|确保|争取|预计|将达")
_TARGET_YEAR = re.compile(r"到((?:19|20)\d{2})年")
_GROWTH = re.compile(
    r"[，,、]?\s*(?:同比|比上年|较上年|比去年同期)?(?:增长|增加|提高|上升)(-?\d+(?:\.\d+)?)%"
)
_INDICATOR_LEAD = re.compile(
    r"^.*(?:的|共|已|累计|其中|全年|今年|季度|力争|争取|共有|全[市县区省州])"
)
_SCOPE = re.compile(r"全(市|县|区|省|州)")
_INDICATOR_WINDOW = 40
_CLAUSE_START = re.compile(r"[，,；;：:。！？、]")


@register_stage("figures")
class FigureStage:
    """Adds aggregate indicators and targets, with their region and period, to the result."""

    name = "figures"

    def __call__(self, context: ExtractionContext) -> None:
        amounts_by_sentence: dict[int, list[AmountMention]] = {}
        for amount in context.result.amounts:
            if amount.evidence is not None:
                amounts_by_sentence.setdefault(amount.evidence.sentence_start, []).append(amount)
        regions = RegionIndex(context)
        masked = SpanSet(context.masked)
        for sentence in context.sentences:
            amounts = amounts_by_sentence.get(sentence.start, [])
            if not amounts and "项目" not in sentence.text and "级" not in sentence.text:
                continue
            region_ends = sorted(
                end - sentence.start for end in regions.ends_between(sentence.start, sentence.end)
            )
            found = self._counts(sentence, region_ends) + self._money(sentence, amounts)
            if not found:
                continue
            kind: FigureKind = "target" if _TARGET_CUE.search(sentence.text) else "indicator"
            dates = find_dates(sentence.text, context.published)
            for start, end, indicator, value, unit in sorted(found):
                if masked.overlaps(start, end):
                    continue
                period = _period(sentence, dates, start, kind)
                growth = _GROWTH.match(sentence.text, end - sentence.start)
                region = _scope_region(sentence, start, regions) or _name(regions.region_at(start))
                context.result.figures.append(
                    FigureMention(
                        kind=kind,
                        indicator=indicator,
                        value=value,
                        unit=unit,
                        growth_pct=float(growth.group(1)) if growth else None,
                        region=region,
                        period=period,
                        text=context.text[start:end],
                        evidence=context.evidence(start, end),
                    )
                )

    def _counts(
        self, sentence: Sentence, region_ends: list[int]
    ) -> list[tuple[int, int, str, float, str]]:
        out: list[tuple[int, int, str, float, str]] = []
        if not _COUNTED_UNIT.search(sentence.text):
            return out  # every count pattern needs a number before 个/项
        for pattern, anchor in ((_PROJECT_COUNT, "项目"), (_SCALE_COUNT, "级")):
            if anchor not in sentence.text:
                continue
            for m in pattern.finditer(sentence.text):
                group = "ind" if m.group("ind") else "ind2"
                ind_start, ind_end = m.span(group)
                # a region named at the head of the indicator is its subject (郏县签约项目)
                k = bisect_left(region_ends, ind_end) - 1
                cut = region_ends[k] if k >= 0 and region_ends[k] > ind_start else ind_start
                indicator = _clean_indicator(sentence.text[cut:ind_end])
                number = parse_number(m.groupdict().get("n") or m.groupdict().get("n2") or "")
                if number is None or not indicator:
                    continue
                # the figure starts at its indicator, after the subject (今年全市|签约项目20个)
                local_start = ind_end - len(indicator) if group == "ind" else m.start()
                out.append(
                    (
                        sentence.start + local_start,
                        sentence.start + m.end(),
                        indicator,
                        number,
                        "个",
                    )
                )
        return out

    def _money(
        self, sentence: Sentence, amounts: list[AmountMention]
    ) -> list[tuple[int, int, str, float, str]]:
        out: list[tuple[int, int, str, float, str]] = []
        aggregate = bool(_AGGREGATE_CUE.search(sentence.text))
        for amount in amounts:
            assert amount.evidence is not None
            local_start = amount.evidence.start - sentence.start
            local_end = amount.evidence.end - sentence.start
            indicator = _indicator_before(sentence.text, local_start) or _indicator_after(
                sentence.text, local_end
            )
            if indicator is None or not (aggregate or indicator in _MACRO):
                continue
            out.append(
                (amount.evidence.start, amount.evidence.end, indicator, amount.value_cny, "元")
            )
        return out


def _scope_region(sentence: Sentence, start: int, regions: RegionIndex) -> str | None:
    """全市/全县/全省 before a figure, with no place named in between, scope it to the
    article's main region at that level (全市 in a story about 青阳县 is 池州市)."""
    scopes = list(_SCOPE.finditer(sentence.text, 0, start - sentence.start))
    main = regions.main
    if not scopes or main is None:
        return None
    scope_start = sentence.start + scopes[-1].start()
    if regions.ends_between(scope_start, start):
        return None
    level = scopes[-1].group(1)
    if level == "省":
        return main.province
    if level in ("市", "州"):
        return main.name if main.level == "city" else main.city
    return main.name if main.level == "county" else None


def _name(region: RegionMention | None) -> str | None:
    return region.name if region else None


def _indicator_before(text: str, end: int) -> str | None:
    """The last indicator word in the clause before ``end`` (looking back a bounded window)."""
    window_start = max(0, end - _INDICATOR_WINDOW)
    clause_start = window_start
    for m in _CLAUSE_START.finditer(text, window_start, end):
        clause_start = m.end()
    found = list(_INDICATOR.finditer(text, clause_start, end))
    return found[-1].group(0) if found else None


def _indicator_after(text: str, start: int) -> str | None:
    m = _INDICATOR.search(text, start, start + 6)
    return m.group(0) if m else None


def _clean_indicator(indicator: str) -> str:
    """招商引资项目 stays; what comes before 的, 共, 全年 … is the subject, not the indicator."""
    return _INDICATOR_LEAD.sub("", indicator)


def _period(
    sentence: Sentence, dates: list[tuple[int, int, str]], start: int, kind: FigureKind
) -> str | None:
    """The target year (到2025年), else the last date named before the figure, else the first."""
    if kind == "target":
        year = _TARGET_YEAR.search(sentence.text)
        if year:
            return year.group(1)
    # dates are in text order: the last one before the figure is found by bisection
    before = bisect_left(dates, start - sentence.start, key=lambda d: d[0])
    if before:
        return dates[before - 1][2]
    return dates[0][2] if dates else None
