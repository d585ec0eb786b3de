"""Normalisation steps one by one, their offset maps, and ``normalise_text`` end to end."""

from __future__ import annotations

import random

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252 for the fixtures)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainatlas.ingest import normalise
from chainatlas.ingest.normalise import (
    clean_controls,
    drop_photo_captions,
    find_garbled_spans,
    fix_mojibake,
    fold_width_and_punctuation,
    is_pinyin_syllable,
    is_simplified,
    normalise_text,
    proportional,
    strip_pinyin_glosses,
    to_simplified,
)
from chainatlas.textmap import AlignedText, OffsetMap


def _maps_back(result: str, offset_map: OffsetMap, original: str, word: str, source: str) -> None:
    """``word`` in the result maps back onto ``source`` in the original."""
    start = result.index(word)
    first, last = offset_map.to_original(start, start + len(word))
    assert original[first:last] == source


def _as_latin(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


# --- control characters ------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected", "word", "source"),
    [
        ("第一行\r\n第二行", "第一行\n第二行", "第二行", "第二行"),
        ("甲方\r乙方", "甲方\n乙方", "乙方", "乙方"),
        ("签\x00约\x07项目", "签约项目", "约项", "约\x07项"),
        ("投\u200b资\ufeff额", "投资额", "资额", "资\ufeff额"),
        ("总投资\u00a0五亿", "总投资 五亿", "五亿", "五亿"),
        ("开工\t仪式", "开工 仪式", "仪式", "仪式"),
        ("项目\u3000落地", "项目 落地", "落地", "落地"),
        ("段落\u2029下一段", "段落\n下一段", "下一段", "下一段"),
        ("无\x85控制\x9f字符", "无\n控制字符", "控制字", "控制\x9f字"),
    ],
)
def test_clean_controls(original: str, expected: str, word: str, source: str) -> None:
    aligned = clean_controls(AlignedText.of(original))
    assert aligned.text == expected
    _maps_back(aligned.text, aligned.offset_map(), original, word, source)


# --- mojibake ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected", "word", "source"),
    [
        (_as_latin("镁合金项目签约"), "镁合金项目签约", "镁合金", _as_latin("镁合金")[:7]),
        (
            "标题：" + _as_latin("园区“二期”开工") + "。",
            "标题：园区“二期”开工。",
            "标题",
            "标题",
        ),
        (
            "前言 " + _as_latin("新能源电池") + " 后记",
            "前言 新能源电池 后记",
            "后记",
            "后记",
        ),
    ],
)
def test_fix_mojibake_repairs_utf8_read_as_latin(
    original: str, expected: str, word: str, source: str
) -> None:
    aligned = fix_mojibake(AlignedText.of(original))
    assert aligned.text == expected
    _maps_back(aligned.text, aligned.offset_map(), original, word, source)


def test_fix_mojibake_maps_each_character_to_its_bytes() -> None:
    original = "前 " + _as_latin("签约") + " 后"
    aligned = fix_mojibake(AlignedText.of(original))
    assert aligned.text == "前 签约 后"
    # 签 came from three mojibake characters starting at 2, 约 from the next three.
    assert aligned.origins[2:4] == [2, 5]


@pytest.mark.parametrize(
    "original",
    [
        "青山县“一号工程”顺利推进，总投资十亿元。",
        "Café résumé naïve",
        "温度 25°C，湿度 60%",
        "é”",  # looks like cp1252 but is not valid UTF-8 underneath
        "©2023 本地新闻",
    ],
)
def test_fix_mojibake_leaves_real_text_alone(original: str) -> None:
    assert fix_mojibake(AlignedText.of(original)).text == original


