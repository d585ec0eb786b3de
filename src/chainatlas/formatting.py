"""Numbers, amounts, dates and statuses the way Chinese officials read them
(亿元, 万元, 2023年6月5日, 在建) — one place for the CLI, the web pages and the
reasons the analysis writes."""

from __future__ import annotations

from datetime import date, datetime

STATUS_NAMES: dict[str, str] = {
    "lead": "线索",
    "planned": "谋划",
    "negotiating": "洽谈",
    "signed": "签约",
    "construction": "在建",
    "trial": "试生产",
    "operating": "投产",
    "shelved": "搁置",
    "terminated": "终止",
}

YI = 100_000_000
WAN = 10_000


def _trim(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(yuan: float | None, lang: str = "zh-CN") -> str:
    """12.5亿元 / 3,000万元 / 800元 in Chinese, CNY 1.25 bn / CNY 30 m in English, — if unknown."""
    if yuan is None:
        return "—"
    if lang != "zh-CN":
        if abs(yuan) >= 1e9:
            return f"CNY {_trim(yuan / 1e9, 2)} bn"
        if abs(yuan) >= 1e6:
            return f"CNY {_trim(yuan / 1e6, 2)} m"
        return f"CNY {_trim(yuan, 0)}"
    if abs(yuan) >= YI:
        return f"{_trim(yuan / YI, 2)}亿元"
    if abs(yuan) >= WAN:
        return f"{_trim(yuan / WAN, 2)}万元"
    return f"{_trim(yuan, 0)}元"


def format_date(value: date | datetime | str | None, lang: str = "zh-CN") -> str:
    """2023年6月5日 (or 2023年6月, 2023年 for partial ISO dates); ISO in English."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else str(value)
    if lang != "zh-CN":
        return text
    parts = text.split("-")
    if not all(part.isdigit() for part in parts) or not 1 <= len(parts) <= 3:
        return text
    units = ("年", "月", "日")
    return "".join(f"{int(part) if i else part}{units[i]}" for i, part in enumerate(parts))


def format_count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
