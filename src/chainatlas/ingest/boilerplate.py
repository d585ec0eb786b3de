"""Find the page furniture around an article in plain text, by the shape of its lines.

Web pages saved as text carry more than the article: breadcrumbs and menus
before it; after it editor credits, share bars, copyright notices, "related
news" headings, lists of other headlines, stock-ticker briefs with timestamps.
The rule here is general, not a list of phrases from particular sites:

* The article body is the densest block of prose lines — lines with Chinese
  sentence punctuation — found as the maximum-sum run of line scores (prose
  scores its length, everything else a penalty).
* Lines that are page furniture by shape (timestamps alone on a line, truncated
  teasers ending in "...", lines repeated three times, runs of short lines,
  breadcrumbs) or by a small generic cue vocabulary combined with shape (a short
  line saying 分享/责编/推荐阅读, a notice with two of 版权/转载/声明/本网…) score
  a heavy penalty. The hard cues also split the text: the body never reaches
  across a "related news" heading or a copyright notice.
* Everything after the body is cut. Before the body only navigation and hard-cue
  lines are cut, so the title, the dateline and photo captions stay.

Input is normalised text (Simplified, Chinese punctuation between Chinese
characters); the result lists spans of that text to remove, with why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

MIN_BODY = 30  # a text whose best prose block scores less has no body we trust
HARD_PENALTY = 60
SHORT_LINE = 40
LIST_RUN = 3

_SENTENCE_END = re.compile("[。！？；]|……")
_CLAUSE_MARK = re.compile("[，、]")
_TIMESTAMP = re.compile(
    r"(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}"
    r"|\d{1,2}[-/月]\d{1,2}日?)\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?"
)
_BREADCRUMB = re.compile(r"\s*(?:>>|>|»|›|→|＞|/)\s*")
_MENU_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_SITE_UI = re.compile(
    r"首页|当前位置|您的位置|登录|注册|网站地图|设为首页|加入收藏|手机版|正文|打印|关闭|字号|返回"
)
_SHARE = re.compile(r"分享|扫一扫|二维码|我要评论|发表评论|评论[:：(（]|网友评论|点赞|收藏本")
_EDITOR = re.compile(
    r"^[(（【\[]?\s*(?:责编|责任编辑|编辑|审核|校对|一审|二审|三审|终审|编审|监制)\s*[:：]"
)
_RELATED = re.compile(
    r"推荐阅读|相关阅读|延伸阅读|相关新闻|相关报道|相关文章|新闻推荐|热点推荐|热门推荐|精彩推荐"
    r"|猜你喜欢|为你推荐|为您推荐|图片新闻|热门文章|最新文章|更多新闻|往期回顾|热点新闻|商务链接"
)
_NEIGHBOUR_LINK = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)")
_NEIGHBOUR_WORD = re.compile(r"上一篇|下一篇|上一条|下一条|上篇|下篇")
_EDITOR_WORD = re.compile(r"责编|责任编辑|编辑|审核|校对|一审|二审|三审|终审|编审|监制")
# Case spelled out rather than re.I, which folds the case of every Chinese character.
_NOTICE = re.compile(
    r"版权|转载|声明|未经|授权|侵权|免责|本网|本站|[Cc][Oo][Pp][Yy][Rr][Ii][Gg][Hh][Tt]|©"
    r"|[Ii][Cc][Pp]|备案号|不良信息|举报"
)
_COLONS = ("：", ":")
_BULLET = re.compile(r"^[•·\-*]\s*")


@dataclass(frozen=True)
class BoilerplateCut:
    start: int
    end: int
    reason: str


@dataclass
class _Line:
    start: int  # offset of the first character
    end: int  # offset after the last character (before the line break)
    text: str  # stripped
    prose: bool = False
    hard: str | None = None  # furniture that also ends the body: why
    soft: str | None = None  # furniture by shape: why
    score: int = 0


def find_boilerplate(text: str) -> list[BoilerplateCut]:
    """Spans of ``text`` that are page furniture around the article, in order."""
    lines = _lines(text)
    if not lines:
        return []
    _classify(lines, _Cues.of(text))
    body = _find_body(lines)
    if body is None:
        return []
    first, last = body
    cuts = _head_cuts(text, lines[:first])
    tail = lines[last + 1 :]
    if tail:
        kinds = dict.fromkeys(r for line in tail if (r := line.hard or line.soft))
        reason = ", ".join(kinds) or "after the article"
        cuts.append(BoilerplateCut(tail[0].start, len(text), reason))
    return cuts


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(position + lead, position + lead + len(stripped), stripped))
        position += len(raw) + 1
    return lines


@dataclass(frozen=True)
class _Cues:
    """Which kinds of furniture the whole text could hold at all.

    One search over the text per kind: most articles have no share bar, notice or
    menu, and their lines then skip those tests (a real saving over many lines).
    """

    editor: bool
    related: bool
    share: bool
    notice: bool
    navigation: bool

    @classmethod
    def of(cls, text: str) -> _Cues:
        return cls(
            editor=bool(_EDITOR_WORD.search(text)),
            related=bool(_RELATED.search(text) or _NEIGHBOUR_WORD.search(text)),
            share=bool(_SHARE.search(text)),
            notice=bool(_NOTICE.search(text)),
            # breadcrumbs need '>', menus a bar, the rest a site word
            navigation=">" in text or "|" in text or "｜" in text or bool(_SITE_UI.search(text)),
        )


def _classify(lines: list[_Line], cues: _Cues) -> None:
    counts = Counter(line.text for line in lines)
    for line in lines:
        t = line.text
        n = len(t)
        line.prose = bool(_SENTENCE_END.search(t)) or (
            len(_CLAUSE_MARK.findall(t)) >= 2 and n >= SHORT_LINE
        )
        line.hard = _hard_reason(t, line.prose, cues)
        line.soft = _soft_reason(t, line.prose, counts[t], cues)
    _mark_list_runs(lines)
    for line in lines:
        n = len(line.text)
        if line.hard or line.soft:
            line.score = -(n + HARD_PENALTY)
        elif line.prose:
            line.score = n
        else:
            line.score = -(n // 2 + 5)


def _hard_reason(t: str, prose: bool, cues: _Cues) -> str | None:
    short = len(t) <= SHORT_LINE
    if cues.editor and _EDITOR.match(t):
        return "editor credit"
    if (
        cues.related
        and short
        and ((_RELATED.search(t) and len(t) <= 12) or _NEIGHBOUR_LINK.match(t))
    ):
        return "related-news heading"
    if cues.share and short and _SHARE.search(t):
        return "share bar"
    if not cues.notice:
        return None
    notices = {m.group(0).lower() for m in _NOTICE.finditer(t)}
    if len(notices) >= 2 or (notices and (short or not prose)):
        return "copyright notice"
    return None


def _soft_reason(t: str, prose: bool, count: int, cues: _Cues) -> str | None:
    if _TIMESTAMP.fullmatch(t):
        return "timestamp list"
    if cues.navigation and _is_navigation(t, prose):
        return "navigation"
    if count >= LIST_RUN and len(t) >= 2:
        return "repeated items"
    if (t.endswith("...") or (t.endswith("…") and not t.endswith("……"))) and len(t) <= 80:
        return "truncated teaser"
    return None


def _is_navigation(t: str, prose: bool) -> bool:
    if prose or len(t) > 80:
        return False
    crumbs = [p for p in _BREADCRUMB.split(t) if p]
    if len(crumbs) >= 3 and all(len(p) <= 15 for p in crumbs) and ">" in t:
        return True
    if len(crumbs) >= 2 and ">" in t and _SITE_UI.search(t):
        return True
    items = [p for p in _MENU_SEPARATOR.split(t) if p]
    if len(items) >= 3 and all(len(p) <= 8 for p in items):
        return True
    body = _BULLET.sub("", t)
    return len(body) <= 12 and bool(_SITE_UI.search(body)) and not _TIMESTAMP.search(body)


def _mark_list_runs(lines: list[_Line]) -> None:
    # Several short non-prose lines in a row: a list of headlines or links,
    # unless a line ending in a colon introduces it as the article's own list.
    run: list[_Line] = []
    introduced = False
    previous: _Line | None = None
    for line in [*lines, None]:
        if line is not None and not line.prose and len(line.text) <= SHORT_LINE:
            if not run:
                introduced = previous is not None and previous.text.endswith(_COLONS)
            run.append(line)
        else:
            if len(run) >= LIST_RUN and not introduced and not run[0].text.endswith(_COLONS):
                for member in run:
                    member.soft = member.soft or "headline list"
            run = []
        previous = line


def _find_body(lines: list[_Line]) -> tuple[int, int] | None:
    # Best-scoring block per stretch between hard lines; the first stretch whose
    # block is at least half as strong as the strongest holds the article.
    blocks: list[tuple[int, int, int]] = []  # (score, first, last)
    stretch_start = 0
    for i, line in enumerate([*lines, None]):
        if line is None or line.hard:
            best = _best_block(lines, stretch_start, i)
            if best is not None:
                blocks.append(best)
            stretch_start = i + 1
    if not blocks:
        return None
    strongest = max(score for score, _, _ in blocks)
    if strongest < MIN_BODY:
        return None
    for score, first, last in blocks:
        if score * 2 >= strongest:
            return first, last
    return None


def _best_block(lines: list[_Line], start: int, stop: int) -> tuple[int, int, int] | None:
    best: tuple[int, int, int] | None = None
    running, run_start = 0, start
    for i in range(start, stop):
        if running <= 0:
            running, run_start = 0, i
        running += lines[i].score
        if running > 0 and (best is None or running > best[0]):
            best = (running, run_start, i)
    return best


def _head_cuts(text: str, head: list[_Line]) -> list[BoilerplateCut]:
    cuts: list[BoilerplateCut] = []
    for line in head:
        reason = line.hard or (line.soft if line.soft == "navigation" else None)
        if reason is None or _TIMESTAMP.search(line.text):
            continue
        start = text.rfind("\n", 0, line.start) + 1
        cuts.append(BoilerplateCut(start, _cut_start(text, line.end), reason))
    return cuts


def _cut_start(text: str, body_end: int) -> int:
    # Keep the body's own line break; cut from the start of the next line.
    newline = text.find("\n", body_end)
    return len(text) if newline < 0 else newline + 1