# --- garbled spans -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "garbled"),
    [
        ("项目\ufffd\ufffd开工", ["\ufffd\ufffd"]),
        ("走进展?厅镶┪馆^——参观", ["展?厅镶┪馆^"]),
        ("他如是说。?下一步", ["?"]),
        ("会后 ?“我们", ["?"]),
        ("签约仪式!,随后", ["式!"]),
        ("二期??县里", ["??"]),
        ("你去吗?我也去", []),
        ("Is it ok? yes", []),
        ("真好!我们出发", []),
        ("比例3:2，合格", []),
        ("", []),
    ],
)
def test_find_garbled_spans(text: str, garbled: list[str]) -> None:
    assert [text[a:b] for a, b in find_garbled_spans(text)] == garbled


# --- pinyin glosses ----------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected", "word", "source"),
    [
        ("產(chǎn)業(yè)發展", "產業發展", "產業", "產(chǎn)業"),
        ("產（chǎn）業（yè）", "產業", "業", "業"),
        ("我的(de)项目", "我的项目", "项目", "项目"),
        ("口(kǒu)岸(àn)经济", "口岸经济", "经济", "经济"),
        ("绿(lǜ)色", "绿色", "绿色", "绿(lǜ)色"),
    ],
)
def test_strip_pinyin_glosses(original: str, expected: str, word: str, source: str) -> None:
    aligned = strip_pinyin_glosses(AlignedText.of(original))
    assert aligned.text == expected
    _maps_back(aligned.text, aligned.offset_map(), original, word, source)


@pytest.mark.parametrize(
    "original",
    [
        "路飞镁业科技(安徽)有限公司",
        "实施意见(2023-2025)",
        "项目(ABC)",
        "ABC(abc)",
        "园区(park)",
        "公司(ltd)",
        "产业(chanye)",
    ],
)
def test_strip_pinyin_glosses_keeps_real_brackets(original: str) -> None:
    assert strip_pinyin_glosses(AlignedText.of(original)).text == original


@pytest.mark.parametrize(
    ("word", "expected"),
    [("chǎn", True), ("de", True), ("lǜ", True), ("zhuàng", True), ("ltd", False), ("abc", False)],
)
def test_is_pinyin_syllable(word: str, expected: bool) -> None:
    assert is_pinyin_syllable(word) is expected


# --- Traditional → Simplified ------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected", "word", "source"),
    [
        ("產業發展", "产业发展", "产业", "產業"),
        ("隨著項目落地", "随着项目落地", "项目", "項目"),
        ("臺灣鋁業", "台湾铝业", "铝业", "鋁業"),
        ("青山县项目", "青山县项目", "项目", "项目"),
    ],
)
def test_to_simplified(original: str, expected: str, word: str, source: str) -> None:
    aligned = to_simplified(AlignedText.of(original))
    assert aligned.text == expected
    _maps_back(aligned.text, aligned.offset_map(), original, word, source)


class _LengthChangingConverter:
    """Stands in for OpenCC where a phrase conversion changes the length."""

    def convert(self, text: str) -> str:
        return text.replace("甲乙丙", "丁").replace("項", "项")


def test_to_simplified_spreads_only_the_clause_whose_length_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(normalise, "_t2s", _LengthChangingConverter)
    original = "首句項目，甲乙丙在此，末句項目。"
    aligned = to_simplified(AlignedText.of(original))
    assert aligned.text == "首句项目，丁在此，末句项目。"
    offset_map = aligned.offset_map()
    _maps_back(aligned.text, offset_map, original, "末句项目", "末句項目")
    _maps_back(aligned.text, offset_map, original, "首句项目", "首句項目")
    # The changed clause maps inside its own original clause.
    start = aligned.text.index("丁在此")
    first, last = offset_map.to_original(start, start + 3)
    assert original[first:last] in "甲乙丙在此"


@pytest.mark.parametrize(("new", "old"), [(1, 3), (3, 1), (4, 4), (0, 2), (2, 0)])
def test_proportional_stays_inside_the_old_span(new: int, old: int) -> None:
    offsets = proportional(new, old)
    assert len(offsets) == new
    assert offsets == sorted(offsets)
    assert all(0 <= o < max(old, 1) for o in offsets)


