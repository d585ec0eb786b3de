"""Company mentions: full legal names, short names, aliases and chain roles.

Full names are found from their legal suffix (…有限公司, …集团) leftwards to a
word boundary given by the segmenter; short names (路飞镁业, 宝钛集团, 创普斯)
from a trade name before an industry word, from lists after 引进/签约 frames
and from business-visit frames (走进X). Short names are linked as aliases to
a longer name when their cores (legal suffix, brackets and place prefix
removed) are contained in one another or nearly equal.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from chainatlas.extract import namewords as lexicon
from chainatlas.extract.base import ExtractionContext, register_stage
from chainatlas.extract.model import CompanyMention, CompanyRole
from chainatlas.extract.productwords import is_product_phrase, used_as_industry
from chainatlas.extract.textscan import occurrences, segments_with

_CJK = r"\u4e00-\u9fff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_NO_TRADE_BEFORE = frozenset(
    '的与和及在是了等对向把被从将为个家项，,。；;：:、！？!?“”"()（）\n 　'
)

# A legal suffix, longest alternatives first; "有限公司XX分公司" keeps the branch.
# The lookahead names the first characters: without it re tries the optional groups
# at every position of the text (four times slower).
_LEGAL_SUFFIX = re.compile(
    r"(?=[集股有公])(?:(?:集团)?(?:股份)?有限(?:责任)?公司(?:[\u4e00-\u9fff]{2,4}分公司)?"
    r"|集团(?:股份)?公司|股份公司|集团|公司)"
)
_LEGAL_TAIL = re.compile(
    r"(?:集团)?(?:股份)?有限(?:责任)?公司(?:[\u4e00-\u9fff]{2,4}分公司)?$|集团(?:股份)?公司$"
    r"|股份公司$|集团$|公司$"
)
# A digit with at most one letter names a technology generation (5G, 4K, 3D), not a firm.
_TECH_GENERATION = re.compile(r"[0-9]+[A-Za-z]?|[A-Za-z][0-9]+")
_BRACKETED = re.compile(r"[(（][^()（）]{1,8}[)）]")
_MAX_NAME = 26
# A park named before a firm says where it is, not who it is: 青阳经济开发区京工建… .
_ZONE_PREFIX = re.compile(
    r"[\u4e00-\u9fff]{2,10}?(?:开发区|工业园区|产业园区|工业园|产业园|高新区|经开区|园区)"
)


# Precompiled: re's module functions pay a cache lookup on every call.
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_ITEM_JOINER = re.compile(r"[、和及与]")
_CLAUSE_BREAK = re.compile(r"[，,。；;]")


@dataclass
class Candidate:
    """One company name found at one place in the text."""

    name: str
    start: int
    end: int
    strong: bool  # a legal name, or a short name in a clear business frame


@lru_cache(maxsize=8192)
def company_core(name: str) -> str:
    """The distinctive part of a company name: no brackets, legal suffix or place prefix."""
    core = _BRACKETED.sub("", name)
    for _ in range(2):
        core = _LEGAL_TAIL.sub("", core)
    return lexicon.strip_place_prefix(core)


@lru_cache(maxsize=8192)
def trade_name(name: str) -> str:
    """The trade name (字号): the core without a trailing industry word (路飞镁业科技 → 路飞)."""
    core = company_core(name)
    for _ in range(2):
        shorter = lexicon.strip_industry_suffix(core)
        if len(shorter) < 2 or shorter == core:
            break
        core = shorter
    return core


def find_legal_names(text: str) -> list[Candidate]:
    """Names that end in a legal suffix, bounded on the left by the segmenter."""
    out: list[Candidate] = []
    for m in _LEGAL_SUFFIX.finditer(text):
        start = lexicon.name_start(text, m.start(), _MAX_NAME)
        if start is None:
            continue
        zone = _ZONE_PREFIX.match(text, start, m.start())
        if zone:
            start = zone.end()
        name = text[start : m.end()]
        core = company_core(name)
        if len(_BRACKETED.sub("", name[: m.start() - start])) < 2 or not _acceptable(name, core):
            continue
        out.append(Candidate(name, start, m.end(), strong=True))
    return _drop_nested(out)


def _acceptable(name: str, core: str) -> bool:
    if any(word in name for word in lexicon.NOT_COMPANY):
        return False
    if len(core) < 2 and not _LATIN_OR_DIGIT.search(core):
        return core != "" and len(name) >= 4 and not lexicon.is_place(name[: len(name) - 2])
    bare = _BRACKETED.sub("", name)
    head = _LEGAL_TAIL.sub("", bare)
    if head[-1:] in ("子", "分", "母") and not bare.endswith("有限公司"):
        return False
    return head not in lexicon.GENERIC_HEADS and not lexicon.looks_like_place(head)


def find_short_names(text: str) -> list[Candidate]:
    """Trade name + industry word (路飞镁业, 森萍科技) where the text treats it as a firm."""
    out: list[Candidate] = []
    counts: dict[str, int] = {}
    industries: dict[str, bool] = {}
    for m in lexicon.INDUSTRY_WORD.finditer(text):
        if m.start() < 2 or text[m.start() - 1] in _NO_TRADE_BEFORE:
            continue  # cheap test first: 的新能源, 、科技 have no trade name before them
        found = lexicon.trade_before(text, m.start())
        if found is None:
            continue
        start, novel = found
        end = m.end()
        name = text[start:end]
        if lexicon.part_of_place_name(text, end):
            continue
        right = lexicon.followed_by_business(text, end)
        # 走进X / X年产…: a frame that only a firm fits
        strong = lexicon.business_frame(text, start, end) or text.startswith(
            ("年产", "年处理"), end
        )
        if not novel and not strong:
            continue
        trade = text[start : m.start()]
        if trade not in counts:
            counts[trade] = text.count(trade)
        # an unknown trade name met again (拓源实业 … 拓源研究院) is a firm's
        if not strong and counts[trade] < 2 and not right:
            continue
        if _TECH_GENERATION.fullmatch(trade) or is_product_phrase(text, start, end, m.start()):
            continue  # 5G通信, 煤制乙二醇, 5G通信|模组: products, not firms
        if name not in industries:
            industries[name] = used_as_industry(text, name)
        if industries[name]:
            continue  # 晶硅光伏产业: the document treats the name as an industry
        strong = strong or (novel and counts[trade] >= 2)
        out.append(Candidate(name, start, end, strong=strong))
    return out


_ITEM = rf"(?:(?!等)[{_CJK}A-Za-z0-9]){{2,14}}"
_LIST_CUE = re.compile(r"(?:引进|引入|签约|签下|对接|招引|促成|进驻|入驻|包括|邀请)了?")
# A list is closed by 等 or a count in its own sentence: only such sentences are scanned.
_LIST_CLOSE = re.compile(r"等|[0-9一二三四五六七八九十两多](?:个|家|项)")
_LIST_FRAME = re.compile(
    rf"(?:(?:引进|引入|签约|签下|对接|招引|促成|进驻|入驻|包括|发挥|邀请|还有|培育)了?|[，,](?=[^，,]*、))"
    rf"((?:{_ITEM}[、和及与])*{_ITEM}?)"
    rf"(?=(?:等|[0-9一二三四五六七八九十两多]+(?:个|家|项))[^，,。；、]{{0,10}}?"
    rf"(?:项目|企业|公司|客商|龙头))"
)


def find_listed_names(text: str) -> list[Candidate]:
    """Names listed after 引进/签约 and closed by 等 or a count: 引进甲、乙、丙3个项目."""
    out: list[Candidate] = []
    matches = (
        m for lo, hi in segments_with(text, _LIST_CLOSE) for m in _LIST_FRAME.finditer(text, lo, hi)
    )
    for m in matches:
        pos = m.start(1)
        for item in _ITEM_JOINER.split(m.group(1)):
            start = text.find(item, pos)
            pos = start + len(item)
            cues = [c.end() for c in _LIST_CUE.finditer(item)]
            if cues:  # ,该县已累计签约甲、乙…: the list starts after the verb
                start += cues[-1]
                item = item[cues[-1] :]
            name = item.removesuffix("项目")
            if name != item:
                name = _leading_firm(name)
            if _listed_firm(name):
                out.append(Candidate(name, start, start + len(name), strong=True))
    return out


_COUNTED = re.compile(r"[0-9][个家项亿万]|[个家项]$|^[一二三四五六七八九十两几多][个家项批]")


def _listed_firm(name: str) -> bool:
    """A list item that names a firm: a trade name, or a name with an industry word."""
    if not 2 <= len(name) <= 8 or "的" in name or not _HAS_CJK.search(name):
        return False
    if lexicon.has_generic_word(name) or _COUNTED.search(name) or not lexicon.ends_in_noun(name):
        return False
    if lexicon.tag(name)[0][1].startswith("v"):
        return False  # 围绕现代煤化工: a verb opens a clause, not a name
    if lexicon.is_place(name) or any(w in name for w in lexicon.NOT_COMPANY):
        return False
    return (
        lexicon.novel(name)
        or bool(lexicon.INDUSTRY_WORD.search(name))
        or lexicon.tag(name)[0][1] in _NAME_TAGS
    )


# Tags the segmenter gives to proper names (it often takes trade names for places or people).
_NAME_TAGS = ("nz", "nt", "ns", "nr", "nrt", "j")


_VISIT_FRAME = re.compile(
    rf"(?:走进|来到|考察了?|参观了?|拜访了?)([{_CJK}]{{2,8}}?)(?=[，,。；、]|$)"
)


def find_visited_names(text: str) -> list[Candidate]:
    """Firms visited on an inspection: 走进嘉沃家居，… (the visited place ends the clause)."""
    out: list[Candidate] = []
    for m in _VISIT_FRAME.finditer(text):
        name = m.group(1)
        if (
            lexicon.INDUSTRY_WORD.search(name)
            and not lexicon.has_generic_word(name[:2])
            and not lexicon.is_place(name[:2])
            and not any(w in name for w in lexicon.NOT_COMPANY + lexicon.NOT_FIRM_HEADS)
        ):
            out.append(Candidate(name, m.start(1), m.end(1), strong=True))
    return out


def _leading_firm(project: str) -> str:
    """The firm a listed project is named after: its first unknown word (正威电子… → 正威)."""
    words = lexicon.tag(project)
    if len(words) > 1 and len(words[0][0]) >= 2:
        first, tag = words[0]
        if lexicon.novel(first) or (tag in _NAME_TAGS and not lexicon.is_place(first)):
            return first
    return project


_SIGN_FRAME = re.compile(
    rf"(?:^|[，,。；：:\n]|日|月)([{_CJK}A-Za-z0-9]{{2,10}}?)(?:与|同|和)"
    rf"[{_CJK}]{{2,16}}?(?:政府|管委会|区|县|市|省)[^，,。]{{0,6}}?(?:签订|签约|签署|达成)"
)
# 龙头企业X…: the name ends before a particle, a number or a verb of investing
# (龙头企业皖镁新材投资的…).
_AFTER_ROLE = re.compile(
    rf"(?:链主|龙头|骨干|配套|重点)企业([{_CJK}A-Za-z]{{2,10}}?)"
    r"(?=[0-9的，,。、在与和将已是为]|投资|建设|新建|扩建|落户|签约|$)"
)
_NOVEL_BEFORE_PROJECT = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])项目")


def find_framed_names(text: str) -> list[Candidate]:
    """Firms named by their frame: X与某县签订…, 链主企业X…, an unknown word before 项目."""
    out: list[Candidate] = []
    for m in _SIGN_FRAME.finditer(text):
        name = m.group(1)
        if _plausible_short(name):
            out.append(Candidate(name, m.start(1), m.end(1), strong=True))
    for m in _AFTER_ROLE.finditer(text):
        name = m.group(1)
        first_tag = lexicon.tag(name)[0][1]
        if _plausible_short(name) and lexicon.ends_in_noun(name) and first_tag[:1] not in "dpcv":
            out.append(Candidate(name, m.start(1), m.end(1), strong=True))
    for m in _NOVEL_BEFORE_PROJECT.finditer(text):
        if text[m.start() - 1] in "个家项":
            continue  # 3个项目: a count, never a name (and segmenting it is the cost)
        start = lexicon.name_start(text, m.start(), 5)
        if start is None:
            continue
        name = text[start : m.start()]
        words = lexicon.tag(name)
        if not words or len(words[0][0]) < 2 or not lexicon.novel(words[0][0]):
            continue
        if is_product_phrase(text, start, m.start(), start) or used_as_industry(text, name):
            # 煤制乙二醇项目: a product before 项目, not a firm; an unknown word before
            # the product is the firm's short name (晋兴能化|煤制乙二醇|项目)
            firm = _firm_before_product(text, start)
            if firm is not None:
                out.append(firm)
            continue
        if _plausible_short(name):
            # one unknown proper word of three characters or more before 项目: a trade name
            # (吉香居项目); a common-noun one is as often a product (空压机项目)
            strong = len(words) == 1 and len(name) >= 3 and words[0][1] != "n"
            out.append(Candidate(name, start, m.start(), strong=strong))
    return out


def _firm_before_product(text: str, product_start: int) -> Candidate | None:
    """The short firm name right before a product phrase, if it is an unknown word.

    Weak: it counts only when the document names it twice.
    """
    start = lexicon.name_start(text, product_start, 6)
    if start is None or product_start - start < 2:
        return None
    name = text[start:product_start]
    words = lexicon.tag(name)
    if not words or len(words[0][0]) < 2 or not lexicon.novel(words[0][0]):
        return None
    if used_as_industry(text, name) or not _plausible_short(name):
        return None
    return Candidate(name, start, product_start, strong=False)


_PARK_END = re.compile(r"(?:园|城|园区|基地|中心|工厂|片区|小镇)$")


def _plausible_short(name: str) -> bool:
    return (
        not _COUNTED.search(name)
        and not _PARK_END.search(name)  # 冷链物流园 is a place, not a firm
        and name[0] not in "个家项批的"
        and not lexicon.has_generic_word(name)
        and not lexicon.is_place(name)
        and not any(w in name for w in lexicon.NOT_COMPANY + lexicon.NOT_FIRM_HEADS)
        and not name[:1].isdigit()
    )


def _outside(cands: list[Candidate], legal: list[Candidate]) -> list[Candidate]:
    """Drop short names read inside a legal name (锐丰镁业 inside 锐丰镁业科技有限公司)."""
    spans = sorted((c.start, c.end) for c in legal)  # legal names do not overlap
    starts = [s for s, _ in spans]
    out = []
    for c in cands:
        i = bisect_right(starts, c.start) - 1
        if i < 0 or c.end > spans[i][1]:
            out.append(c)
    return out


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (甲集团乙有限公司 over 甲集团)."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and c.start < kept[-1].end:
            if c.end - c.start > kept[-1].end - kept[-1].start:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


@lru_cache(maxsize=8192)
def same_company(short: str, long: str) -> bool:
    """Whether ``short`` names the firm ``long`` names (宝镁 ~ 安徽宝镁轻合金)."""
    a, b = company_core(short), company_core(long)
    if not a or not b:
        return False
    if a == b or (len(a) >= 2 and a in b) or (len(b) >= 2 and b in a):
        return True
    ta, tb = trade_name(short), trade_name(long)
    if len(ta) >= 2 and len(tb) >= 2 and (ta in tb or tb in ta):
        return True
    if _abbreviates(a, b) or _abbreviates(b, a):
        return True  # 晋兴能化 ~ 晋兴能源化工
    return len(a) >= 3 and fuzz.partial_ratio(a, b) >= 90


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` keeps the trade name of ``long`` and picks the rest of its
    characters in order (晋兴能化 from 晋兴能源化工, the usual Chinese abbreviation)."""
    # Abbreviations are short; two full names that share a trade name and some words
    # (三恒国际贸易, 三恒纺织服装国际贸易) are sister firms, not one.
    if not 3 <= len(short) <= 4 or len(long) <= len(short) or short[:2] != long[:2]:
        return False
    rest = iter(long[2:])
    return all(ch in rest for ch in short[2:])


