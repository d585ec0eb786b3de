"""Tests of reading typed form values: amounts with units, 亩, dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from chainatlas.pipeline.values import (
    FieldError,
    amount_in_unit,
    parse_day,
    parse_number,
    parse_row_id,
    parse_yuan,
    yuan_input,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3.5亿", 3.5e8), ("5000万", 5e7), ("12亿元", 1.2e9), ("800", 800.0), (" 20万元 ", 2e5)],
)
def test_parse_yuan(text: str, expected: float) -> None:
    assert parse_yuan(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("3.5", "亿元", 3.5e8), ("500", "万元", 5e6), ("2亿", "万元", 2e8), ("", "亿元", None)],
)
def test_amount_in_unit(text: str, unit: str, expected: float | None) -> None:
    assert amount_in_unit(text, unit) == (pytest.approx(expected) if expected else None)


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda: amount_in_unit("三亿", "亿元", "investment"), "investment", "'三亿' is not"),
        (lambda: amount_in_unit("3", "美元", "investment"), "investment", "unit '美元'"),
        (lambda: parse_number("-2", "land"), "land", "non-negative"),
        (lambda: parse_number("nan", "land"), "land", "non-negative"),
        (lambda: parse_number("多", "land"), "land", "not a number"),
        (lambda: parse_day("2026-13-01", "follow_up"), "follow_up", "not a date"),
        (lambda: parse_row_id("12a", "team_id"), "team_id", "not an id"),
        (lambda: parse_row_id("0", "team_id"), "team_id", "not an id"),
        (lambda: parse_row_id("١٢", "team_id"), "team_id", "not an id"),
        (lambda: parse_row_id("9" * 30, "team_id"), "team_id", "not an id"),
    ],
)
def test_bad_values_name_their_field(call: Callable[[], object], field: str, message: str) -> None:
    with pytest.raises(FieldError, match=message) as caught:
        call()
    assert caught.value.field == field


def test_empty_values_are_none_and_dates_parse() -> None:
    assert parse_number(" ", "land") is None
    assert parse_number("12.5", "land") == 12.5
    assert parse_day("", "d") is None
    assert parse_day("2026-05-04", "d") == date(2026, 5, 4)
    assert parse_row_id(" 42 ", "team_id") == 42
    assert parse_row_id("", "team_id") is None


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), (3.5e8, "3.5亿"), (5e7, "5000万"), (800.0, "800")]
)
def test_amounts_typed_back_into_forms_read_back_the_same(value: float | None, text: str) -> None:
    assert yuan_input(value) == text
    if value is not None:
        assert amount_in_unit(text, "元") == pytest.approx(value)