# --- width, punctuation, spacing ---------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected", "word", "source"),
    [
        ("ＡＢＣ公司１２３号", "ABC公司123号", "ABC", "ＡＢＣ"),
        ("增长１２％。", "增长12%。", "12%", "１２％"),
        ("（安徽）有限公司", "(安徽)有限公司", "(安徽)", "（安徽）"),
        ("项目签约,总投资5亿元", "项目签约，总投资5亿元", "总投资", "总投资"),
        ("地址:青山路", "地址：青山路", "青山路", "青山路"),
        ("好消息!项目开工", "好消息！项目开工", "项目", "项目"),
        ("是吗?是的", "是吗？是的", "是的", "是的"),
        ("传递﹔共识", "传递；共识", "共识", "共识"),
        ("签约 , 开工", "签约，开工", "开工", "开工"),
        ("亩),占地", "亩)，占地", "占地", "占地"),
        ("总额1,000万元", "总额1,000万元", "1,000", "1,000"),
        ("ratio 1:2, ok", "ratio 1:2, ok", "1:2", "1:2"),
        ("项目   落地", "项目 落地", "落地", "落地"),
        ("  行首与行尾  \n下一行", "行首与行尾\n下一行", "下一行", "下一行"),
        ("甲\n\n\n\n\n乙", "甲\n\n乙", "乙", "乙"),
        ("走进展?厅镶┪馆", "走进展?厅镶┪馆", "厅", "厅"),
    ],
)
def test_fold_width_and_punctuation(original: str, expected: str, word: str, source: str) -> None:
    aligned = fold_width_and_punctuation(AlignedText.of(original))
    assert aligned.text == expected
    _maps_back(aligned.text, aligned.offset_map(), original, word, source)


def test_fold_keeps_chinese_punctuation_chinese() -> None:
    text = "一，二。三：四；五！六？“七”《八》、九"
    assert fold_width_and_punctuation(AlignedText.of(text)).text == text


# --- normalise_text end to end -----------------------------------------------

ARTICLE = (
    "青山新聞 2023-05-06 09:30\n"
    "青山縣鎂合金產(chǎn)業(yè)項目簽約\n"
    "\n"
    "５月６日,青山縣與某某鎂業公司簽約,總投資３０億元。\n"
    "項目建成後,年產值可達５０億元,帶動就業２０００人。\n"
    "\n\n\n\n"
    "(責編:王某)\n"
    "分享到:\n"
    "相關新聞\n"
    "某地舉辦招商推介會...\n"
    "另一地項目集中開工...\n"
)


def test_normalise_text_cleans_an_article() -> None:
    result = normalise_text(ARTICLE)
    assert result.text == (
        "青山新闻 2023-05-06 09:30\n"
        "青山县镁合金产业项目签约\n"
        "\n"
        "5月6日，青山县与某某镁业公司签约，总投资30亿元。\n"
        "项目建成后，年产值可达50亿元，带动就业2000人。"
    )
    assert str(result.published) == "2023-05-06"
    assert result.source == "青山新闻"
    assert [reason for _, _, reason in result.removed] == [
        "editor credit, share bar, related-news heading, truncated teaser"
    ]
    start, end, _ = result.removed[0]
    assert ARTICLE[start:end].startswith("(責編")
    assert end == len(ARTICLE)


@pytest.mark.parametrize(
    ("word", "source"),
    [
        ("产业项目", "產(chǎn)業(yè)項目"),
        ("30亿元", "３０億元"),
        ("某某镁业公司", "某某鎂業公司"),
        ("带动就业2000人", "帶動就業２０００人"),
        ("青山新闻", "青山新聞"),
    ],
)
def test_normalise_text_maps_words_back(word: str, source: str) -> None:
    result = normalise_text(ARTICLE)
    _maps_back(result.text, result.offset_map, ARTICLE, word, source)


