"""Tests for chainatlas.extract.dates: resolving written dates against publication."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.extract.dates import find_dates, resolve_date

PUBLISHED = date(2024, 5, 10)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2024年4月9日", "2024-04-09"),
        ("二〇二四年四月九日", "2024-04-09"),
        ("2021-12-03", "2021-12-03"),
        ("今年8月份", "2024-08"),
        ("去年11月", "2023-11"),
        ("明年1月", "2025-01"),
        ("前年", "2022"),
        ("7月", "2024-07"),
        ("2月15日", "2024-02-15"),
        ("3月5号", "2024-03-05"),
        ("9月底", "2024-09"),
        ("2019年", "2019"),
        ("2020年10月", "2020-10"),
        ("二季度", "2024-Q2"),
        ("去年第四季度", "2023-Q4"),
        ("2023年一季度", "2023-Q1"),
        ("下半年", "2024-H2"),
        ("全年", "2024"),
        ("年底", "2024"),
        ("本月", "2024-05"),
        ("上月20日", "2024-04-20"),
        ("下月", "2024-06"),
    ],
)
def test_resolve_date(expr: str, expected: str) -> None:
    assert resolve_date(expr, PUBLISHED) == expected


@pytest.mark.parametrize("expr", ["14月", "2月31日", "一号工程", "1/4", "第5届", "30万吨", "五年"])
def test_resolve_date_rejects_non_dates(expr: str) -> None:
    assert resolve_date(expr, PUBLISHED) is None


@pytest.mark.parametrize(
    ("expr", "expected"),
    [("2022年6月", "2022-06"), ("今年6月", None), ("6月8日", None), ("2021年", "2021")],
)
def test_without_publication_only_absolute_dates_resolve(expr: str, expected: str | None) -> None:
    assert resolve_date(expr, None) == expected


def test_find_dates_gives_spans_and_values() -> None:
    text = "8月12—14日，考察团赴合肥；去年3月签约的项目于2024年1月开工。"
    found = find_dates(text, PUBLISHED)
    assert [(text[s:e], v) for s, e, v in found] == [
        ("8月12—14日", "2024-08-12"),
        ("去年3月", "2023-03"),
        ("2024年1月", "2024-01"),
    ]


def test_find_dates_on_text_without_dates() -> None:
    assert find_dates("园区推进一号工程建设，完成投资1/4。", PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("会议于2024/5/6举行", ["2024-05-06"]),  # an ISO date holds none of 年月季
        ("第二季度开工", ["2024-Q2"]),
        ("签约12个项目，总投资8亿元", []),  # no date cue at all
    ],
)
def test_dates_with_and_without_cue_words(text: str, values: list[str]) -> None:
    assert [v for _, _, v in find_dates(text, date(2024, 3, 1))] == values
