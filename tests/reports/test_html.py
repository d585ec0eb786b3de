"""The standalone briefing HTML: complete, and nothing in it points outside the file."""

from __future__ import annotations

import re
from pathlib import Path

from chainatlas.reports import Briefing
from chainatlas.reports.html import render_html


def test_standalone_html(briefing: Briefing) -> None:
    html = render_html(briefing)
    assert html.startswith("<!doctype html>")
    assert "<title>招商工作简报 2026年4月1日至2026年6月30日 · 安徽省池州市</title>" in html
    assert "储能电池项目" in html and "序时进度" in html
    assert html.count('<img src="data:image/png;base64,') == 3
    assert ".briefing-table" in html  # the CSS is inline
    assert len(re.findall(r"<h2>", html)) == 9
    assert '<td class="behind">欠进度</td>' in html
    assert '<td class="ahead">超进度</td>' in html
    assert '<td class="unverified">未核验</td>' in html
    assert '<td class="num">15亿元</td>' in html


def test_standalone_html_has_no_external_references(briefing: Briefing) -> None:
    html = render_html(briefing)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "<script" not in html
    assert "url(" not in html
    assert not re.search(r"https?://", html)


def test_names_are_escaped(briefing: Briefing) -> None:
    entry = briefing.signings[0]
    briefing.signings[0] = entry.__class__(**{**entry.__dict__, "name": "<b>A&B</b>"})
    html = render_html(briefing)
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html
    assert "<b>A&B</b>" not in html


def test_without_the_font_the_html_says_why(briefing: Briefing, tmp_path: Path) -> None:
    html = render_html(briefing, tmp_path)
    assert "<img" not in html
    assert "make install" in html
