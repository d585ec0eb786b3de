"""Normalised company and project names: the keys that mentions are matched on.

A company key is the distinctive part of its name — no legal suffix
(有限公司, 股份有限公司, 集团 …), no bracketed place, no leading province or city
— and the places removed are kept as region evidence. A project key is its
name without capacity phrases (年产…), phase markers (一期/二期 → a phase
number), generic heads (项目, 建设, 生产基地 …), its owner's names and places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chainatlas.resolve.places import Place, compatible, leading_place, places_named

_BRACKETED = re.compile(r"[(（]([^()（）]{1,12})[)）]")
_LEGAL_TAIL = re.compile(
    r"(?:(?:集团)?(?:股份)?有限(?:责任)?公司|集团(?:股份)?公司|股份公司|集团|公司|"
    r"有限合伙|控股)$"
)
_BRANCH = re.compile(r"[\u4e00-\u9fff]{2,6}分公司$")
_NOISE = re.compile(r"[\s·•\-—_\"'“”‘’《》「」]")
BLOCK_LENGTH = 2


@dataclass(frozen=True)
class CompanyName:
    """A company name taken apart: its key and the places its name states."""

    written: str
    key: str
    legal: bool  # written with a legal suffix: a full name
    places: tuple[Place, ...]  # divisions named by its prefix or brackets, most specific last


def clean(text: str) -> str:
    """NFKC, lower-case Latin, no spaces or decorative punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


# Words a trade name does not start with: what is left after a place must not begin
# with one, or the "place" was the trade name itself (昌江材料科技: 昌江 is a county too).
_GENERIC_START = (
    "科技", "材料", "新材料", "新能源", "能源", "电子", "智能", "实业", "精密", "装备", "化工",
    "生物", "医药", "集团", "控股", "投资", "发展", "建设", "产业", "工业", "制造", "有限",
    "股份", "公司", "项目", "基地", "产业园", "园区", "新区", "开发区", "经开区", "高新区",
)  # fmt: skip


def _inside(inner: tuple[Place, ...], outer: tuple[Place, ...]) -> bool:
    return any(compatible(a.code, b.code) for a in inner for b in outer)


def strip_places(text: str) -> tuple[str, list[tuple[Place, ...]]]:
    """Remove leading place names (安徽池州华勤 → 华勤) and return what they named.

    Each further place must lie inside the previous one, and what remains must not
    start with a generic word; otherwise the place name belongs to the trade name.
    """
    named: list[tuple[Place, ...]] = []
    while True:
        found = leading_place(text)
        if found is None:
            return text, named
        prefix, places = found
        rest = text[len(prefix) :]
        if rest.startswith(_GENERIC_START) or (named and not _inside(places, named[-1])):
            return text, named
        text = rest
        named.append(places)


@lru_cache(maxsize=262144)
def company_name(written: str) -> CompanyName:
    """Key and stated places of a company name: 华勤技术(合肥)有限公司 → 华勤技术, 合肥市."""
    text = clean(written)
    named: list[tuple[Place, ...]] = []
    for inner in _BRACKETED.findall(text):
        found = places_named(inner)
        if found:
            named.append(found)
    text = _BRACKETED.sub("", text)
    text = _BRANCH.sub("", text)
    legal = False
    for _ in range(3):
        shorter = _LEGAL_TAIL.sub("", text)
        if shorter == text or len(shorter) < 2:
            break
        legal, text = True, shorter
    text, prefixes = strip_places(text)
    return CompanyName(written, text, legal, _most_specific(prefixes + named))


def _most_specific(named: list[tuple[Place, ...]]) -> tuple[Place, ...]:
    """The unambiguous places among ``named``, ordered province → county."""
    unique = [places[0] for places in named if len(places) == 1]
    return tuple(sorted(set(unique), key=lambda p: (len(p.code.rstrip("0")), p.code)))


def block_of(key: str) -> str:
    """The block a key belongs to: its first characters (every fact is in exactly one)."""
    return key[:BLOCK_LENGTH] or "~"


