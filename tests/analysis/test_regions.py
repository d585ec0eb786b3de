"""Region filters at any level: names, short names and codes, containment, and errors."""

from __future__ import annotations

import pytest

from chainatlas.analysis import UnknownRegionError, resolve_region


@pytest.mark.parametrize(
    ("text", "name", "level", "prefix"),
    [
        ("青阳县", "青阳县", "county", "341723"),
        ("青阳", "青阳县", "county", "341723"),
        ("341723", "青阳县", "county", "341723"),
        ("池州市", "池州市", "city", "3417"),
        ("安徽", "安徽省", "province", "34"),
        ("吉林", "吉林省", "province", "22"),  # 吉林省 and 吉林市: the higher level wins
        ("苏州工业园区", "苏州工业园区", "zone", ""),
    ],
)
def test_resolve_region(text: str, name: str, level: str, prefix: str) -> None:
    region = resolve_region(text)
    assert (region.name, region.level, region.prefix) == (name, level, prefix)


@pytest.mark.parametrize(
    ("text", "code", "name", "inside"),
    [
        ("安徽", "341723", "青阳县", True),
        ("安徽", "320500", "苏州市", False),
        ("池州市", "341723", "青阳县", True),
        ("青阳县", "341700", "池州市", False),  # a city-level record is not in the county
        ("苏州工业园区", "320500", "苏州市", False),  # zones carry the city code: name only
        ("苏州工业园区", "320500", "苏州工业园区", True),
    ],
)
def test_contains(text: str, code: str, name: str, inside: bool) -> None:
    assert resolve_region(text).contains(code, name) is inside


def test_label_names_the_parents() -> None:
    assert resolve_region("青阳").label == "安徽省池州市青阳县"


@pytest.mark.parametrize(
    ("text", "message", "suggestion"),
    [
        ("青羊线", "unknown region '青羊线'", "青羊区"),
        ("朝阳区", "ambiguous; give its 6-digit code", "朝阳区 220104 (吉林省长春市)"),
        ("999999", "no division has the code '999999'", None),
    ],
)
def test_unknown_region(text: str, message: str, suggestion: str | None) -> None:
    with pytest.raises(UnknownRegionError, match=message) as caught:
        resolve_region(text)
    if suggestion:
        assert suggestion in caught.value.suggestions
