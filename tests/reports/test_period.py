"""Briefing periods: parsing, defaults, limits and the quick choices."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.reports import BriefingError, Period, parse_period, quick_periods

TODAY = date(2026, 8, 15)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-01-01", "2026-06-30", Period(date(2026, 1, 1), date(2026, 6, 30))),
        (None, None, Period(date(2026, 1, 1), TODAY)),
        ("", " ", Period(date(2026, 1, 1), TODAY)),
        ("2026-03-01", None, Period(date(2026, 3, 1), TODAY)),
        (None, "2025-09-30", Period(date(2025, 1, 1), date(2025, 9, 30))),
        ("2026-09-01", None, Period(date(2026, 9, 1), date(2026, 9, 1))),
        ("2026-05-05", "2026-05-05", Period(date(2026, 5, 5), date(2026, 5, 5))),
        ("2020-02-29", "2025-02-28", Period(date(2020, 2, 29), date(2025, 2, 28))),
        ("9999-12-30", None, Period(date(9999, 12, 30), date(9999, 12, 30))),
        (None, "9999-12-31", Period(date(9999, 1, 1), date(9999, 12, 31))),
    ],
)
def test_parse_period(start: str | None, end: str | None, expected: Period) -> None:
    assert parse_period(start, end, TODAY) == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-06-30", "2026-01-01", "period end 2026-01-01 is before its start 2026-06-30"),
        ("2026-13-01", "2026-12-31", "start '2026-13-01' is not a date"),
        ("2026-01-01", "June", "end 'June' is not a date"),
        ("2020-01-01", "2025-01-02", "longer than 5 years"),
    ],
)
def test_bad_periods_are_named(start: str, end: str, message: str) -> None:
    with pytest.raises(BriefingError, match=message):
        parse_period(start, end, TODAY)


def test_five_years_exactly_is_allowed() -> None:
    assert parse_period("2020-01-01", "2025-01-01", TODAY).end == date(2025, 1, 1)


def test_label_and_slug() -> None:
    period = Period(date(2026, 1, 1), date(2026, 6, 30))
    assert period.label == "2026年1月1日至2026年6月30日"
    assert period.slug == "2026-01-01_2026-06-30"
    assert date(2026, 6, 30) in period
    assert date(2026, 7, 1) not in period


def test_quick_periods() -> None:
    quick = quick_periods(TODAY)
    assert quick["month"] == Period(date(2026, 8, 1), TODAY)
    assert quick["last_month"] == Period(date(2026, 7, 1), date(2026, 7, 31))
    assert quick["quarter"] == Period(date(2026, 7, 1), TODAY)
    assert quick["year"] == Period(date(2026, 1, 1), TODAY)
    january = quick_periods(date(2026, 1, 3))
    assert january["last_month"] == Period(date(2025, 12, 1), date(2025, 12, 31))