_CAPACITY = re.compile(
    r"(?:年产|年加工|年处理|年回收|年出栏|年屠宰|年吞吐|年存栏|产能|日产|月产)(?:能力)?(?:约|达|超|近)?"
    r"[0-9.,一二三四五六七八九十百千万亿两〇零]+(?:万|亿|千|百)?"
    r"(?:吨|台|套|件|辆|片|只|条|颗|块|平方米|平米|立方米|方|头|羽|gwh|mwh|gw|mw|kw|kwh|千瓦|瓦|"
    r"张|支|部|组|个|米|公里|千米|升|箱|双|副|根|粒|瓶|盒|吨/年)?"
)
_PHASE = re.compile(r"[(（]?第?([一二三四五六七八九十1-9])期[)）]?")
_PHASE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GENERIC_TAIL = re.compile(
    r"(?:项目|工程|建设|新建|生产基地|基地|产业园|生产线|产线|智能制造|制造|生产|产业化|及配套|"
    r"配套|总部|暨)$"
)
# A legal form left at the front once a place and the owner's short name are gone
# (甘肃锐能新材料有限公司三元前驱体项目 → 有限公司三元前驱体): never part of a project's name.
_GENERIC_HEAD = re.compile(
    r"^(?:(?:股份)?有限(?:责任)?公司|集团(?:股份)?(?:有限公司)?|新建|建设|投资建设|投资|实施|年产)"
)
# Words that make a project of the same product a different investment.
DISTINCT_MARKERS = ("扩建", "技改", "改造", "技术改造", "迁建", "搬迁", "升级")


@dataclass(frozen=True)
class ProjectName:
    """A project name taken apart."""

    key: str
    phase: int | None  # 1 for 一期, 2 for 二期; None when the name states no phase
    capacity: str | None
    places: tuple[Place, ...]


@lru_cache(maxsize=262144)
def project_name(written: str, owner_names: tuple[str, ...] = ()) -> ProjectName:
    """Key, phase and capacity of a project name; ``owner_names`` are removed from it.

    Cached, as the other name functions: the same names recur in every re-resolved block.
    """
    text = clean(written)
    capacity_match = _CAPACITY.search(text)
    capacity = capacity_match.group(0) if capacity_match else None
    text = _CAPACITY.sub("", text)
    phase: int | None = None
    phase_match = _PHASE.search(text)
    if phase_match:
        digit = phase_match.group(1)
        phase = int(digit) if digit.isdigit() else _PHASE_NUMBERS.get(digit, 1)
        text = _PHASE.sub("", text)
    text = _BRACKETED.sub("", text)
    text, named = strip_places(text)
    text = _strip_owner(text, owner_names)
    text, more = strip_places(text)
    for _ in range(4):
        shorter = _GENERIC_HEAD.sub("", _GENERIC_TAIL.sub("", text))
        if shorter == text:
            break
        text = shorter
    return ProjectName(
        key=text,
        phase=phase,
        capacity=normalise_capacity(capacity),
        places=_most_specific(named + more),
    )


def _strip_owner(text: str, owner_names: tuple[str, ...]) -> str:
    """Remove the owner's name from the front: one of its names, else the longest start
    that abbreviates one (晋兴能化 of 晋兴能源化工: its characters in order, same first two)."""
    owners = sorted({clean(n) for n in owner_names if len(clean(n)) >= 2}, key=len, reverse=True)
    for owner in owners:
        if text.startswith(owner):
            return text[len(owner) :]
    best = 0
    for owner in owners:
        if text[:2] != owner[:2]:
            continue
        length = 2
        while length < len(text) and _subsequence(text[: length + 1], owner):
            length += 1
        best = max(best, length)
    return text[best:]


def _subsequence(short: str, long: str) -> bool:
    found = iter(long)
    return all(char in found for char in short)


@lru_cache(maxsize=262144)
def name_core(written: str) -> str:
    """A project name without capacity, phase, brackets, leading places and verbs: the
    part that starts with its owner's name when the name has one (池州华勤笔记本 → 华勤笔记本)."""
    text = _BRACKETED.sub("", _PHASE.sub("", _CAPACITY.sub("", clean(written))))
    text, _ = strip_places(text)
    text, _ = strip_places(_GENERIC_HEAD.sub("", text))
    return _GENERIC_HEAD.sub("", text)


def normalise_capacity(capacity: str | None) -> str | None:
    """年产10万吨 and 10万吨/年 compare equal: keep the number and unit only."""
    if not capacity:
        return None
    text = clean(capacity)
    text = re.sub(
        r"^(?:年产|年加工|年处理|年回收|年出栏|年屠宰|年吞吐|年存栏|产能|日产|月产)", "", text
    )
    text = re.sub(r"^(?:能力)?(?:约|达|超|近)?", "", text)
    return text.replace("/年", "") or None


def markers(key: str) -> frozenset[str]:
    return frozenset(word for word in DISTINCT_MARKERS if word in key)
