"""Numbers as Chinese news writes them: 30.4, 8,000, 五百, 三十点四, 两千三百, 1.2万.

Hand-written rather than cn2an: cn2an rejects decimals spoken with 点 (三十点四),
mixed forms (1.2万) and rewrites whole texts when used as a transformer; a number
parser over one span is thirty lines and has no such surprises.
"""

from __future__ import annotations

import re

CHINESE_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# Multipliers written after a number: 万亿 before 万 and 亿 so the longest wins.
MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3}

CHINESE_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千"
_ARABIC = re.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


# Precompiled: re's module functions pay a cache lookup on every call.
_DIGITS_AND_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|千万|百万|十万|万|千)")


def parse_number(text: str) -> float | None:
    """The value of a number written in Arabic or Chinese numerals (万/亿 included), else None."""
    text = text.translate(_FULLWIDTH).replace(" ", "")
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return float(text.replace(",", "").replace("，", ""))
    match = _DIGITS_AND_MAGNITUDE.fullmatch(text)
    if match:  # mixed form: 1.2万, 3千万
        return float(match.group(1)) * MAGNITUDES[match.group(2)]
    return _parse_chinese(text)


def _parse_chinese(text: str) -> float | None:
    if "点" in text:  # 三十点四: integer part, then digits read one by one
        whole, _, fraction = text.partition("点")
        integer = _parse_chinese(whole) if whole else 0.0
        if integer is None or not fraction or any(c not in CHINESE_DIGITS for c in fraction):
            return None
        return integer + float("0." + "".join(str(CHINESE_DIGITS[c]) for c in fraction))
    if all(c in CHINESE_DIGITS for c in text):  # 二〇二三: digits read one by one
        return float("".join(str(CHINESE_DIGITS[c]) for c in text))
    total = 0.0  # sum of finished 万/亿 sections
    section = 0.0  # value below the current 万/亿
    digit: float | None = None
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        elif char in BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            if char == "亿":
                total = (total + section) * BIG_UNITS[char]
            else:
                total += section * BIG_UNITS[char]
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)
