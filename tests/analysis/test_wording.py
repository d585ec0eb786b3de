"""Amounts and places the way the reasons write them."""

from __future__ import annotations

import pytest

from chainatlas.analysis.wording import place_label
from chainatlas.formatting import format_amount


@pytest.mark.parametrize(
    ("value", "text"),
    [(30e8, "30亿元"), (2.5e8, "2.5亿元"), (1.234e8, "1.23亿元"), (800e4, "800万元"), (50, "50元")],
)
def test_amount(value: float, text: str) -> None:
    assert format_amount(value) == text


@pytest.mark.parametrize(
    ("code", "name", "label"),
    [
        ("350902", "蕉城区", "宁德市蕉城区"),
        ("360300", "萍乡市", "萍乡市"),
        (None, "某开发区", "某开发区"),
        ("350902", "另一个名字", "另一个名字"),  # code and name disagree: keep what was written
    ],
)
def test_place_label(code: str | None, name: str, label: str) -> None:
    assert place_label(code, name) == label
