"""Normalised company and project names."""

from __future__ import annotations

import pytest

from chainatlas.resolve.names import block_of, company_name, name_core, project_name


@pytest.mark.parametrize(
    ("written", "key", "legal", "place"),
    [
        ("华勤技术股份有限公司", "华勤技术", True, None),
        ("安徽华勤技术有限公司", "华勤技术", True, "安徽省"),
        ("华勤技术（合肥）有限公司", "华勤技术", True, "合肥市"),
        ("华勤技术(合肥)有限公司", "华勤技术", True, "合肥市"),
        ("池州市绿源新能源科技有限公司", "绿源新能源科技", True, "池州市"),
        ("滁州昌江材料科技股份有限公司", "昌江材料科技", True, "滁州市"),
        ("昌江材料科技有限公司", "昌江材料科技", True, None),
        ("青峰锂业集团", "青峰锂业", True, None),
        ("华勤", "华勤", False, None),
        ("常州华勤电子有限公司", "华勤电子", True, "常州市"),
    ],
)
def test_company_name_drops_suffixes_and_places(
    written: str, key: str, legal: bool, place: str | None
) -> None:
    parsed = company_name(written)
    assert (parsed.key, parsed.legal) == (key, legal)
    assert (parsed.places[-1].name if parsed.places else None) == place


@pytest.mark.parametrize(
    ("written", "owners", "key", "phase", "capacity"),
    [
        ("华勤技术年产500万台笔记本电脑项目", ("华勤技术",), "笔记本电脑", None, "500万台"),
        ("华勤笔记本电脑生产基地建设项目", ("华勤技术",), "笔记本电脑", None, None),
        ("华勤笔记本电脑项目二期", ("华勤技术",), "笔记本电脑", 2, None),
        ("华勤笔记本电脑（三期）项目", ("华勤",), "笔记本电脑", 3, None),
        ("华勤笔记本电脑一期项目", ("华勤",), "笔记本电脑", 1, None),
        ("池州绿源年产10万吨磷酸铁锂项目", (), "绿源磷酸铁锂", None, "10万吨"),
        ("新建年产5GWh动力电池项目", (), "动力电池", None, "5gwh"),
        ("绿源磷酸铁锂技改项目", ("绿源新能源",), "磷酸铁锂技改", None, None),
        ("晋兴能化煤制乙二醇项目", ("晋兴能源化工",), "煤制乙二醇", None, None),
        ("晋北煤制乙二醇项目", ("晋兴能源化工",), "晋北煤制乙二醇", None, None),
    ],
)
def test_project_name_parts(
    written: str, owners: tuple[str, ...], key: str, phase: int | None, capacity: str | None
) -> None:
    parsed = project_name(written, owners)
    assert (parsed.key, parsed.phase, parsed.capacity) == (key, phase, capacity)


@pytest.mark.parametrize(
    ("written", "core"),
    [
        ("池州华勤笔记本电脑项目", "华勤笔记本电脑项目"),
        ("年产10万吨磷酸铁锂项目", "磷酸铁锂项目"),
        ("安徽省池州市华勤二期项目", "华勤项目"),
    ],
)
def test_name_core_starts_with_the_owner(written: str, core: str) -> None:
    assert name_core(written) == core


def test_short_and_full_names_share_a_block() -> None:
    assert block_of(company_name("华勤").key) == block_of(company_name("安徽华勤技术有限公司").key)
    assert block_of("") == "~"


def test_a_legal_form_left_after_the_owner_is_not_part_of_the_key() -> None:
    # The place goes first (甘肃), so the owner's full name no longer starts the text; only
    # its short name is removed and 有限公司 would remain.
    named = project_name("甘肃锐能新材料有限公司年产5万吨三元前驱体项目", ("锐能新材料",))
    assert named.key == "三元前驱体"
    assert project_name("某某集团有限公司新建光伏组件项目", ("某某",)).key == "光伏组件"
