"""Chinese administrative divisions with their 6-digit codes, and a fast matcher over them.

The data is the division list shipped inside the ``jionlp`` package
(``dictionary/china_location.txt``, or the same name inside ``china_location.zip``).
It is read as a plain file: importing jionlp prints a banner and pulls in a GPL
segmenter, and we need neither. The gazetteer is built once per process, on first
use (``load_gazetteer``), never at import.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

import ahocorasick_rs

DivisionLevel = Literal["province", "city", "county", "zone"]
NameKind = Literal["full", "short", "old"]

_DATA_NAME = "china_location.txt"
_CHANGE_NAME = "china_location_change.txt"
_WORDS_NAME = "chinese_word_dictionary.txt"  # a general dictionary: tells ordinary words
# A dictionary sense that is the place itself (吴江: 县名。属江苏省) does not make it a word.
_PLACE_SENSE = re.compile(r"[县市省州都郡城]名|属.{1,4}省|在.{1,6}省")

# Suffixes that make a full name out of a short form: 萍乡 + 市, 青阳 + 县.
ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)

# Short forms that are ordinary words or generic district names (城区 of many
# cities): never read them as places on their own.
_GENERIC_SHORT_GROUPS = (
    "城区 郊区 矿区 新区 东区 西区 南区 北区 中区 市中 市区 城关",  # district names of many cities
    "新城 老城 城中 城东 城西 城南 城北 河东 河西 江北 江南 江东 市北 市南 高新 经开 开发",
    "白云 向阳 长安 和平 新华 友谊 前进 建设 东风 红旗 胜利 光明 解放 东方 永安 太平 新市",
    "南山 北山 东山 西山 中原 华南 西南 东北 华北 铁山 铁西 铁东 清河 海港 平安 安定 新兴",
    "永定 宝山 龙门 龙华 青山 金山 长寿 新建 吉利 大通 合作 老城 城区 新城",  # ordinary words too
)
_GENERIC_SHORT = frozenset(word for group in _GENERIC_SHORT_GROUPS for word in group.split())
# Short forms of cities that are everyday words in news (各位来宾, 日照时间, 白银价格,
# 文山会海), names of rivers and mountains, or parts of famous names: read as the
# city only with support.
_COMMON_CITY_WORDS = frozenset(
    {"来宾", "日照", "白银", "河源", "中卫", "海北", "山南", "海西", "玉树", "文山", "红河", "怒江"}
    | {"朝阳", "安康", "长治", "中山", "阿里", "和田"}  # 朝阳产业, 长治久安, 孙中山, 阿里巴巴
)
# Zone entries in the data carry generic aliases (经开区, 高新区): only their full
# names are usable, and only when long enough to be specific.
_ZONE_WORDS = ("开发区", "高新区", "经开区", "园区", "新区", "合作区", "试验区", "保税区", "片区")


@dataclass(frozen=True)
class Division:
    """One administrative division (or state zone) with its place in the hierarchy."""

    name: str  # canonical full name, e.g. 青阳县
    short: str  # short form, e.g. 青阳
    code: str  # 6-digit code; zones carry the code of their city
    level: DivisionLevel
    province: str | None
    city: str | None
    province_code: str | None
    city_code: str | None


class NameMatch(NamedTuple):
    """A gazetteer name found in a text (a named tuple: one is built per match, and a
    frozen dataclass costs several times as much to build)."""

    start: int
    end: int
    surface: str
    kind: NameKind
    candidates: tuple[Division, ...]


class Gazetteer:
    """Divisions indexed by code and by name, with an Aho-Corasick matcher over the names."""

    def __init__(
        self,
        divisions: list[Division],
        old_names: dict[str, Division],
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.divisions = divisions
        self._common_words = common_words
        self._by_code = {d.code: d for d in divisions if d.level != "zone"}
        entries: dict[str, list[tuple[Division, NameKind]]] = {}
        for d in divisions:
            if d.name not in _GENERIC_SHORT:  # 城区, 郊区 name a district of many cities
                entries.setdefault(d.name, []).append((d, "full"))
            for variant in _name_variants(d):
                entries.setdefault(variant, []).append((d, "full"))
            if d.level == "zone":
                continue
            for short in {d.short, _without_suffix(d.name)}:
                if short != d.name and _usable_short(short):
                    entries.setdefault(short, []).append((d, "short"))
        for old, d in old_names.items():
            if old not in entries:
                entries[old] = [(d, "old")]
        self._patterns = list(entries)
        self._index = {p: i for i, p in enumerate(self._patterns)}
        self._entries = [_prefer_full(entries[p]) for p in self._patterns]
        # What a match of each pattern yields, built once: find() runs on every document.
        self._readings = [(e[0][1], tuple(d for d, _ in e)) for e in self._entries]
        self._automaton = ahocorasick_rs.AhoCorasick(
            self._patterns, matchkind=ahocorasick_rs.MatchKind.Standard
        )

    def lookup(self, name: str) -> list[Division]:
        """Divisions a name can refer to: full names, short forms, old names."""
        pattern_index = self._index.get(name)
        if pattern_index is None:
            return []
        return [d for d, _ in self._entries[pattern_index]]

    def is_common_word(self, name: str) -> bool:
        """Whether a short form is also an ordinary word (青阳 'spring', 中山 …)."""
        return name in self._common_words or name in _COMMON_CITY_WORDS

    def is_generic_name(self, name: str) -> bool:
        """Whether a full name is also a common phrase (老城区, 新城区, 和平区)."""
        return _without_suffix(name) in _GENERIC_SHORT

    def by_code(self, code: str) -> Division | None:
        return self._by_code.get(code)

    def find(self, text: str) -> list[NameMatch]:
        """Every (possibly overlapping) gazetteer name in ``text``."""
        readings = self._readings
        out: list[NameMatch] = []
        for pattern_index, start, end in self._automaton.find_matches_as_indexes(
            text, overlapping=True
        ):
            kind, candidates = readings[pattern_index]
            out.append(NameMatch(start, end, text[start:end], kind, candidates))
        return out


def _name_variants(d: Division) -> list[str]:
    """Customary shortened full names: 阿坝州, 峨山县, 内蒙古自治区 stays as is."""
    if d.level == "zone" or d.short == d.name:
        return []
    for long_suffix, short_suffix in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if d.name.endswith(long_suffix) and len(d.short) >= 2:
            return [d.short + short_suffix]
    return []


def _without_suffix(name: str) -> str:
    """南沙区 → 南沙. jionlp gives an ambiguous short form to one division only (南沙 to
    三沙's, not Guangzhou's); the stripped name restores the other readings, and the
    article's context chooses between them. Names of peoples stay (阿坝藏族羌族自治州)."""
    if "族" in name:
        return name
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _usable_short(short: str) -> bool:
    return len(short) >= 2 and short not in _GENERIC_SHORT and not short.endswith(_ZONE_WORDS)


