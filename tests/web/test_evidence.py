"""Evidence sentences marked in their source text, with HTML escaped."""

from __future__ import annotations

import pytest

from chainatlas.web.evidence import highlight, highlight_all, locate

TEXT = "萍乡市举行集中签约。<b>锂电</b>项目开工。项目开工。总投资10亿元。"


@pytest.mark.parametrize(
    ("sentence", "near", "expected"),
    [
        ("项目开工。", None, (19, 24)),
        ("项目开工。", 25, (24, 29)),
        ("总投资10亿元。", None, (29, 37)),
        ("不存在的句子", None, None),
        ("", None, None),
    ],
)
def test_locate(sentence: str, near: int | None, expected: tuple[int, int] | None) -> None:
    assert locate(TEXT, sentence, near) == expected


def test_highlight_marks_and_escapes() -> None:
    html = str(highlight(TEXT, "总投资10亿元。"))
    assert "<mark>总投资10亿元。</mark>" in html
    assert "&lt;b&gt;锂电&lt;/b&gt;" in html and "<b>" not in html


def test_highlight_trims_long_context() -> None:
    text = "甲" * 500 + "关键句。" + "乙" * 500
    html = str(highlight(text, "关键句。", context=10))
    assert html == "…" + "甲" * 10 + "<mark>关键句。</mark>" + "乙" * 10 + "…"


def test_sentence_not_in_text_is_still_shown_marked() -> None:
    assert str(highlight(TEXT, "<i>别处</i>")) == "<mark>&lt;i&gt;别处&lt;/i&gt;</mark>"


def test_highlight_all_skips_overlaps() -> None:
    html = str(highlight_all("一二三四五", [(0, 2), (1, 3), (3, 4)]))
    assert html == "<mark>一二</mark>三<mark>四</mark>五"
