"""Reading the values people type into pipeline forms: amounts in 元/万元/亿元, 亩, dates."""

from __future__ import annotations

import re
from datetime import date

from chainatlas.pipeline.records import PipelineError

_AMOUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(亿|万)?(?:元)?\s*$")
UNITS: dict[str, float] = {"元": 1.0, "万元": 1e4, "亿元": 1e8}


class FieldError(PipelineError):
    """A typed value that cannot be read; ``field`` names the form field it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_yuan(text: str, field: str = "amount") -> float:
    """Yuan from ``3.5亿``, ``5000万``, ``12亿元`` or a plain number; PipelineError otherwise."""
    match = _AMOUNT.match(text)
    if match is None:
        raise FieldError(field, f"{text!r} is not a number of 元, 万 or 亿")
    unit = {"亿": 1e8, "万": 1e4}.get(match.group(2) or "", 1.0)
    return float(match.group(1)) * unit


def amount_in_unit(text: str, unit: str, field: str = "amount") -> float | None:
    """Yuan from a number typed next to a unit select (万元/亿元/元); None when left empty.

    A unit written in the text itself (``3亿``) wins over the select.
    """
    clean = text.strip()
    if not clean:
        return None
    if unit not in UNITS:
        raise FieldError(field, f"unit {unit!r} must be one of {', '.join(UNITS)}")
    if clean.endswith(("亿", "万", "亿元", "万元")):
        return parse_yuan(clean, field)
    return parse_yuan(clean, field) * UNITS[unit]


def parse_number(text: str, field: str) -> float | None:
    """A non-negative number (亩, …); None when left empty."""
    clean = text.strip()
    if not clean:
        return None
    try:
        value = float(clean)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a number") from None
    if value < 0 or value != value or value == float("inf"):
        raise FieldError(field, f"{text!r} must be a non-negative number")
    return value


def parse_day(text: str, field: str) -> date | None:
    """A YYYY-MM-DD date; None when left empty."""
    clean = text.strip()
    if not clean:
        return None
    try:
        return date.fromisoformat(clean)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def yuan_input(value: float | None) -> str:
    """An amount as it would be typed back into a form (``3.5亿``, ``500万``, ``800``)."""
    if value is None:
        return ""
    for unit, size in (("亿", 1e8), ("万", 1e4)):
        if abs(value) >= size:
            return f"{value / size:.6f}".rstrip("0").rstrip(".") + unit
    return f"{value:.2f}".rstrip("0").rstrip(".")


MAX_ROW_ID = 2**63 - 1  # the largest id a 64-bit INTEGER column holds


def parse_row_id(text: str, field: str) -> int | None:
    """A row id (team, document …) typed into a form; None when left empty."""
    clean = text.strip()
    if not clean:
        return None
    if not clean.isascii() or not clean.isdigit() or not 1 <= int(clean) <= MAX_ROW_ID:
        raise FieldError(field, f"{text!r} is not an id")
    return int(clean)
