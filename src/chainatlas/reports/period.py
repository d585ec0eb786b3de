"""The period a briefing covers: two inclusive dates, parsed and checked, and the usual
choices (本月, 本季度, 本年) relative to a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chainatlas.formatting import format_date
from chainatlas.reports.errors import BriefingError

MAX_YEARS = 5


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BriefingError(
                f"period end {self.end.isoformat()} is before its start {self.start.isoformat()}"
            )
        if self.end > _years_after(self.start, MAX_YEARS):
            raise BriefingError(
                f"period {self.start.isoformat()} to {self.end.isoformat()} is longer than "
                f"{MAX_YEARS} years"
            )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """2026年1月1日至2026年6月30日."""
        return f"{format_date(self.start)}至{format_date(self.end)}"

    @property
    def slug(self) -> str:
        """2026-01-01_2026-06-30, for file names."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _years_after(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_day(text: str, what: str) -> date:
    """The day ``text`` names (YYYY-MM-DD); BriefingError naming ``what`` otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BriefingError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """The period from two optional ISO dates; missing ones default to year-to-date."""
    first = parse_day(start, "start") if start and start.strip() else None
    last = parse_day(end, "end") if end and end.strip() else None
    if last is None:
        last = today if first is None or first <= today else first
    if first is None:
        first = date(last.year, 1, 1)
    return Period(first, last)


def year_to_date(today: date) -> Period:
    return Period(date(today.year, 1, 1), today)


def quick_periods(today: date) -> dict[str, Period]:
    """本月, 本季度, 本年 (each up to ``today``) and 上月, keyed by a short id."""
    quarter_month = 3 * ((today.month - 1) // 3) + 1
    month_start = today.replace(day=1)
    last_month_end = date.fromordinal(month_start.toordinal() - 1)
    return {
        "month": Period(month_start, today),
        "last_month": Period(last_month_end.replace(day=1), last_month_end),
        "quarter": Period(date(today.year, quarter_month, 1), today),
        "year": year_to_date(today),
    }
