"""Dates as news writes them, resolved against the publication date.

``2023年3月16日`` → ``2023-03-16``; ``今年6月份`` → ``2023-06`` (published in 2023);
``去年2月`` → ``2022-02``; ``3月`` → the month in the year of publication; ``2022年``
→ ``2022``; ``一季度`` → ``2023-Q1``; ``上半年`` → ``2023-H1``; ``上月`` → the month
before publication. Values are ISO dates or their prefixes. A bare ``1号`` or a
fraction is never read as a date (jionlp's ``extract_time`` turns 一号工程 into March
1st); a month or day out of range is not a date either.
"""

from __future__ import annotations

import re
from datetime import date

from chainatlas.extract.doccache import per_document
from chainatlas.extract.numbers import CHINESE_NUMERAL_CHARS, parse_number

_N = rf"(?:\d{{1,2}}|[{CHINESE_NUMERAL_CHARS}]{{1,3}})"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[二][〇○零][{CHINESE_NUMERAL_CHARS}]{{2}})"
_RELATIVE_YEAR = "今年|去年|明年|前年|后年|当年|本年|上年|全年"
_QUARTER = r"(?:第?(?P<q>[一二三四1-4])季度|(?P<half>上半年|下半年)|(?P<edge>年初|年底|年末|年中))"
_MONTH_PART = "(?P<mpart>份|初|中旬|上旬|下旬|底|末|中)?"
_DATE = re.compile(
    rf"(?P<iso>(?:19|20)\d{{2}})[-/.](?P<isom>\d{{1,2}})[-/.](?P<isod>\d{{1,2}})(?!\d)"
    rf"|(?:(?P<year>{_YEAR})年|(?P<rel>{_RELATIVE_YEAR}))?"
    rf"(?:(?P<month>{_N})月{_MONTH_PART}(?:(?P<day>{_N})(?:[—\-~～至到]{_N})?[日号])?|{_QUARTER})"
    rf"|(?P<yearonly>{_YEAR})年(?!\d|代)|(?P<relonly>{_RELATIVE_YEAR})"
    rf"|(?P<relmonth>本月|上月|下月|当月)(?:(?P<rday>{_N})[日号])?"
)
# Every date the pattern reads holds 年, 月 or 季 (今年, 上半年, 一季度) or is an ISO date:
# text without any of these is passed over before the slow pattern runs.
_DATE_CUE = re.compile(r"[年月季]|\d[-/.]\d")
_MONTH_OFFSET = {"本月": 0, "当月": 0, "上月": -1, "下月": 1}
_RELATIVE_OFFSET = {"今年": 0, "本年": 0, "当年": 0, "全年": 0, "去年": -1, "上年": -1}
_RELATIVE_OFFSET.update({"前年": -2, "明年": 1, "后年": 2})
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def find_dates(text: str, published: date | None) -> list[tuple[int, int, str]]:
    """Spans of the date expressions in ``text`` with their resolved values."""
    return list(_dates_of(text, published))


# Several stages read the dates of the same sentence of a document.
@per_document
def _dates_of(text: str, published: date | None) -> tuple[tuple[int, int, str], ...]:
    if not _DATE_CUE.search(text):
        return ()
    found: list[tuple[int, int, str]] = []
    for m in _DATE.finditer(text):
        value = _resolve(m, published)
        if value is not None:
            found.append((m.start(), m.end(), value))
    return tuple(found)


def resolve_date(expr: str, published: date | None) -> str | None:
    """The value of one date expression ('今年6月份' → '2023-06'), or None when it is not a date."""
    m = _DATE.fullmatch(expr.strip())
    return _resolve(m, published) if m else None


def _resolve(m: re.Match[str], published: date | None) -> str | None:
    if m.group("iso"):
        return _iso(int(m.group("iso")), int(m.group("isom")), int(m.group("isod")))
    if m.group("relmonth"):
        return _relative_month(m, published)
    year = _year(m, published)
    if m.group("yearonly") or m.group("relonly"):
        return None if year is None else str(year)
    if year is None:
        return None
    if m.group("q"):
        return f"{year}-Q{_QUARTERS[m.group('q')]}"
    if m.group("half"):
        return f"{year}-H{1 if m.group('half') == '上半年' else 2}"
    if m.group("edge"):
        return str(year)
    month = parse_number(m.group("month") or "")
    if month is None or not 1 <= month <= 12 or month != int(month):
        return None
    if m.group("day"):
        day = parse_number(m.group("day"))
        if day is None or day != int(day):
            return None
        return _iso(year, int(month), int(day))
    return f"{year}-{int(month):02d}"


def _year(m: re.Match[str], published: date | None) -> int | None:
    written = m.group("year") or m.group("yearonly")
    if written:
        value = parse_number(written)
        return int(value) if value is not None and 1900 <= value <= 2100 else None
    relative = m.group("rel") or m.group("relonly")
    if published is None:
        return None
    return published.year + _RELATIVE_OFFSET.get(relative or "今年", 0)


def _relative_month(m: re.Match[str], published: date | None) -> str | None:
    """本月, 上月15日: months counted from the publication date."""
    if published is None:
        return None
    index = published.year * 12 + published.month - 1 + _MONTH_OFFSET[m.group("relmonth")]
    year, month = divmod(index, 12)
    if m.group("rday"):
        day = parse_number(m.group("rday"))
        return _iso(year, month + 1, int(day)) if day is not None and day == int(day) else None
    return f"{year}-{month + 1:02d}"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
