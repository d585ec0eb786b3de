"""Tests for chainatlas.extract.numbers: Arabic, Chinese and mixed numerals."""

from __future__ import annotations

import pytest

from chainatlas.extract.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42.0),
        ("7.25", 7.25),
        ("12,500", 12500.0),
        ("１２", 12.0),  # full-width digits
        ("六百", 600.0),
        ("十", 10.0),
        ("十七", 17.0),
        ("两千零五", 2005.0),
        ("四十点六", 40.6),
        ("零点五", 0.5),
        ("三亿两千万", 320_000_000.0),
        ("一万五千", 15_000.0),
        ("2.5万", 25_000.0),
        ("4千万", 40_000_000.0),
        ("二〇二四", 2024.0),
    ],
)
def test_parse_number_reads_numerals(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "十点", "三点x", "五个"])
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None
