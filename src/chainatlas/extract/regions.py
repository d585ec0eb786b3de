"""Region mentions: administrative divisions and state zones named in a text, resolved to codes.

Names are found with the gazetteer's Aho-Corasick matcher, overlapping, then read
as one non-overlapping set (longest first, full names before short forms:
投资兴县 is 兴县, not 资兴). A name is dropped when it is part of another word
(天台山, 中南大学), of a news outlet (四川新闻网), of a dateline, or of a company
name: 甘肃 in 甘肃锐能新材料有限公司 says where the firm is registered, not where
the reported activity happens (the benchmark GUIDE's rule). Places named only in
a list of examples (承接广东、武汉等地产业转移) are not where activity happens.

Ambiguous names are resolved by what the rest of the article supports: 金川 in a
story about 金昌 is 金川区, a bare 西安 is the prefecture city. County short forms,
glued two-character names and everyday words (青阳, 钢城, 东海) need their own
city or the county itself named elsewhere. Zones (经开区, 高新区, 新区) are kept
when they follow a prefecture city or a province-level city; a county's own zone
counts as the county.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from chainatlas.extract.base import ExtractionContext, register_stage
from chainatlas.extract.gazetteer import Division, Gazetteer, NameMatch, load_gazetteer
from chainatlas.extract.model import Extraction, RegionMention

# After a name, these make it part of another word or a landmark.
_PART_OF_WORD_AFTER = re.compile(
    r"路|街|大道|大街|大学|学院|师范|理工|职业技术|籍|人民广播|北站|南站|东站|西站|平原|盆地"
    r"|时间|证券交易所|证券报|期货交易所|交易所"
    r"|\d{1,2}月\d{1,2}日[电讯]|[电讯][（(]"  # a dateline: 新华社成都11月22日电
)
_SHORT_PART_OF_WORD_AFTER = re.compile(r"[山路街湖河江桥港站寺镇乡村岛湾峰岭洞寨口]")
_OUTLET_AFTER = re.compile(
    r"日报|晚报|晨报|商报|都市报|新闻|频道|电视台|广播|广电|融媒|卫视|客户端|手机台"
    r"|网(?=$|[\s，。、：:）)」”|]|讯|报道|记者|消息|>)"  # 云南网讯, not 网格化
)
# Outlet words that are also verbs (萍乡市发布政策): only after a bare short form.
_SHORT_OUTLET_AFTER = re.compile(r"发布(?!了|会)|头条|在线|观察(?!团)")
# A company tail after a name: 湖北禾阳食品有限公司, 江苏三友集团. The gap may not
# contain words that end a name (和, 的, 委 …): 金昌市委和金川集团 is not one company.
_COMPANY_TAIL = re.compile(
    r"(?:[^\s，。、；：:,;！？“”\"'（）()和与及同跟的在是为向对委府局厅办会]"
    r"[^\s，。、；：:,;！？“”\"'（）()与及同跟的在是为向对委府局厅办会]{0,11}?)?"
    r"(?:股份有限公司|有限责任公司|有限公司|分公司|集团|股份公司|公司)"
)
_RIVER_BEFORE = frozenset({"黄河", "淮河", "运河", "银河", "界河", "沿河", "江河", "洞庭湖"})
# Characters after which a name starts cleanly: prepositions, conjunctions, parents.
_BOUNDARY_BEFORE = set("在于到赴与和及的是为从由至向对将把了省市州县区同跟往去经")
_LIST_JOINER = re.compile(r"[、和及]|以及")
# The end of a list of examples, possibly after an item that is not a division: 、粤港澳等.
_LIST_END = re.compile(r"(?:、[\u4e00-\u9fff]{1,4})?等(?!级)")
# Places a distance is measured from are landmarks, not where activity happens.
_DISTANCE_BEFORE = re.compile(r"(?:距|距离|离|毗邻|邻近|紧邻|靠近)$")
_PARTY_BREAK = re.compile(r"[区县市省州旗盟](?:和|与|及)")
_ZONE_AFTER = re.compile(
    r"市?(?:国家级)?(?:(?P<infix>[\u4e00-\u9fff]{2})?"  # a zone's own name: 武汉东湖高新区
    r"(?P<suffix>经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|经开区|高新区)"
    r"|(?P<plain>开发区)"
    r"|(?P<area>[\u4e00-\u9fff]{2}新区))"  # state new areas: 重庆两江新区
)
_NOT_IN_ZONE_NAME = re.compile(r"[市区县省州旗镇乡村的和与及在]")
_BARE_ZONE = re.compile(r"(经济技术开发区|高新技术产业开发区|经开区|高新区)")
_BEFORE_BARE_ZONE = set("在的和与及到至从为是了对由向将把、，。“”：:；\n ")
# Zone names are given in their long form: 经开区 → 经济技术开发区.
_ZONE_LONG_FORM = {
    "经开区": "经济技术开发区",
    "高新区": "高新技术产业开发区",
    "高新技术开发区": "高新技术产业开发区",
}
# For a bare short form: the province (吉林), then the city (西安), then a county.
_BARE_LEVEL_BONUS = {"province": 0.6, "city": 0.5}
_LOOK_BACK = 4  # region names checked before a fact, nearest first
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3}


@dataclass
class _Reading:
    """One accepted name occurrence and the divisions it may mean."""

    start: int
    end: int
    surface: str
    candidates: tuple[Division, ...]
    short: bool  # a short form: a county read this way needs support from the article
    weak: bool  # a short form that is also an ordinary word: needs support at any level
    in_company: bool
    chosen: Division | None = None
    zone_infix: str = ""
    zone_suffix: str | None = None
    zone_end: int = 0
    evidence: list[tuple[int, int]] = field(default_factory=list)


@register_stage("regions")
class RegionStage:
    """Adds one RegionMention per distinct region (with all its evidence) to the result."""

    name = "regions"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()

    def __call__(self, context: ExtractionContext) -> None:
        readings = self._readings(context)
        _resolve(readings)
        main = _main_division(readings)
        examples = _example_only(context.text, readings)
        mentions: dict[str, RegionMention] = {}
        for r in readings:
            division = r.chosen
            if division is None or division.code in examples:
                continue
            if r.in_company:
                continue
            _add(mentions, context, division.name, division, r.surface, r.start, r.end)
            if r.zone_suffix and division.level in ("city", "province"):
                zone_name = _zone_name(division, r.zone_infix + r.zone_suffix)
                _add_zone(mentions, context, zone_name, division, r.start, r.zone_end)
        if main is not None and main.level in ("city", "province"):
            masked = SpanSet(context.masked)
            for m in _BARE_ZONE.finditer(context.text):
                before = context.text[m.start() - 1] if m.start() else " "
                if before in _BEFORE_BARE_ZONE and not masked.overlaps(m.start(), m.end()):
                    zone_name = _zone_name(main, m.group(1))
                    _add_zone(mentions, context, zone_name, main, m.start(), m.end())
        _merge_generic_zones(mentions)
        context.result.regions.extend(mentions.values())

    def _readings(self, context: ExtractionContext) -> list[_Reading]:
        text = context.text
        company_spans = SpanSet(
            [(e.start, e.end) for c in context.result.companies for e in c.evidence]
        )
        masked = SpanSet(context.masked)
        taken = bytearray(len(text))
        readings: list[_Reading] = []
        found = self.gazetteer.find(text)
        name_starts = {m.start for m in found}
        matches = sorted(found, key=lambda m: (-(m.end - m.start), m.kind != "full", m.start))
        for match in matches:
            if any(taken[match.start : match.end]):
                continue
            acceptable = self._acceptable(text, match, match.end in name_starts)
            if not acceptable or masked.overlaps(match.start, match.end):
                continue
            taken[match.start : match.end] = b"\x01" * (match.end - match.start)
            in_company = company_spans.strictly_contains(
                match.start, match.end
            ) or _company_follows(text, match.end)
            short = (
                match.kind != "full"
                or _glued_two_char_name(text, match)
                or self.gazetteer.is_generic_name(match.surface)
            )
            weak = match.kind != "full" and self.gazetteer.is_common_word(match.surface)
            reading = _Reading(
                match.start, match.end, match.surface, match.candidates, short, weak, in_company
            )
            zone = _ZONE_AFTER.match(text, match.end)
            if zone and not in_company:
                infix = zone.group("infix") or ""
                area = zone.group("area")
                if area and (
                    _NOT_IN_ZONE_NAME.search(area[:2])
                    or self.gazetteer.lookup(area)
                    or self.gazetteer.lookup(area[:2])
                ):
                    pass  # 天津滨海新区, 广州南沙新区: the new area is a district read on its own
                elif not _NOT_IN_ZONE_NAME.search(infix):
                    reading.zone_infix = infix
                    reading.zone_suffix = zone.group("suffix") or zone.group("plain") or area
                    reading.zone_end = zone.end()
            readings.append(reading)
        readings.sort(key=lambda r: r.start)
        return readings

    def _acceptable(self, text: str, match: NameMatch, name_follows: bool) -> bool:
        if match.start > 0 and text[match.start - 1 : match.start + 1] in _RIVER_BEFORE:
            return False  # 黄河北岸 is not 河北
        if _PART_OF_WORD_AFTER.match(text, match.end) or _OUTLET_AFTER.match(text, match.end):
            return False
        if match.kind != "full" and _SHORT_OUTLET_AFTER.match(text, match.end):
            return False
        # 天台山, 舟山港: a landmark, unless another place name follows (南京江宁, 浙江湖州)
        return not (
            match.kind != "full"
            and not name_follows
            and _SHORT_PART_OF_WORD_AFTER.match(text, match.end)
        )


def _glued_two_char_name(text: str, match: NameMatch) -> bool:
    """新县 in 创新县域, 兴县 in 投资兴县: a two-character county name glued to the word
    before it needs support like a short form does."""
    if match.end - match.start != 2 or match.start == 0:
        return False
    before = text[match.start - 1]
    return "\u4e00" <= before <= "\u9fff" and before not in _BOUNDARY_BEFORE


def _example_only(text: str, readings: list[_Reading]) -> set[str]:
    """Codes of divisions named only in lists of examples (承接广东、武汉等地产业转移)
    or as points of reference for a distance (距长沙、南昌均在两小时车程内)."""
    in_lists: set[int] = set()
    run: list[int] = []
    reference = False  # the current run follows 距/距离/毗邻…
    for i, r in enumerate(readings):
        if run and not _LIST_JOINER.fullmatch(text[readings[run[-1]].end : r.start]):
            run = []
        if not run:
            reference = bool(_DISTANCE_BEFORE.search(text, max(0, r.start - 3), r.start))
        run.append(i)
        if reference:
            in_lists.add(i)
        if _LIST_END.match(text, r.end):
            in_lists.update(run)
            run = []
    named_elsewhere = {
        r.chosen.code for i, r in enumerate(readings) if r.chosen and i not in in_lists
    }
    return {
        r.chosen.code
        for i, r in enumerate(readings)
        if r.chosen and i in in_lists and r.chosen.code not in named_elsewhere
    }


def _company_follows(text: str, end: int) -> bool:
    """A company-name tail right after a place: 湖北禾阳食品有限公司, 浙江蓝城至和建设有限公司."""
    tail = _COMPANY_TAIL.match(text, end)
    # …纳溪区和中青航空集团: a place, then 和, then another party
    return tail is not None and not _PARTY_BREAK.search(tail.group(0))


class SpanSet:
    """A union of text spans, merged, for O(log n) overlap and containment tests
    (a linear scan per match would make long texts with many spans quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [span[0] for span in merged]
        self._ends = [span[1] for span in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start

    def strictly_contains(self, start: int, end: int) -> bool:
        """Inside a longer span: a company alias that is just the place name is the place."""
        i = bisect_right(self._starts, start) - 1
        if i < 0 or self._ends[i] < end:
            return False
        return self._ends[i] - self._starts[i] > end - start


def _resolve(readings: list[_Reading]) -> None:
    """Choose a division for every reading, using what the other readings support.

    Two rounds: first with the unambiguous readings as support, then with every
    reading chosen in the first round (西安 read as 西安市 then supports 阎良)."""
    confident = [
        r.candidates[0]
        for r in readings
        if len(r.candidates) == 1 and _can_support(r, r.candidates[0])
    ]
    _choose(readings, _Support(confident))
    chosen = [r.chosen for r in readings if r.chosen is not None and _can_support(r, r.chosen)]
    _choose(readings, _Support(chosen))


def _can_support(r: _Reading, d: Division) -> bool:
    """Full names and city or province short forms vouch for their parents; county
    short forms and everyday words only receive support."""
    return not r.in_company and not r.weak and (not r.short or d.level in ("province", "city"))


class _Support:
    """How strongly the rest of the article vouches for a division."""

    def __init__(self, divisions: list[Division]) -> None:
        self.codes = Counter(d.code for d in divisions if d.level != "zone")
        self.cities = Counter(d.city_code for d in divisions if d.city_code)
        self.provinces = Counter(d.province_code for d in divisions if d.province_code)

    def of(self, d: Division, with_province: bool) -> float:
        support = 3.0 * bool(self.codes[d.code]) + 2.0 * bool(
            d.city_code and self.cities[d.city_code]
        )
        if with_province:
            support += 1.0 * bool(d.province_code and self.provinces[d.province_code])
        return support


def _choose(readings: list[_Reading], support: _Support) -> None:
    for r in readings:
        best: tuple[float, Division] | None = None
        for d in r.candidates:
            # a county short form (莲花, 通江) or an everyday word (东海, 朝阳) needs its
            # own city named: the province alone is too loose a support for a word
            needs_city = r.weak or (r.short and d.level == "county")
            vouched = support.of(d, with_province=not needs_city)
            if needs_city and vouched == 0:
                continue
            # bare short forms mean the better-known, higher-level place (西安 → 西安市)
            score = vouched + _BARE_LEVEL_BONUS.get(d.level, 0.0)
            if best is None or score > best[0]:
                best = (score, d)
        r.chosen = best[1] if best else None


def _main_division(readings: list[_Reading]) -> Division | None:
    """The article's main region: the most mentioned, preferring a well-supported county."""
    counts: Counter[Division] = Counter()
    for r in readings:
        if r.chosen is not None and not r.in_company:
            counts[r.chosen] += 2 if r.start < 60 else 1  # headlines name the main place
    if not counts:
        return None
    top, top_count = counts.most_common(1)[0]
    for d, n in counts.most_common():
        if d.level in ("county", "zone") and n * 2 >= top_count and _within(d, top):
            return d
    return top


def _within(inner: Division, outer: Division) -> bool:
    return inner.code == outer.code or outer.code in (inner.city_code, inner.province_code)


def _add(
    mentions: dict[str, RegionMention],
    context: ExtractionContext,
    name: str,
    division: Division,
    surface: str,
    start: int,
    end: int,
) -> None:
    mention = mentions.get(name)
    if mention is None:
        mention = RegionMention(
            name=name,
            code=division.code,
            level=division.level,
            province=division.province,
            city=division.city if division.level != "province" else None,
            surface=surface,
        )
        mentions[name] = mention
    mention.evidence.append(context.evidence(start, end))


def _add_zone(
    mentions: dict[str, RegionMention],
    context: ExtractionContext,
    zone_name: str,
    parent: Division,
    start: int,
    end: int,
) -> None:
    mention = mentions.get(zone_name)
    if mention is None:
        mention = RegionMention(
            name=zone_name,
            code=parent.city_code or parent.code,
            level="zone",
            province=parent.province,
            city=parent.city or parent.name,
            surface=context.text[start:end],
        )
        mentions[zone_name] = mention
    mention.evidence.append(context.evidence(start, end))


def _zone_name(city: Division, suffix: str) -> str:
    """萍乡 + 经开区 → 萍乡经济技术开发区; 武汉 + 东湖高新区 → 武汉东湖高新技术产业开发区."""
    for short, long in _ZONE_LONG_FORM.items():
        if suffix.endswith(short):
            return city.short + suffix[: -len(short)] + long
    return city.short + suffix


def _merge_generic_zones(mentions: dict[str, RegionMention]) -> None:
    """金昌开发区 next to 金昌经济技术开发区 is the same zone: keep the specific name."""
    for name in [n for n, m in mentions.items() if m.level == "zone" and n.endswith("开发区")]:
        mention = mentions[name]
        base = name[: -len("开发区")]
        if base.endswith(("技术", "经济", "产业")):
            continue
        specific = [
            m for n, m in mentions.items() if m.level == "zone" and n != name and n.startswith(base)
        ]
        if len(specific) == 1:
            specific[0].evidence.extend(mention.evidence)
            del mentions[name]


def main_region(result: Extraction) -> RegionMention | None:
    """The article's main region: most evidence, then lowest level (county over its city)."""
    if not result.regions:
        return None
    ranked = sorted(
        result.regions,
        key=lambda m: (len(m.evidence), _LEVEL_RANK[m.level] if m.level != "zone" else 1),
        reverse=True,
    )
    top = ranked[0]
    for m in ranked:
        if (
            m.level == "county"
            and len(m.evidence) * 2 >= len(top.evidence)
            and top.name in (m.city, m.province, m.name)
        ):
            return m
    return top


def region_of_span(context: ExtractionContext, start: int) -> RegionMention | None:
    """The region a fact at ``start`` belongs to: nearest region named before it in its
    sentence (county or zone preferred), else in the sentence before, else the main region."""
    index = _last_index[0] if _last_index else None
    if index is None or index.context is not context or index.size != _evidence_count(context):
        index = RegionIndex(context)
        _last_index[:] = [index]  # later stages ask many times about the same document
    return index.region_at(start)


_last_index: list[RegionIndex] = []


def _mention_within(inner: RegionMention, outer: RegionMention) -> bool:
    """Whether ``inner`` lies inside ``outer`` (a city's county, a province's city or zone)."""
    if outer.level == "city":
        return inner.city == outer.name
    return inner.province == outer.name


def _evidence_count(context: ExtractionContext) -> int:
    return sum(len(m.evidence) for m in context.result.regions)


class RegionIndex:
    """Region evidence of one document in text order, for many ``region_at`` look-ups."""

    def __init__(self, context: ExtractionContext) -> None:
        self.context = context
        spans = [(e.start, e.end, m) for m in context.result.regions for e in m.evidence]
        spans.sort(key=lambda span: span[0])
        self._starts = [span[0] for span in spans]
        self._spans = spans
        self.size = len(spans)
        self._sentence_starts = [s.start for s in context.sentences]
        self.main = main_region(context.result)

    def region_at(self, start: int) -> RegionMention | None:
        """The region of a fact at ``start``: the nearest region named before it in its
        sentence, narrowed to a county or zone of that region named in the same sentence
        (池州…项目落户青阳县 → 青阳县); else the nearest in the sentence before; else the
        first region after it in its sentence; else the article's main region."""
        i = bisect_right(self._sentence_starts, start) - 1
        sentence_start = self._sentence_starts[i] if i >= 0 else 0
        sentence_end = self.context.sentences[i].end if i >= 0 else len(self.context.text)
        previous_start = self._sentence_starts[i - 1] if i >= 1 else sentence_start
        before = self._nearest_before(sentence_start, start)
        if before is not None:
            return self._narrowed(before, sentence_start, sentence_end, start)
        previous = self._nearest_before(previous_start, sentence_start)
        if previous is not None:
            return previous
        after = self._first_after(start, sentence_end)
        return after if after is not None else self.main

    def _narrowed(self, region: RegionMention, lo: int, hi: int, start: int) -> RegionMention:
        if region.level not in ("province", "city"):
            return region
        inside = [
            (abs(span_start - start), mention)
            for span_start, _, mention in self._spans[
                bisect_left(self._starts, lo) : bisect_left(self._starts, hi)
            ]
            if mention.level in ("county", "zone") and _mention_within(mention, region)
        ]
        return min(inside, key=lambda item: item[0])[1] if inside else region

    def _first_after(self, lo: int, hi: int) -> RegionMention | None:
        k = bisect_left(self._starts, lo)
        if k < len(self._spans) and self._spans[k][0] < hi:
            return self._spans[k][2]
        return None

    def ends_between(self, lo: int, hi: int) -> list[int]:
        """End offsets of the region names that start in ``[lo, hi)``."""
        first, last = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [self._spans[k][1] for k in range(first, last)]

    def _nearest_before(self, lo: int, hi: int) -> RegionMention | None:
        # the nearest names are the last ones starting before hi; a few suffice
        # (名 after 市: 萍乡市湘东区), and a bounded look-back keeps long texts linear
        first = max(bisect_left(self._starts, lo), bisect_left(self._starts, hi) - _LOOK_BACK)
        best: tuple[int, int, RegionMention] | None = None
        for k in range(first, bisect_left(self._starts, hi)):
            _, end, mention = self._spans[k]
            key = (end, 1 if mention.level in ("county", "zone") else 0, mention)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else None