@pytest.mark.parametrize("original", ["", " ", "\n\n\n", " \t\r\n ", "\x00\x01\x02", "\ufffd"])
def test_normalise_text_of_nothing(original: str) -> None:
    result = normalise_text(original)
    assert result.text.strip("\ufffd") == ""
    assert result.offset_map.original_length == len(original)
    assert result.published is None


def test_normalise_text_survives_binary_garbage() -> None:
    rng = random.Random(7)
    for codec in ("latin-1", "utf-8"):
        original = rng.randbytes(200_000).decode(codec, errors="replace")
        result = normalise_text(original)
        offset_map = result.offset_map
        assert offset_map.derived_length == len(result.text)
        for index in range(0, len(result.text), 97):
            first, last = offset_map.to_original(index, index + 1)
            assert 0 <= first < last <= len(original)


def test_normalise_text_of_a_megabyte() -> None:
    paragraph = "青山縣鎂合金產(chǎn)業項目簽約,總投資３０億元。項目建成後帶動就業２０００人。\n"
    original = paragraph * (1_000_000 // len(paragraph.encode("utf-8")))
    result = normalise_text(original)
    assert "镁合金产业项目签约" in result.text
    assert "(chǎn)" not in result.text and "３" not in result.text


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_normalise_text_of_one_ten_megabyte_line() -> None:
    original = "項目簽約,總投資３０億元。" * (10_000_000 // 13)
    result = normalise_text(original)
    assert result.text.startswith("项目签约，总投资30亿元。")
    assert result.offset_map.original_length == len(original)


_PIECES = st.sampled_from(
    ["產", "業", "项", "目", "(chǎn)", "(安徽)", "，", ",", "。", "!", "?", " ", "\n", "\r\n",
     "\u3000", "１", "Ａ", "a", "\x00", "\ufffd", "…", "分享到", "2023-07-05 22:44", "著"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_every_normalised_character_maps_into_the_original(pieces: list[str]) -> None:
    original = "".join(pieces)
    result = normalise_text(original)
    offset_map = result.offset_map
    assert offset_map.derived_length == len(result.text)
    for index, char in enumerate(result.text):
        first, last = offset_map.to_original(index, index + 1)
        assert 0 <= first < last <= len(original)
        source = original[first]
        if "\u4e00" <= char <= "\u9fff":
            # A Chinese character comes from itself or from its Traditional form.
            assert normalise._t2s().convert(source) == char


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("园区新签约项目三个，总投资二十亿元。", True),
        ("園區新簽約項目三個。", False),
        ("产业发展势头良好，随後开工。", False),  # one Traditional character is enough
        ("", True),
    ],
)
def test_is_simplified(text: str, simplified: bool) -> None:
    assert is_simplified(text) is simplified


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("项目由澜禾投资集 -\n团有限公司建设。", "项目由澜禾投资集团有限公司建设。"),
        ("项目由澜禾投资集－\n团有限公司建设。", "项目由澜禾投资集团有限公司建设。"),
        # a dash at a line end after a number or Latin text is left alone
        ("编号A-\n续表", "编号A-\n续表"),
    ],
)
def test_words_hyphenated_across_lines_are_joined(original: str, expected: str) -> None:
    assert clean_controls(AlignedText.of(original)).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("▲澜禾镁业生产车间 三月，车间里设备调试完成。", "三月，车间里设备调试完成。"),
        ("正文第一段。\n▲项目施工现场\n正文第二段。", "正文第一段。\n\n正文第二段。"),
        ("没有图片说明。", "没有图片说明。"),
    ],
)
def test_photo_captions_are_dropped(original: str, expected: str) -> None:
    assert drop_photo_captions(AlignedText.of(original)).text == expected


def test_a_dropped_caption_keeps_the_map() -> None:
    original = "▲澜禾镁业生产车间 三月，澜禾镁业签约。"
    result = normalise_text(original)
    start = result.text.index("澜禾镁业签约")
    first, last = result.offset_map.to_original(start, start + 4)
    assert original[first:last] == "澜禾镁业"
