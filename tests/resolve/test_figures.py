"""Investment figures: conflicts, the figure shown and increases."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.resolve.figures import added_amount, investment_figures, is_increase
from chainatlas.resolve.mentions import ProjectFact


def mention(published: str, amount: float | None, sentence: str = "") -> ProjectFact:
    return ProjectFact(
        fact_id=0, document_id=0, document_hash=published, published=date.fromisoformat(published),
        name="华勤笔记本电脑项目", company=None, region=None, region_code=None,
        investment_cny=amount, capacity=None, status=None, sentence=sentence,
    )  # fmt: skip


def test_conflicting_totals_show_the_most_recent_and_keep_all() -> None:
    figures = investment_figures([mention("2022-06-20", 3.2e9), mention("2022-02-15", 3.0e9)])
    assert figures.shown_cny == 3.2e9
    assert figures.conflict
    assert [f.investment_cny for f in figures.totals] == [3.0e9, 3.2e9]


def test_equally_recent_figures_prefer_the_more_specific() -> None:
    figures = investment_figures([mention("2022-06-20", 5.0e9), mention("2022-06-20", 5.23e9)])
    assert figures.shown_cny == 5.23e9


def test_figures_within_half_a_percent_do_not_conflict() -> None:
    assert not investment_figures(
        [mention("2022-01-01", 1.0e9), mention("2022-02-01", 1.004e9)]
    ).conflict


@pytest.mark.parametrize(
    ("sentence", "increase", "added", "stated"),
    [
        ("华勤技术对池州笔记本电脑项目增资5亿元，新增两条产线。", True, 5e8, True),
        ("项目追加投资3000万元。", True, 3e7, True),
        ("项目获得增资，总投资达到7亿元。", True, 7e8, False),
        ("项目总投资30亿元。", False, 7e8, False),
    ],
)
def test_increases_count_the_added_amount(
    sentence: str, increase: bool, added: float, stated: bool
) -> None:
    fact = mention("2023-05-01", 7e8, sentence)
    assert is_increase(fact) is increase
    assert added_amount(fact) == (added, stated)
