"""Promotion events: kinds, names, dates, places, deal counts and amounts."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.extract.events import deal_count, distinct_events, event_name
from chainatlas.extract.model import EventMention
from chainatlas.extract.pipeline import Extractor

_STAGES = ["companies", "regions", "amounts", "events"]


def events(text: str, published: date | None = date(2024, 5, 10)) -> list[EventMention]:
    return Extractor(_STAGES).extract_normalised(text, published).events


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("3月8日,青阳县新材料产业专题推介会在苏州举行。", "promotion_conference"),
        ("4月2日,全市重大项目集中签约仪式举行,12个项目签约。", "signing"),
        ("3月20日,全县第一批15个项目集中开工。", "groundbreaking"),
        ("2月1日,全市项目观摩活动走进湘东区。", "inspection"),
        ("6月5日,市委书记带队赴南通开展招商活动。", "trip"),
    ],
)
def test_event_kinds(text: str, kind: str) -> None:
    assert [e.kind for e in events(text)] == [kind]


def test_event_facts_from_its_sentence() -> None:
    text = "4月2日,在萍乡市举行的重大项目集中签约仪式上,12个项目集中签约,签约金额达86亿元。"
    [event] = events(text)
    assert event.kind == "signing"
    assert event.date == "2024-04-02"
    assert event.place == "萍乡市"
    assert event.deals == 12
    assert event.amount_cny == pytest.approx(8.6e9)


def test_trip_destination_is_the_place() -> None:
    [event] = events("6月5日,金昌市委书记带队前往宝鸡开展精准招商。")
    assert event.kind == "trip"
    assert event.place == "宝鸡市"


@pytest.mark.parametrize(
    "text",
    [
        "全县将举办推介会,吸引客商。",  # a plan
        "我们坚持以商招商、精准招商。",  # a habit: no trip goes anywhere
    ],
)
def test_plans_and_habits_are_not_events(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("16个项目集中签约", 16),
        ("现场签约项目共33个", 33),
        ("十二个项目集中开工", 12),
        ("活动气氛热烈", None),
    ],
)
def test_deal_count(text: str, count: int | None) -> None:
    assert deal_count(text) == count


def test_event_name_is_the_phrase_the_trigger_ends() -> None:
    text = "当天,青阳县镁铝产业专题推介会在佛山举行"
    start = text.index("推介会")
    assert event_name(text, start, start + 3) == "青阳县镁铝产业专题推介会"


def test_one_event_per_kind_and_date() -> None:
    dated = EventMention(kind="inspection", name="项目观摩", date="2024-02-01")
    again = EventMention(kind="inspection", name="观摩团", date=None)
    other = EventMention(kind="signing", name="集中签约", date=None)
    assert distinct_events([dated, again, other]) == [dated, other]