def _prefer_full(entries: list[tuple[Division, NameKind]]) -> list[tuple[Division, NameKind]]:
    """Full-name readings first: 吉林市 the full name beats a short form elsewhere."""
    full = [e for e in entries if e[1] == "full"]
    return full or entries


def _is_zone(name: str, code: str) -> bool:
    # Zones hold the 7x block of county codes (340172); some older ones only show it by name.
    return code[4] == "7" or name.endswith(("开发区", "高新区", "经开区"))


def _data_lines(folder: Path, name: str) -> list[str]:
    path = folder / name
    if path.is_file():
        return path.read_text(encoding="utf-8").splitlines()
    archive = folder / name.replace(".txt", ".zip")
    if archive.is_file():
        with zipfile.ZipFile(archive) as zf:
            return zf.read(name).decode("utf-8").splitlines()
    raise FileNotFoundError(f"gazetteer data {name} not found in {folder} (is jionlp installed?)")


def _jionlp_dictionary() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the jionlp package (source of the division data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


def parse_divisions(lines: list[str]) -> list[Division]:
    """Read jionlp's tab-indented list: province, then cities (1 tab), then counties (2 tabs)."""
    divisions: list[Division] = []
    province: Division | None = None
    city: Division | None = None
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2 or not line.strip():
            continue  # towns and villages
        fields = line.strip("\t").split("\t")
        if len(fields) < 2 or not fields[1].isdigit():
            continue  # entries without a code (Taiwan) cannot be resolved
        name, code = fields[0], fields[1]
        short = fields[2] if len(fields) > 2 and fields[2] else name
        if depth == 0:
            province = Division(name, short, code, "province", name, None, code, None)
            city = None
            divisions.append(province)
        elif depth == 1 and province is not None:
            if code == province.code:  # municipality: 上海市 is its own city
                city = province
                continue
            city = Division(name, short, code, "city", province.name, name, province.code, code)
            divisions.append(city)
        elif depth == 2 and province is not None and city is not None:
            zone = _is_zone(name, code)
            divisions.append(
                Division(
                    name,
                    short,
                    city.code if zone else code,
                    "zone" if zone else "county",
                    province.name,
                    city.name,
                    province.code,
                    city.code,
                )
            )
    return divisions


def parse_old_names(lines: list[str], divisions: list[Division]) -> dict[str, Division]:
    """Old names (襄樊 → 襄阳市) from jionlp's change list, mapped to today's division."""
    by_path = {(d.province, d.city if d.level == "county" else None, d.name): d for d in divisions}
    old: dict[str, Division] = {}
    for line in lines:
        if "=>" not in line:
            continue
        before, after = line.split("=>", 1)
        old_fields = before.split("\t")[2:]
        new_fields = after.split("\t")
        if len(old_fields) < 4 or len(new_fields) < 2:
            continue
        new_province, new_rest = new_fields[0], new_fields[1:]
        key = (new_province, new_rest[0] if len(new_rest) > 1 else None, new_rest[-1])
        target = by_path.get(key)
        if target is None:
            continue
        # old_fields: province, province short, city, city short[, county, county short]
        old_name, old_short = old_fields[-2], old_fields[-1]
        for name in (old_name, old_short):
            # old district names (南郊区, 城区) were reused in many cities
            if len(name) >= 2 and name not in _GENERIC_SHORT and not name.endswith("区"):
                old.setdefault(name, target)
    return old


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use from jionlp's data files."""
    folder = _jionlp_dictionary()
    divisions = parse_divisions(_data_lines(folder, _DATA_NAME))
    try:
        changes = (folder / _CHANGE_NAME).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        changes = []
    shorts = {d.short for d in divisions if d.level == "county"}
    try:
        words = _data_lines(folder, _WORDS_NAME)
    except FileNotFoundError:
        words = []
    common = frozenset(
        word
        for word, _, sense in (line.partition("\t") for line in words)
        if word in shorts and not _PLACE_SENSE.search(sense[:40])
    )
    return Gazetteer(divisions, parse_old_names(changes, divisions), common)
