"""Publication date and source from a dateline near the top, not from dates in the body."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.ingest.dateline import find_published, find_source

PROSE = "青山县今年新签约镁合金项目八个，总投资四十二亿元，其中三个项目已经开工建设。"
FILLER = "\n".join([PROSE] * 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("青山新闻 2023-03-24 15:34:40\n" + PROSE, date(2023, 3, 24)),
        ("标题\n时间：2024年04月28日16:01 来源：青山新闻网\n" + PROSE, date(2024, 4, 28)),
        ("标题\n發布時間：2023/7/5\n" + PROSE, date(2023, 7, 5)),
        ("标题\n時間: 2022年1月2日\n" + PROSE, date(2022, 1, 2)),
        ("标题\n28.09.2015 19:43\n本文来源：某某\n" + PROSE, date(2015, 9, 28)),
        ("标题\n2021.6.30\n" + PROSE, date(2021, 6, 30)),
        ("标题\n来源：某某网 2023-09-08 17:488月31日下午，" + PROSE, date(2023, 9, 8)),
        ("• 来源：某某新闻网\n• 时间：2022-11-22 16:07:00\n" + PROSE, date(2022, 11, 22)),
        (FILLER + "\n发布日期：2021-05-06\n" + PROSE, date(2021, 5, 6)),
    ],
)
def test_find_published_reads_the_dateline(text: str, expected: date) -> None:
    assert find_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        PROSE,
        # A date inside a paragraph is about an event, not about publication.
        "2022年11月10日，全国镁业大会在青山县召开，来自各地的企业家参加了会议并参观了园区。",
        "标题\n" + PROSE + "2023年3月16日，推介会在某地举行，现场签约项目五个，总投资二十亿元。",
        # Far below the top, an unlabelled timestamp belongs to a list of other news.
        FILLER + "\n某某公司发布公告\n2023-07-05 22:44",
        # Impossible dates are not dates.
        "标题\n2023-13-45 10:00\n" + PROSE,
        "标题\n5月6日\n" + PROSE,
        "Copyright © 2015-2022 某某网",
    ],
)
def test_find_published_ignores_dates_that_are_not_datelines(text: str) -> None:
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("青山新闻 2023-03-24 15:34:40\n" + PROSE, "青山新闻"),
        ("标题\n时间：2024年04月28日16:01 来源：青山新闻网进入论坛手机读报\n", "青山新闻网"),
        ("标题\n来源：新浪 2023-09-08 17:48\n" + PROSE, "新浪"),
        ("• 来源:四川某某网\n• 时间:2022-11-22\n" + PROSE, "四川某某网"),
        ("标题\n" + FILLER + "\n(来源：某某日报)\n", "某某日报"),
        ("标题\n" + FILLER + "\n来源:某某日报 作者:张某\n", "某某日报"),
        (
            "标题\n发布时间：2017-10-26 来源：阅读次数：1946\n" + FILLER + "\n来源：某某晚报\n",
            "某某晚报",
        ),
        ("本文来源：新华\n" + PROSE, "新华"),
    ],
)
def test_find_source(text: str, expected: str) -> None:
    assert find_source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        PROSE,
        "标题\n来源：网络 编辑：某某\n" + PROSE,
        "标题\n图片来源：某某摄影\n" + PROSE,
        # Deep in the text, 来源 must start a short line; a notice mentioning it does not count.
        FILLER + "\n凡本网未注明“来源：某某网”的作品，均转载自其他媒体，转载目的在于传递更多信息。",
    ],
)
def test_find_source_ignores_non_sources(text: str) -> None:
    assert find_source(text) is None
