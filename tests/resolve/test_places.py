"""Region codes: scopes, containment and filter ranges."""

from __future__ import annotations

import pytest

from chainatlas.resolve.places import code_ranges, compatible, place_named, scope, specificity


@pytest.mark.parametrize(
    ("code", "prefix", "level"),
    [("340000", "34", 1), ("341700", "3417", 2), ("341723", "341723", 3)],
)
def test_scope_and_specificity(code: str, prefix: str, level: int) -> None:
    assert scope(code) == prefix
    assert specificity(code) == level


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("340000", "341700", True),
        ("341700", "341723", True),
        ("341700", "320400", False),
        ("341700", None, True),
        ("340100", "341700", False),
    ],
)
def test_compatible_regions(first: str, second: str | None, expected: bool) -> None:
    assert compatible(first, second) is expected
    assert compatible(second, first) is expected


def test_region_names_resolve_to_code_ranges() -> None:
    assert code_ranges("安徽") == [("34", "35")]
    assert code_ranges("池州市") == [("3417", "3418")]
    assert code_ranges("不存在的地方") == []
    place = place_named("合肥")
    assert place is not None and place.code == "340100"
