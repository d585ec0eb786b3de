"""Why a mention joined a project or a firm, in the reader's language.

The resolver stores its reasons as short English phrases built from a few templates
(``owner X; name A within B``); they stay English in the database and the API, where
scripts match them. Pages show them in Chinese: each template has its translation here,
and a phrase no template knows is shown as stored rather than dropped.
"""

from __future__ import annotations

import re

# (pattern of one stored phrase, its Chinese form); the first match wins.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), chinese)
    for pattern, chinese in (
        (r"owner named in the project name (?P<a>.+)", "项目名称中写明的业主{a}"),
        (r"the only firm its article names: (?P<a>.+)", "文中唯一提到的企业{a}"),
        (r"owner (?P<a>.+)", "业主{a}"),
        (r"same name and place", "名称和地点相同"),
        (r"same name (?P<a>.+)", "名称相同：{a}"),
        (r"name (?P<a>.+?) spread within (?P<b>.+)", "「{a}」的字依次出现在「{b}」中"),
        (r"name (?P<a>.+?) within (?P<b>.+)", "「{a}」包含在「{b}」中"),
        (r"similar names (?P<a>.+?) ~ (?P<b>.+)", "名称相近：{a} ~ {b}"),
        (r"near-identical names (?P<a>.+?) ~ (?P<b>.+)", "名称几乎相同：{a} ~ {b}"),
        (r"short name (?P<a>.+?) of (?P<b>.+)", "{a}是{b}的简称"),
        (r"the owner's only project here", "该业主在当地唯一的项目"),
        (r"capacity (?P<a>.+?) / (?P<b>.+)", "产能{a} / {b}"),
        (r"capacity (?P<a>.+)", "产能{a}"),
        (r"the name itself", "名称本身"),
        (r"(?P<a>.+) owns a project of this firm", "{a}是该企业项目的业主"),
        (r"split off by user decision #(?P<a>\d+)", "按用户决定#{a}拆分"),
        (r"merged by user decision #(?P<a>\d+)", "按用户决定#{a}合并"),
    )
)
_SAME_REGION = re.compile(r"^(?P<reason>.+), same region (?P<region>.+)$")


def _phrase(text: str) -> str:
    region = _SAME_REGION.match(text)
    if region:
        return f"{_phrase(region['reason'])}，同一地区{region['region']}"
    for pattern, chinese in _PHRASES:
        found = pattern.fullmatch(text)
        if found:
            return chinese.format(**found.groupdict())
    return text


def reason_text(reason: str | None, lang: str) -> str:
    """``reason`` as stored (English) or translated phrase by phrase for Chinese pages."""
    if not reason:
        return ""
    if lang == "en":
        return reason
    return "；".join(_phrase(part.strip()) for part in reason.split("; ") if part.strip())
