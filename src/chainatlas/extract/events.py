"""Investment-promotion events: 推介会, 签约仪式/集中签约, 集中开工, 项目观摩, 招商考察.

An event is found from its trigger word in a sentence; its name is the phrase
the trigger ends (青阳县(苏州)镁铝轻合金材料产业专项推介会), and the rest is
read from the same sentence: the date, the place (在X举行, 赴X), the organising
region, the firms met, the number of deals and the amount.
"""

from __future__ import annotations

import re

from chainatlas.extract import namewords
from chainatlas.extract.base import ExtractionContext, Sentence, register_stage
from chainatlas.extract.dates import find_dates
from chainatlas.extract.model import EventKind, EventMention, RegionMention
from chainatlas.extract.regions import main_region

# trigger → kind; longer triggers first in the pattern
_TRIGGERS: dict[str, EventKind] = {
    "推介会": "promotion_conference",
    "推介大会": "promotion_conference",
    "招商推介": "promotion_conference",
    "招商会": "promotion_conference",
    "投资洽谈会": "promotion_conference",
    "招商引资大会": "promotion_conference",
    "投资大会": "promotion_conference",
    "签约仪式": "signing",
    "集中签约": "signing",
    "签约大会": "signing",
    "签约会": "signing",
    "集中开工": "groundbreaking",
    "开工仪式": "groundbreaking",
    "开工奠基仪式": "groundbreaking",
    "奠基仪式": "groundbreaking",
    "项目观摩": "inspection",
    "观摩活动": "inspection",
    "观摩团": "inspection",
    "招商考察": "trip",
    "精准招商": "trip",
    "开展招商": "trip",
    "招商活动": "trip",
}
_TRIGGER = re.compile("|".join(sorted(map(re.escape, _TRIGGERS), key=len, reverse=True)))
_NAME_START = re.compile(r"[，,。；;：:、“”\"（(）)\n]|举行|举办|召开|在|的|了")
_DEALS = re.compile(
    r"([0-9]+|[一二三四五六七八九十两]+)个(?:[^，,。；]{0,12}?)项目[^，,。；]{0,6}?(?:签约|开工)"
    r"|(?:签约|开工)(?:[^，,。；]{0,6}?)项目(?:共)?([0-9]+)个"
    r"|签约([0-9]+|[一二三四五六七八九十两]+)个(?:项目)?"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_TRIP_DESTINATION = re.compile(r"(?:赴|前往|到|奔赴|走进)([^，,。；开]{2,16})")
_HELD_AT = re.compile(r"在([^，,。；]{2,20}?)(?:举行|举办|召开|开幕)")


# Precompiled: re's module functions pay a cache lookup on every call.
_PLAN_OR_HABIT = re.compile(r"将|拟|计划|准备|要|每年|定期|多次|积极|大力|持续")


@register_stage("events")
class EventStage:
    """Finds promotion events, one per distinct name and date."""

    name = "events"

    def __call__(self, context: ExtractionContext) -> None:
        # only sentences holding a trigger word are read (one pass over the whole text)
        sentences = {context.sentence_at(m.start()) for m in _TRIGGER.finditer(context.text)}
        ordered = sorted(sentences, key=lambda s: s.start)
        found = [e for sentence in ordered for e in events_in(context, sentence)]
        context.result.events.extend(distinct_events(found))


def distinct_events(events: list[EventMention]) -> list[EventMention]:
    """One event per kind and date; an undated mention only when its kind has no other."""
    dated = {(e.kind, e.date) for e in events if e.date}
    kinds_dated = {kind for kind, _ in dated}
    seen: set[tuple[str, str | None]] = set()
    out: list[EventMention] = []
    for e in events:
        key = (e.kind, e.date)
        if key in seen or (e.date is None and e.kind in kinds_dated):
            continue
        seen.add(key)
        out.append(e)
    return out


def events_in(context: ExtractionContext, sentence: Sentence) -> list[EventMention]:
    """The events a sentence reports (at most one per kind)."""
    out: list[EventMention] = []
    kinds: set[EventKind] = set()
    for m in _TRIGGER.finditer(sentence.text):
        kind = _TRIGGERS[m.group(0)]
        if kind in kinds or _future_or_generic(sentence.text, m.start()):
            continue
        if kind == "trip" and not _TRIP_DESTINATION.search(sentence.text):
            continue  # a trip goes somewhere: 赴南通开展招商活动
        kinds.add(kind)
        start = sentence.start + m.start()
        end = sentence.start + m.end()
        out.append(
            EventMention(
                kind=kind,
                name=event_name(sentence.text, m.start(), m.end()),
                date=_date(context, sentence, m.start()),
                place=_place(context, sentence, kind),
                organiser=_organiser(context, sentence),
                counterparties=_firms(context, sentence),
                deals=deal_count(sentence.text),
                amount_cny=_amount(context, sentence),
                evidence=context.evidence(start, end),
            )
        )
    return out


def _future_or_generic(text: str, index: int) -> bool:
    """Plans and habits are no events: 将举办推介会, 多次开展招商活动, 以商招商."""
    before = text[max(0, index - 8) : index]
    return bool(_PLAN_OR_HABIT.search(before))


def event_name(text: str, start: int, end: int) -> str:
    """The phrase the trigger ends, back to a clause edge or 在/举行 (trigger alone if none)."""
    lo = max(0, start - 40)
    edges = [m.end() for m in _NAME_START.finditer(text, lo, start)]
    begin = edges[-1] if edges else lo
    name = text[begin:end].strip()
    if len(name) > 45:
        return text[start:end]
    words = namewords.tag(name[: len(name) - (end - start)])
    for word, tag in words:  # 让观摩团, 组成…小分队: leading verbs and pronouns are no name
        if tag[:1] not in ("v", "p", "r", "d", "c") and word not in ("从", "到", "此次", "本次"):
            break
        name = name[len(word) :]
    return name or text[start:end]


def deal_count(text: str) -> int | None:
    """The number of projects signed or started: 16个项目集中签约, 签约项目34个."""
    m = _DEALS.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    if raw.isdigit():
        return int(raw)
    return _chinese_count(raw)


def _chinese_count(raw: str) -> int | None:
    if raw == "十":
        return 10
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if raw.endswith("十"):
        return _CN_DIGITS.get(raw[0], 0) * 10
    if "十" in raw:
        tens, ones = raw.split("十", 1)
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(raw)


def _date(context: ExtractionContext, sentence: Sentence, index: int) -> str | None:
    """The last date written before the trigger in its sentence, else the first after it."""
    found = find_dates(sentence.text, context.published)
    before = [value for s, _, value in found if s < index]
    if before:
        return max(before, key=len)  # 3月20日,2020年第一批…: the day, not the year
    return found[0][2] if found else None


def _regions_in(context: ExtractionContext, lo: int, hi: int) -> list[tuple[int, RegionMention]]:
    out = [(e.start, r) for r in context.result.regions for e in r.evidence if lo <= e.start < hi]
    return sorted(out, key=lambda pair: pair[0])


def _place(context: ExtractionContext, sentence: Sentence, kind: EventKind) -> str | None:
    """Where it happened: the destination of a trip, or the place after 在…举行."""
    pattern = _TRIP_DESTINATION if kind == "trip" else _HELD_AT
    m = pattern.search(sentence.text)
    if m:
        inside = _regions_in(context, sentence.start + m.start(1), sentence.start + m.end(1))
        if inside:
            return inside[-1][1].name
        return m.group(1)
    regions = _regions_in(context, sentence.start, sentence.end)
    return regions[0][1].name if regions and kind != "trip" else None


def _organiser(context: ExtractionContext, sentence: Sentence) -> str | None:
    """The region that acts: the first region of the sentence, else the document's main one."""
    regions = _regions_in(context, sentence.start, sentence.end)
    if regions:
        return regions[0][1].name
    found = main_region(context.result)
    return found.name if found else None


def _firms(context: ExtractionContext, sentence: Sentence) -> list[str]:
    names = [
        c.name
        for c in context.result.companies
        if any(sentence.start <= e.start < sentence.end for e in c.evidence)
    ]
    return list(dict.fromkeys(names))


def _amount(context: ExtractionContext, sentence: Sentence) -> float | None:
    """The sentence's signed or invested total (签约金额94.8亿元, 总投资50多亿元)."""
    for a in context.result.amounts:
        ev = a.evidence
        inside = ev is not None and sentence.start <= ev.start < sentence.end
        if inside and a.role in ("signed_amount", "total_investment"):
            return a.value_cny
    return None