def group_candidates(cands: Iterable[Candidate]) -> list[list[Candidate]]:
    """Group candidates naming the same firm; the longest strong name leads each group.

    Names are compared once per distinct name, so repeated names cost nothing extra.
    """
    by_name: dict[str, list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: (not c.strong, -len(c.name), c.start)):
        by_name.setdefault(c.name, []).append(c)
    groups: list[list[Candidate]] = []
    leads: list[str] = []
    for name, members in by_name.items():
        for lead, group in zip(leads, groups, strict=True):
            if same_company(name, lead):
                group.extend(members)
                break
        else:
            groups.append(list(members))
            leads.append(name)
    return groups


_ROLE_CUES: tuple[tuple[str, CompanyRole], ...] = (
    ("链主", "chain_leader"),
    ("龙头", "leading"),
    ("配套", "supporting"),
)


def company_role(text: str, start: int, end: int) -> CompanyRole | None:
    """A stated role: 链主企业X, X发挥链主作用 → chain_leader; 龙头 → leading; 配套 → supporting."""
    before = text[max(0, start - 8) : start]
    after = text[end : end + 14]
    clause_after = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    for cue, role in _ROLE_CUES:
        if cue in before[-6:] or cue + "企业" in clause_after or cue + "作用" in clause_after:
            return role
    return None


