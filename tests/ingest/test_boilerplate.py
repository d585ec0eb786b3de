"""Page furniture around an article, found by line shape; and the dev texts cleaned."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chainatlas.ingest.boilerplate import find_boilerplate
from chainatlas.ingest.normalise import normalise_text

BODY = (
    "青山县今年新签约镁合金项目八个，总投资四十二亿元，其中三个项目已经开工建设。\n"
    "县招商局负责人介绍，这些项目投产后将带动上下游企业集聚，形成完整的产业链条。\n"
    "下一步，青山县将继续优化营商环境，做好项目全流程服务，推动项目早投产、早见效。"
)
LAST_SENTENCE = "推动项目早投产、早见效。"


def _kept(text: str) -> str:
    pieces, cursor = [], 0
    for cut in find_boilerplate(text):
        pieces.append(text[cursor : cut.start])
        cursor = cut.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _reasons(text: str) -> list[str]:
    return [cut.reason for cut in find_boilerplate(text)]


TAILS = {
    "headline list": (
        "\n\n\n河湾市举办新材料产业推介会\n北岭县光伏园区二期项目开工\n"
        "东川区出台支持制造业发展十条措施\n南港新区物流枢纽项目加快建设"
    ),
    "truncated teaser": "\n关于某某市开展专项整治行动的通知...\n西坡镇特色农业产业迎来丰收...",
    "timestamp list": (
        "\n某某股份7月3日晚间公告，公司拟投资建设新的生产\n2023-07-03 21:40\n"
        "某某科技表示，公司新产品已经进入批量供货阶段，预\n2023-07-03 21:12\n"
        "某地商务部门负责人表示，上半年全市社会消费品零\n2023-07-03 20:58"
    ),
    "editor credit": "\n(责任编辑：张某)\n分享到：\n推荐阅读\n• 地方新闻\n• 地方新闻\n• 地方新闻",
    "copyright notice": (
        "\n本站所载文章凡注明来源的均为转载，版权归原作者所有，如有侵权请联系删除。"
        "\n联系电话：0000-1234567"
    ),
    "share bar": "\n分享到：微信 微博\n扫一扫在手机打开当前页",
    "related-news heading": (
        "\n相关新闻\n另一个县的开发区昨日召开推进会，会上通报了上半年各园区的招商情况，"
        "十余个项目现场签约，涉及新能源、新材料、装备制造等多个领域，总投资超过一百亿元，"
        "会议要求各园区进一步压实责任，确保全年目标任务顺利完成，并为下半年工作作出部署。"
    ),
    "repeated items": "\n\n友情链接\n\n友情链接\n\n友情链接",
}


@pytest.mark.parametrize(("reason", "tail"), list(TAILS.items()))
def test_tail_after_the_article_is_cut(reason: str, tail: str) -> None:
    text = "青山县签约八个镁合金项目\n" + BODY + tail
    cuts = find_boilerplate(text)
    assert len(cuts) == 1
    assert reason in cuts[0].reason.split(", ")
    assert cuts[0].end == len(text)
    kept = _kept(text)
    assert kept.rstrip().endswith(LAST_SENTENCE)
    assert kept.startswith("青山县签约八个镁合金项目\n")


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        ("首页 > 新闻中心 > 本地要闻\n", "navigation"),
        ("本地网>>地市频道>>青山频道\n", "navigation"),
        ("首页 | 新闻 | 经济 | 图片 | 视频\n", "navigation"),
        ("- 打印本页\n", "navigation"),
        ("- 我要评论(0)\n", "share bar"),
    ],
)
def test_navigation_before_the_article_is_cut(head: str, reason: str) -> None:
    title = "青山县签约八个镁合金项目\n时间：2023-05-06 09:30 来源：青山日报\n"
    text = head + title + BODY
    assert _reasons(text) == [reason]
    assert _kept(text) == title + BODY


def test_title_dateline_captions_and_subheadings_stay() -> None:
    text = (
        "青山县签约八个镁合金项目\n"
        "2023-05-06 09:30\n"
        "▲签约仪式现场\n" + BODY + "\n项目建设提速\n"
        "（资料图片）\n" + BODY + "\n记者 王某 摄影报道"
    )
    kept = _kept(text)
    assert kept.startswith("青山县签约八个镁合金项目\n2023-05-06 09:30\n▲签约仪式现场\n")
    assert "\n项目建设提速\n（资料图片）\n" in kept
    assert kept.rstrip().endswith(LAST_SENTENCE)


def test_paragraph_ending_in_an_ellipsis_stays_in_the_body() -> None:
    ending = "\n从考察洽谈到签约落地，从开工建设到竣工投产，一个个项目跑出了加速度……"
    assert _kept(BODY + ending) == BODY + ending


def test_list_inside_the_body_stays() -> None:
    text = BODY + "\n签约项目包括：\n镁合金压铸\n汽车零部件\n新型建材\n" + BODY
    assert find_boilerplate(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "只有一个标题",
        "标题一\n标题二\n标题三\n标题四",
        "这是一句话。",
    ],
)
def test_texts_without_a_body_are_left_alone(text: str) -> None:
    assert find_boilerplate(text) == []


def test_single_line_article_is_left_alone() -> None:
    text = BODY.replace("\n", " ") + " |"
    assert find_boilerplate(text) == []


# --- the dev texts ------------------------------------------------------------

_TIMESTAMP_LINE = re.compile(r"\s*(?:19|20)\d{2}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\s*")
_FURNITURE = re.compile(r"推荐阅读|新闻推荐|责编|分享到|版权|转载|上一条|下一条|二维码")
_PROSE = re.compile("[。！？；]")


def _dev_texts(shared: Path) -> list[Path]:
    return sorted((shared / "benchmark" / "dev").glob("*.txt"))


def test_dev_texts_keep_the_article_and_lose_the_furniture(shared_dir: Path) -> None:
    for path in _dev_texts(shared_dir):
        original = path.read_text(encoding="utf-8")
        result = normalise_text(original)
        lines = [line for line in result.text.split("\n") if line.strip()]
        where = path.name
        assert lines, where
        assert not any(_TIMESTAMP_LINE.fullmatch(line) for line in lines[3:]), where
        assert not any(line.endswith("...") for line in lines[2:]), where
        assert not _FURNITURE.search(result.text), where
        repeated = {line for line in lines if lines.count(line) >= 3}
        assert not repeated, where
        # The article runs to its last paragraph of prose.
        assert _PROSE.search(lines[-1]) or len(lines[-1]) >= 40, where
        # No paragraph of the article was cut.
        for match in re.finditer(r"[^\n]*。[^\n]*。[^\n]*", original):
            if len(match.group(0)) < 80 or re.search(
                r"本網|本网|轉載|转载|版權|版权", match.group(0)
            ):
                continue
            inside = [s for s, e, _ in result.removed if s <= match.start() < e]
            assert not inside, (where, match.group(0)[:30])


def test_dev_texts_published_dates_match_the_gold(shared_dir: Path) -> None:
    for path in _dev_texts(shared_dir):
        gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        result = normalise_text(path.read_text(encoding="utf-8"))
        found = result.published.isoformat() if result.published else None
        assert found == gold["published"], path.name
