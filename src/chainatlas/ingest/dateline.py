"""Publication date and source named in an article's dateline.

News pages put a dateline near the top: ``池州新闻 2023-03-24 15:34:40``,
``时间: 2024年04月28日16:01 来源:吕梁新闻网``, ``发布时间：2023/7/5``. Dates
further down are usually about events, not publication, so a date counts only
when it is near the start and looks like a dateline (labelled, followed by a
clock time, or alone on a short line), or when a 发布时间-style label names it.
"""

from __future__ import annotations

import re
from datetime import date

HEAD_LINES = 8  # non-empty lines that count as "near the start"
HEAD_LINE_CHARS = 200  # of a long first line only its start is a dateline

_YMD = (
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    r"(?![\d.])\s*日?"
)
_DMY = r"(?<![\d.])(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>(?:19|20)\d{2})(?!\d)"
_TIME = r"\s*(?P<time>\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
# Every date starts with a digit; the lookahead lets re skip other positions fast
# (the look-behind of _DMY otherwise defeats its prefix scan).
_DATE = re.compile(f"(?=[0-9])(?:{_YMD}|{_DMY}){_TIME}")

_DATE_LABEL = re.compile(r"(?:发布|發布|发表|發表|更新|发稿|時間|时间|日期|来源|來源)")
_PUBLISHED_LABEL = re.compile(r"(?:发布|發布|发表|發表|发稿|更新)(?:时间|時間|日期)\s*[:：]?\s*$")
_SHORT_DATELINE = 40

_SOURCE = re.compile(
    r"(?<!图片)(?<!圖片)(?:来源|來源)\s*[:：]\s*(?P<value>[^\s|｜,，。;；)）\]】]*)"
)
_LABEL_WORDS = re.compile(
    r"(?:阅读|閱讀|作者|编辑|編輯|责编|責編|时间|時間|发布|發布|点击|點擊|浏览|瀏覽|日期|记者|記者)"
)
_NOT_A_SOURCE = {"网络", "網絡", "互联网", "互聯網", "网友", "本站", "本网", "未知", "综合", "原创"}
_MEDIA_SUFFIX = re.compile(r"(?:新闻网|新聞網|日报|日報|晚报|晚報|网|網|报|報|社|电视台|電視台)")
_LEADING_DATELINE = re.compile(
    r"^\s*(?P<name>[^\s\d:：]{2,12}?(?:新闻|新聞|日报|日報|晚报|晚報|网|網|报|報|在线|在線|客户端|客戶端))"
    r"\s+(?:19|20)\d{2}\s*[-/.年]"
)
_LINE_START = re.compile(r"^[\s•·\-*(（【\[]*(?:本文|文章|稿件|消息)?(?:来源|來源)")


def find_published(text: str) -> date | None:
    """The publication date stated in the article's dateline, if there is one."""
    for line in _head_lines(text):
        for m in _DATE.finditer(line):
            if _is_dateline(line, m):
                found = _to_date(m)
                if found is not None:
                    return found
    for m in _DATE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _PUBLISHED_LABEL.search(text, line_start, m.start()):
            found = _to_date(m)
            if found is not None:
                return found
    return None


def find_source(text: str) -> str | None:
    """The publisher named by a ``来源：`` line or a leading ``XX新闻 2023-03-24`` dateline."""
    head = _head_lines(text)
    for line in head:
        for m in _SOURCE.finditer(line):
            value = _clean_source(m.group("value"))
            if value:
                return value
    leading = _LEADING_DATELINE.match(head[0]) if head else None
    if leading:
        return leading.group("name")
    for line in text.splitlines():
        if len(line) <= 60 and _LINE_START.match(line):
            labelled = _SOURCE.search(line)
            value = _clean_source(labelled.group("value")) if labelled else None
            if value:
                return value
    return None


def _head_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line[:HEAD_LINE_CHARS])
            if len(lines) == HEAD_LINES:
                break
    return lines


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    if m.group("time"):
        return True
    if _DATE_LABEL.search(line, max(0, m.start() - 30), m.start()):
        return True
    return len(line.strip()) <= _SHORT_DATELINE


def _to_date(m: re.Match[str]) -> date | None:
    if m.group("y"):
        year, month, day = m.group("y"), m.group("m"), m.group("d")
    else:
        year, month, day = m.group("y2"), m.group("m2"), m.group("d2")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _clean_source(value: str) -> str | None:
    value = value.strip(" :：-—")
    if not value or _LABEL_WORDS.match(value):
        return None
    label = _LABEL_WORDS.search(value)
    if label:  # "巢湖日报作者刘睿": a label glued to the value ends it
        value = value[: label.start()]
    # "吕梁新闻网进入论坛手机读报": page words glued to the name; end at its media suffix.
    suffix = _MEDIA_SUFFIX.search(value, 2)
    if suffix and suffix.end() < len(value):
        value = value[: suffix.end()]
    if value in _NOT_A_SOURCE or len(value) < 2:
        return None
    return value