@register_stage("companies")
class CompanyStage:
    """Finds the companies of a document and their aliases."""

    name = "companies"

    def __call__(self, context: ExtractionContext) -> None:
        text = _unmasked(context)
        legal = find_legal_names(text)
        short = (
            find_short_names(text)
            + find_listed_names(text)
            + find_visited_names(text)
            + find_framed_names(text)
        )
        cands = legal + _outside(short, legal)
        context.result.companies.extend(build_mentions(context, cands))


def _unmasked(context: ExtractionContext) -> str:
    """The text with masked (garbled) spans blanked out, offsets unchanged."""
    text = context.text
    for start, end in context.masked:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def build_mentions(context: ExtractionContext, cands: list[Candidate]) -> list[CompanyMention]:
    """One mention per firm, with every place its names occur as evidence."""
    mentions: list[CompanyMention] = []
    text = context.text
    for group in group_candidates(cands):
        names = sorted({c.name for c in group}, key=lambda n: (-len(n), n))
        if not any(c.strong for c in group) and len(group) < 2:
            continue
        lead = names[0]
        spans = sorted({(c.start, c.end) for c in group})
        spans = sorted(set(spans) | set(_other_occurrences(text, names, spans)))
        role = next((r for s, e in spans if (r := company_role(text, s, e))), None)
        mentions.append(
            CompanyMention(
                name=lead,
                aliases=names[1:],
                role=role,
                evidence=[context.evidence(s, e) for s, e in spans],
            )
        )
    return mentions


def _other_occurrences(
    text: str, names: list[str], known: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Every further occurrence of the names (longest first), not inside a known span."""
    taken = bytearray(len(text) + 1)
    for s, e in known:
        taken[s:e] = b"\x01" * (e - s)
    found: list[tuple[int, int]] = []
    for name in names:
        for start, end in occurrences(text, name):
            if not taken[start]:
                found.append((start, end))
                taken[start:end] = b"\x01" * (end - start)
    return found
