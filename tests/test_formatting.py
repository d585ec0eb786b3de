"""Amounts in 亿元/万元 and Chinese dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chainatlas.formatting import format_amount, format_count, format_date


@pytest.mark.parametrize(
    ("yuan", "lang", "expected"),
    [
        (1_250_000_000, "zh-CN", "12.5亿元"),
        (100_000_000, "zh-CN", "1亿元"),
        (30_000_000, "zh-CN", "3,000万元"),
        (55_500, "zh-CN", "5.55万元"),
        (800, "zh-CN", "800元"),
        (None, "zh-CN", "—"),
        (1_250_000_000, "en", "CNY 1.25 bn"),
        (30_000_000, "en", "CNY 30 m"),
        (5_000, "en", "CNY 5,000"),
    ],
)
def test_format_amount(yuan: float | None, lang: str, expected: str) -> None:
    assert format_amount(yuan, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2023, 6, 5), "zh-CN", "2023年6月5日"),
        (datetime(2024, 11, 30, 8, 0), "zh-CN", "2024年11月30日"),
        ("2023-06", "zh-CN", "2023年6月"),
        ("2023", "zh-CN", "2023年"),
        ("明年", "zh-CN", "明年"),
        (None, "zh-CN", "—"),
        (date(2023, 6, 5), "en", "2023-06-05"),
    ],
)
def test_format_date(value: date | str | None, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected


def test_format_count() -> None:
    assert (format_count(1234567), format_count(None)) == ("1,234,567", "—")
