"""Tests for chainatlas.extract.money: parsing amounts and the amounts stage."""

from __future__ import annotations

import pytest

from chainatlas.extract.base import ExtractionContext, split_sentences
from chainatlas.extract.model import AmountMention, Extraction
from chainatlas.extract.money import AmountStage, amount_role, find_amounts, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.6亿元", 1.26e9),
        ("八百亿", 8e10),
        ("2.3万亿元", 2.3e12),
        ("4500万元", 4.5e7),
        ("6,000万元", 6e7),
        ("二十余亿元", 2e9),
        ("超300亿元", 3e10),
        ("四十点六亿", 4.06e9),
        ("70多亿元", 7e9),
        ("20余万元", 2e5),
        ("约 18 亿元", 1.8e9),
        ("人民币5亿元", 5e8),
        ("85元", 85.0),
        ("两千万元", 2e7),
        ("亿元以上", 1e8),
        ("￥3000万", 3e7),
    ],
)
def test_parse_amount_reads_written_amounts(text: str, expected: float) -> None:
    assert parse_amount(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["25%", "30万吨", "9亿美元", "百亿级", "3个", "1-3亿元"])
def test_parse_amount_is_none_for_non_amounts_and_ranges(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("该项目计划总投资约16亿，建设周期两年。", [1.6e9]),  # no 元, but a clause about money
        ("力争实现五百亿工业产值。", [5e10]),
        ("年产手套2.2亿双，员工近3万人。", []),  # counts, not money
        ("打造两个千亿级产业集群。", []),
        ("新开工3-8亿元项目6个。", [3e8, 8e8]),  # a range gives both ends
        ("全年实施亿元以上项目40个。", [1e8]),  # a threshold
        ("项目引资几十亿元。", []),  # vague
        ("收购价为12美元每股。", []),  # not yuan
        ("企业拥有86种元素分析设备。", []),
        ("三元前驱体项目投资15亿元。", [1.5e9]),  # 三元 is a chemistry word
        ("今年新签约亿元以上项目12个。", [1e8]),
        ("企业计划投资1个亿建设新厂。", [1e8]),  # spoken form
        ("投资建设年吞吐量60万标准箱的码头。", []),
        ("新建光伏装机百万千瓦级基地。", []),
    ],
)
def test_find_amounts_in_sentences(sentence: str, values: list[float]) -> None:
    found = [a.value_cny for a in find_amounts(sentence)]
    assert found == pytest.approx(values)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("双方签约金额达45亿元。", "signed_amount"),
        ("项目总投资12亿元。", "total_investment"),
        ("截至6月底到位资金8.5亿元。", "funds_in_place"),
        ("达产后年产值可达30亿元。", "output_value"),
        ("年缴纳税收1.2亿元。", "tax"),
        ("银行发放贷款3000万元。", "loan"),
        ("企业实现营业收入26亿元。", "revenue"),
        ("奖励资金共500万元。", "other"),
    ],
)
def test_amount_role_comes_from_the_nearest_cue(sentence: str, role: str) -> None:
    start = find_amounts(sentence)[0].start
    assert amount_role(sentence, start) == role


def _run(text: str, masked: list[tuple[int, int]] | None = None) -> list[AmountMention]:
    context = ExtractionContext(
        text=text,
        published=None,
        sentences=split_sentences(text),
        result=Extraction(published=None),
        masked=masked or [],
    )
    AmountStage()(context)
    return context.result.amounts


def test_stage_records_value_text_qualifier_role_and_evidence() -> None:
    text = "今年全区签约项目总投资超80亿元。其中德清新材料项目投资6.5亿元。"
    amounts = _run(text)
    assert [(a.value_cny, a.text, a.qualifier, a.role) for a in amounts] == [
        (8e9, "超80亿元", "超", "total_investment"),
        (6.5e8, "6.5亿元", None, "total_investment"),
    ]
    evidence = amounts[1].evidence
    assert evidence is not None
    assert text[evidence.start : evidence.end] == "6.5亿元"
    assert evidence.sentence == "其中德清新材料项目投资6.5亿元。"


def test_the_last_character_of_a_word_is_not_a_qualifier() -> None:
    (signed,) = find_amounts("双方签约50亿元。")
    assert (signed.text, signed.qualifier) == ("50亿元", None)
    (about,) = find_amounts("总投资约50亿元。")
    assert (about.text, about.qualifier) == ("约50亿元", "约")


def test_stage_skips_masked_spans() -> None:
    text = "乱码区投资9亿元。正文投资3亿元。"
    assert [a.value_cny for a in _run(text, masked=[(0, 9)])] == [3e8]


def test_stage_on_text_without_amounts_adds_nothing() -> None:
    assert _run("") == []
    assert _run("。。，，！") == []


def test_traditional_input_after_ingest_normalisation() -> None:
    from chainatlas.ingest.normalise import normalise_text

    text = normalise_text("園區總投資二十點五億元，簽約金額達八百億元。").text
    assert [a.value_cny for a in find_amounts(text)] == pytest.approx([2.05e9, 8e10])
