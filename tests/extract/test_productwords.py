"""Product and industry phrases are told apart from firm short names."""

from __future__ import annotations

import pytest

from chainatlas.extract.productwords import is_product_phrase, used_as_industry


@pytest.mark.parametrize(
    ("text", "name", "industry_word", "product"),
    [
        # the whole candidate is a product word of the chain library
        ("园区规划建设煤制乙二醇装置。", "煤制乙二醇", "乙二醇", True),
        # a product word starts inside the candidate and runs on past it
        ("企业主营5G通信模组的研发。", "5G通信", "通信", True),
        # an unknown trade name before an industry word is not a product
        ("澜禾镁业在此建设压铸车间。", "澜禾镁业", "镁业", False),
        ("签约企业为青屿科技。", "青屿科技", "科技", False),
    ],
)
def test_product_phrases(text: str, name: str, industry_word: str, product: bool) -> None:
    start = text.index(name)
    end = start + len(name)
    industry_start = start + name.index(industry_word)
    assert is_product_phrase(text, start, end, industry_start) is product


@pytest.mark.parametrize(
    ("text", "name", "industry"),
    [
        ("全县把碲化光伏产业作为主导。", "碲化光伏", True),
        ("碲化光伏行业回暖，订单增加。", "碲化光伏", True),
        # a firm's industrial park or base is a place, not an industry
        ("澜禾镁业产业园二期开工。", "澜禾镁业", False),
        ("澜禾镁业产业基地投产。", "澜禾镁业", False),
        ("澜禾镁业与县政府签约。", "澜禾镁业", False),
    ],
)
def test_used_as_industry(text: str, name: str, industry: bool) -> None:
    assert used_as_industry(text, name) is industry
