"""Counting rules: once per project, increases add only what was added, reasons kept."""

from __future__ import annotations

from datetime import date

from chainatlas.resolve.counting import (
    CountableProject,
    CountedAmount,
    counted_amount,
    total,
    without_phases,
)
from chainatlas.resolve.figures import investment_figures
from chainatlas.resolve.mentions import ProjectFact


def mention(published: str, amount: float | None, sentence: str = "") -> ProjectFact:
    return ProjectFact(
        fact_id=0, document_id=0, document_hash=published + sentence,
        published=date.fromisoformat(published), name="华勤笔记本电脑项目", company=None,
        region=None, region_code=None, investment_cny=amount, capacity=None, status=None,
        sentence=sentence,
    )  # fmt: skip


def test_base_plus_distinct_increases() -> None:
    figures = investment_figures(
        [
            mention("2022-02-15", 3.0e9),
            mention("2023-05-01", 5e8, "项目增资5亿元。"),
            mention(
                "2023-05-02", 5e8, "该项目增资5亿元，用于扩产。"
            ),  # the same increase reported twice
        ]
    )
    counted = counted_amount(figures)
    assert counted.counted_cny == 3.5e9
    assert counted.why == "total investment 30亿元 + 增资 +5亿元"


def test_an_increase_without_its_amount_counts_up_to_the_new_total() -> None:
    figures = investment_figures(
        [
            mention("2022-02-15", 3.0e9),
            mention("2023-06-15", 4.5e9, "项目完成增资，总投资增至45亿元。"),
        ]
    )
    assert counted_amount(figures).counted_cny == 4.5e9


def test_phases_take_their_share_of_the_whole() -> None:
    whole = CountedAmount(5e9, "total investment 50亿元")
    rest = without_phases(whole, [CountedAmount(2e9, "一期"), CountedAmount(None, "二期")])
    assert rest == CountedAmount(3e9, "total investment 50亿元 − 20亿元 counted by its phases")
    assert without_phases(whole, [CountedAmount(6e9, "一期")]).counted_cny == 0.0
    assert (
        without_phases(CountedAmount(None, "none"), [CountedAmount(6e9, "一期")]).counted_cny
        is None
    )


def test_no_figure_counts_without_amount() -> None:
    counted = counted_amount(investment_figures([mention("2022-02-15", None)]))
    assert counted.counted_cny is None
    assert "no investment figure" in counted.why


def test_a_project_listed_twice_counts_once_and_every_item_explains_itself() -> None:
    result = total(
        [
            CountableProject(2, "二期", 2e9, "total investment 20亿元"),
            CountableProject(1, "一期", 3.7e9, "total investment 32亿元 + 增资 +5亿元"),
            CountableProject(2, "二期", 2e9, "total investment 20亿元"),
            CountableProject(3, "主板", None, "no investment figure stated"),
        ]
    )
    assert (result.projects, result.amount_cny) == (3, 5.7e9)
    assert [(i.project_id, i.counted_cny) for i in result.items] == [(1, 3.7e9), (2, 2e9), (3, 0.0)]
    assert result.to_json()["rules"]
