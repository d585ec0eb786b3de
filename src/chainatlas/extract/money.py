"""Money amounts: parse 30.4亿元, 五百亿, 超500亿元, 50多亿元, and find every amount in a text.

An amount is a number with a magnitude (万, 亿, 万亿 …) and/or the currency 元.
Without 元 (项目总投资约27亿, 千亿工业产值) it counts only in a clause about money
and when no measure word follows (1.1亿条, 2700万吨 are not money). Scale labels
(千亿级产业) and foreign currencies are not yuan amounts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from chainatlas.extract.base import ExtractionContext, register_stage
from chainatlas.extract.model import AmountMention, AmountRole
from chainatlas.extract.numbers import CHINESE_NUMERAL_CHARS, MAGNITUDES, parse_number
from chainatlas.extract.regions import SpanSet

_CN = CHINESE_NUMERAL_CHARS
_NUM = rf"(?:\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)"
_MAG = "万亿|亿|千万|百万|十万|万|千"
_PREFIX = (
    "超过|超|近|约|逾|多达|高达|达到|达|突破|不少于|不低于|不超过|至少|共计|总计|合计|累计|共|计"
)
_CURRENCY = "人民币|美元|港元|港币|欧元|日元|英镑|元"
# The lookahead lists every character an amount can start with: re tries the pattern at
# every position, and failing on one character class is twice as fast as failing inside it.
_AMOUNT = re.compile(
    rf"(?=[超近约逾多高达突不至共总合累计人¥￥\s0-9{_CN}万亿千百])"
    rf"(?P<prefix>{_PREFIX})?(?:人民币|(?P<sign>[¥￥]))?\s?(?:"
    rf"(?:(?P<low>{_NUM})\s?(?P<lowmag>{_MAG})?\s?[-－~～—至到]\s?)?"
    rf"(?P<num>{_NUM})(?P<approx1>多|余)?\s?(?:个(?=亿))?"  # 1个亿 is spoken 1亿
    rf"(?:(?P<mag>{_MAG})(?P<approx2>多|余)?\s?(?P<cur>{_CURRENCY})?|(?P<cur2>{_CURRENCY}))"
    rf"|(?P<bmag>万亿|亿|千万|百万|万)(?P<bcur>元))"
    rf"(?P<suffix>以上|以下|以内|左右)?"
)
_ANCHOR = re.compile("[元亿万¥￥]")
_VAGUE_BEFORE = "几数上好若"
# Words whose last character looks like a qualifier prefix (签约 ≠ 约 "about").
_WORDS_ENDING_LIKE_PREFIX = frozenset(
    {"签约", "合约", "契约", "预约", "制约", "节约", "条约", "公约", "设计", "统计"}
    | {"会计", "审计", "公共", "到达", "发达", "表达", "下达", "传达", "抵达", "直达"}
)
_FOREIGN = ("美元", "港元", "港币", "欧元", "日元", "英镑")
# After 元 these make another word: 元素, 元宇宙, 元旦, 元年, 元件, 元器件.
_NOT_YUAN_AFTER = tuple("素宇旦年件器气代首帅老宵")
# After a bare 万/亿 these make a count, not money: 1.1亿条, 2700万吨, 百亿级.
_MEASURE_AFTER = re.compile(
    r"[级条件吨人只个台套亩瓦度方头辆次户家张册部棵株份双粒名位项平立千公斤克升米"
    r"字步块所座间支架艘根箱袋本篇页尾羽颗枚斤担桶罐片包盒瓶标㎡A-Za-z]|千瓦|平方"
)
_MONEY_CUE = re.compile(
    r"投资|金额|资金|产值|收入|营收|销售|交易额|总额|税|利润|贷款|基金|资本|融资|签约|估值|"
    r"价|费|补贴|奖励|奖补|GDP|生产总值|增加值|规模|效益|营业|出口|进口|消费|成交"
)
_CLAUSE_BREAK = re.compile(r"[。！？；;，,：:\n]")

_ROLE_CUES: tuple[tuple[str, AmountRole], ...] = (
    ("签约总金额", "signed_amount"),
    ("签约金额", "signed_amount"),
    ("签约额", "signed_amount"),
    ("合同金额", "signed_amount"),
    ("签约", "signed_amount"),
    ("签订", "signed_amount"),
    ("到位资金", "funds_in_place"),
    ("到位", "funds_in_place"),
    ("总投资", "total_investment"),
    ("投资总额", "total_investment"),
    ("投资额", "total_investment"),
    ("投资", "total_investment"),
    ("产值", "output_value"),
    ("利税", "tax"),
    ("税收", "tax"),
    ("纳税", "tax"),
    ("税", "tax"),
    ("贷款", "loan"),
    ("授信", "loan"),
    ("营业收入", "revenue"),
    ("营收", "revenue"),
    ("销售收入", "revenue"),
    ("销售额", "revenue"),
    ("收入", "revenue"),
)
_ROLE_WINDOW = 24


# Precompiled: re's module functions pay a cache lookup on every call.
_DIGIT = re.compile(r"\d")
_ALL_NUMERALS = re.compile(rf"[{CHINESE_NUMERAL_CHARS}]+")
_SENTENCE_BREAK = re.compile(r"[。！？；;\n]")


class AmountSpan(NamedTuple):  # built in hot loops; cheaper than a frozen dataclass
    """One amount found in a text (a range 1-5亿元 gives two)."""

    start: int
    end: int
    value_cny: float
    text: str
    qualifier: str | None
    has_currency: bool


def parse_amount(text: str) -> float | None:
    """The value in yuan of one written amount ('30.4亿元' → 3.04e9), else None."""
    spans = find_amounts(text, require_context=False)
    if len(spans) != 1 or spans[0].end - spans[0].start < len(text.strip()):
        return None
    return spans[0].value_cny


def find_amounts(
    text: str, start: int = 0, end: int | None = None, *, require_context: bool = True
) -> list[AmountSpan]:
    """Every yuan amount in ``text[start:end]`` (offsets into ``text``); with
    ``require_context``, amounts without 元 need a clause about money."""
    out: list[AmountSpan] = []
    for m in _AMOUNT.finditer(text, start, len(text) if end is None else end):
        prefix = m.group("prefix")
        if prefix and m.start() > 0 and text[m.start() - 1] + prefix in _WORDS_ENDING_LIKE_PREFIX:
            prefix = None  # 签约 is not 约 "about"
        num = m.group("num")
        mag = m.group("mag") or m.group("bmag")
        cur = (
            m.group("cur")
            or m.group("cur2")
            or m.group("bcur")
            or ("元" if m.group("sign") else None)
        )
        if cur in _FOREIGN:
            continue
        if cur == "元" and text.startswith(_NOT_YUAN_AFTER, m.end()):
            continue
        if num is None:
            # 亿元以上项目: a bare magnitude with 元 is one of it, as a threshold
            if not (m.group("suffix") or prefix):
                continue
            num = "一"
        elif m.start("num") > 0 and text[m.start("num") - 1] in _VAGUE_BEFORE:
            continue  # 几十亿元, 数千万元 give no number
        elif cur == "元" and not mag and not _DIGIT.search(num):
            continue  # 三元材料, 一元化: a Chinese numeral right before 元 is rarely money
        if cur is None:
            if require_context and not _bare_magnitude_is_money(text, m.start(), m.end()):
                continue
            if _ALL_NUMERALS.fullmatch(num) and mag in ("千", "万"):
                continue  # 千万, 百万 alone are words (千万不要)
        value = parse_number(num)
        if value is None or value == 0:
            continue
        factor = MAGNITUDES[mag] if mag else 1.0
        qualifier = prefix or m.group("approx1") or m.group("approx2") or m.group("suffix")
        start = m.start() if prefix or not m.group("prefix") else m.end("prefix")
        while text[start].isspace():
            start += 1
        amount_text = text[start : m.end()].strip()
        low = m.group("low")
        if low is not None:
            low_value = parse_number(low)
            low_factor = MAGNITUDES[m.group("lowmag")] if m.group("lowmag") else factor
            if low_value:
                out.append(
                    AmountSpan(
                        start,
                        m.end(),
                        round(low_value * low_factor, 2),
                        amount_text,
                        "range",
                        bool(cur),
                    )
                )
        out.append(
            AmountSpan(start, m.end(), round(value * factor, 2), amount_text, qualifier, bool(cur))
        )
    return out


def _bare_magnitude_is_money(text: str, start: int, end: int) -> bool:
    """27亿 without 元: money when no measure word follows and the clause talks about money."""
    if _MEASURE_AFTER.match(text, end):
        return False
    clause_start = start
    while clause_start > 0 and clause_start > start - 30:
        if _CLAUSE_BREAK.match(text, clause_start - 1):
            break
        clause_start -= 1
    following = text[end : end + 6]
    return bool(_MONEY_CUE.search(text, clause_start, start) or _MONEY_CUE.search(following))


def amount_role(text: str, start: int) -> AmountRole:
    """The role of an amount at ``start`` from the nearest cue word before it in its clause."""
    window_start = max(0, start - _ROLE_WINDOW)
    window = text[window_start:start]
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(window)]
    if breaks:
        window = window[breaks[-1] :]
    best: tuple[int, int, AmountRole] | None = None
    for cue, role in _ROLE_CUES:
        pos = window.rfind(cue)
        if pos < 0:
            continue
        key = (pos + len(cue), len(cue), role)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else "other"


@register_stage("amounts")
class AmountStage:
    """Adds every money amount of the document, with qualifier and role, to the result."""

    name = "amounts"

    def __call__(self, context: ExtractionContext) -> None:
        text = context.text
        masked = SpanSet(context.masked)
        spans: list[AmountSpan] = []
        for sentence in context.sentences:
            # most sentences hold no amount: skip them before running the big pattern
            if _ANCHOR.search(sentence.text):
                spans.extend(find_amounts(text, sentence.start, sentence.end))
        for span in spans:
            if masked.overlaps(span.start, span.end):
                continue
            context.result.amounts.append(
                AmountMention(
                    value_cny=span.value_cny,
                    text=span.text,
                    qualifier=span.qualifier,
                    role=amount_role(text, span.start),
                    evidence=context.evidence(span.start, span.end),
                )
            )
