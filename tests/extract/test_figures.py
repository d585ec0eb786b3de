"""Tests for chainatlas.extract.figures: aggregate indicators and targets."""

from __future__ import annotations

import time
from datetime import date

import pytest

from chainatlas.extract.base import ExtractionContext, split_sentences
from chainatlas.extract.figures import FigureStage
from chainatlas.extract.model import Extraction, FigureMention
from chainatlas.extract.money import AmountStage
from chainatlas.extract.regions import RegionStage


def _figures(text: str, published: date | None = date(2024, 3, 1)) -> list[FigureMention]:
    context = ExtractionContext(
        text=text,
        published=published,
        sentences=split_sentences(text),
        result=Extraction(published=published),
    )
    for stage in (RegionStage(), AmountStage(), FigureStage()):
        stage(context)
    return context.result.figures


def test_money_indicator_with_growth_region_and_period() -> None:
    (figure,) = _figures("2023年，宿迁市完成工业投资205.6亿元，增长12.4%。")
    assert (figure.kind, figure.indicator, figure.unit) == ("indicator", "工业投资", "元")
    assert figure.value == pytest.approx(2.056e10)
    assert figure.growth_pct == pytest.approx(12.4)
    assert (figure.region, figure.period) == ("宿迁市", "2023")
    assert figure.text == "205.6亿元"


def test_project_counts_and_aggregate_investment() -> None:
    figures = _figures("今年以来，郏县签约项目36个，总投资88亿元。")
    assert [(f.indicator, f.value, f.unit) for f in figures] == [
        ("签约项目", 36.0, "个"),
        ("总投资", 8.8e9, "元"),
    ]
    assert {f.region for f in figures} == {"郏县"}
    assert {f.period for f in figures} == {"2024"}


def test_count_written_before_the_projects() -> None:
    (figure,) = _figures("徐州市铜山区12个项目集中开工。")
    assert (figure.indicator, figure.value, figure.region) == ("项目集中开工", 12.0, "铜山区")


def test_targets_take_the_target_year() -> None:
    figures = _figures("到2027年，宿迁市力争培育2个千亿级产业集群。")
    assert [(f.kind, f.indicator, f.value, f.period) for f in figures] == [
        ("target", "千亿级产业集群", 2.0, "2027"),
    ]


def test_target_for_the_whole_year_uses_the_publication_year() -> None:
    (figure,) = _figures("郏县力争全年引进项目不少于15个。")
    assert (figure.kind, figure.indicator, figure.value, figure.period) == (
        "target",
        "引进项目",
        15.0,
        "2024",
    )


def test_a_single_projects_own_investment_is_not_an_aggregate() -> None:
    assert _figures("该项目总投资5亿元，建设标准厂房。") == []


def test_text_without_figures() -> None:
    assert _figures("") == []
    assert _figures("园区环境优美，交通便利。") == []


def test_time_grows_linearly_with_one_long_dense_line() -> None:
    """Doubling a text without sentence breaks at most roughly doubles the time."""
    unit = "宿迁市沭阳县签约项目12个，总投资超50亿元，增长12%，园区投资3亿元建设厂房，"

    def seconds(copies: int) -> float:
        text = unit * copies
        context = ExtractionContext(
            text=text,
            published=None,
            sentences=split_sentences(text),
            result=Extraction(published=None),
            masked=[(i, i + 3) for i in range(0, len(text), 997)],
        )
        # CPU time of this process, best of three: a busy machine must not fail the ratio.
        began = time.process_time()
        for stage in (RegionStage(), AmountStage(), FigureStage()):
            stage(context)
        return time.process_time() - began

    seconds(200)  # warm the gazetteer
    small, large = min(seconds(800) for _ in range(3)), min(seconds(1600) for _ in range(3))
    assert large < 3.0 * small


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("池州市青阳县招商。青阳县签约。今年全市签约项目20个。", "池州市"),
        ("池州市青阳县招商。青阳县签约。今年全县签约项目20个。", "青阳县"),
        ("池州市青阳县招商。青阳县签约。今年全省签约项目20个。", "安徽省"),
        # a place named after the scope word is nearer
        ("池州市青阳县招商。青阳县签约。今年全市东至县签约项目20个。", "东至县"),
    ],
)
def test_scope_words_refer_to_the_main_region_at_their_level(text: str, region: str) -> None:
    figures = _figures(text)
    assert [f.region for f in figures] == [region]
